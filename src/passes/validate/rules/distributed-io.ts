import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { commandParts } from "../../../ir/query/command.js";
import { findComponent } from "../../../ir/query/callee.js";
import { walkNodes } from "../../../ir/query/walk.js";
import type { Component, Placeholder, Program } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, withoutRepeats } from "../util/distributed.js";

/**
 * A distributed component runs in the training job's pods, not in the step's: nothing downloads its
 * input artifacts there or uploads its outputs from there, so it reads and writes artifacts at their
 * URIs (`x.uri`), never at a local path (`x.path`); and nothing reads a value back from the job, so
 * a distributed step's outputs are artifacts only (a tune's trials may print metrics: Katib reads them).
 */
export const distributedIo: ValidationRule = {
  id: "distributed-io",
  codes: [M.distributedArtifactPath.code, M.distributedParameterOutput.code],
  check(program) {
    const out: Diagnostic[] = [];
    // A step's job cannot set a value output; a tune's trial can (Katib reads printed metrics).
    for (const component of distributedStepComponents(program)) {
      for (const output of component.outputs) {
        if (output.type.kind !== "artifact") out.push(M.distributedParameterOutput.at(output.loc, component.name, output.name));
      }
    }
    for (const { component } of distributedUses(program)) {
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

/** The components that steps of the pipelines run as training jobs (their own block, or their component's). */
function distributedStepComponents(program: Program): Component[] {
  const out = new Set<Component>();
  for (const pipeline of program.pipelines) {
    for (const { node } of walkNodes(pipeline)) {
      if (node.kind !== "step" || node.call.kind !== "component") continue;
      const component = findComponent(program, node.call.name);
      if (component !== undefined && (node.settings.distributed ?? component.settings.distributed) !== undefined) out.add(component);
    }
  }
  return [...out];
}
