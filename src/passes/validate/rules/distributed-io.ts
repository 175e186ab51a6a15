import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { commandParts } from "../../../ir/query/command.js";
import type { Placeholder } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, withoutRepeats } from "../util/distributed.js";

/**
 * A distributed component runs in the training job's pods, not in the step's: nothing downloads its
 * input artifacts there or uploads its outputs from there, so it reads and writes artifacts at their
 * URIs (`x.uri`), never at a local path (`x.path`); and nothing reads a value back from the job, so
 * its outputs are artifacts only.
 */
export const distributedIo: ValidationRule = {
  id: "distributed-io",
  codes: [M.distributedArtifactPath.code, M.distributedParameterOutput.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const { component } of distributedUses(program)) {
      for (const output of component.outputs) {
        if (output.type.kind !== "artifact") out.push(M.distributedParameterOutput.at(output.loc, component.name, output.name));
      }
      const artifacts = new Set([...component.inputs, ...component.outputs].filter((p) => p.type.kind === "artifact").map((p) => p.name));
      for (const p of commandParts([...component.command, ...component.args])) {
        if (p.kind !== "placeholder" || !artifacts.has(p.name)) continue;
        if (isLocal(p)) out.push(M.distributedArtifactPath.at(p.loc, `${p.name}.path`, p.name));
      }
    }
    return withoutRepeats(out);
  },
};

function isLocal(p: Placeholder): boolean {
  return p.ref === "inputPath" || p.ref === "outputPath";
}
