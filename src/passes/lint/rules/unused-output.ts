import { M } from "../../../diagnostics/catalog.js";
import { nodeOutputs } from "../../../ir/query/callee.js";
import { exprSites, subExpressions, walkNodes } from "../../../ir/query/walk.js";
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import type { LintRule } from "../rule.js";
import { SHOWN_ARTIFACT_TYPES } from "../../../ir/types.js";


/**
 * A step's artifact output that no expression of its pipeline reads (a pipeline output reads it too),
 * at the step. Parameter outputs (a row count, a version) cost nothing and show in the UI: not reported;
 * nor is an artifact `X` whose URI the step also writes as `X_uri` when that is read.
 */
export const unusedOutput: LintRule = {
  id: "mlpc/unused-output",
  code: M.lintUnusedOutput.code,
  defaultSeverity: "warn",
  description: "Use every artifact a step writes (or its URI, X_uri), or return it as a pipeline output.",
  check: (resolved) => {
    const { program } = resolved;
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const nodes = walkNodes(pipeline);
      const read = new Set<string>();
      for (const site of exprSites(program, pipeline, nodes)) {
        for (const e of subExpressions(site.expr)) if (e.kind === "output" || e.kind === "collect") read.add(`${e.step}.${e.output}`);
      }
      for (const { node } of nodes) {
        if (node.kind !== "step") continue;
        for (const o of nodeOutputs(program, node) ?? []) {
          if (o.type.kind !== "artifact" || SHOWN_ARTIFACT_TYPES.has(o.type.name)) continue;
          // `X_uri` read means `X` is read through its URI (loops fan in parameters, not artifacts).
          if (!read.has(`${node.name}.${o.name}`) && !read.has(`${node.name}.${o.name}_uri`)) out.push(M.lintUnusedOutput.at(node.loc, node.name, o.name));
        }
      }
    }
    return out;
  },
};
