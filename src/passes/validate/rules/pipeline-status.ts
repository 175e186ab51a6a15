import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { calleeInputs, resolveCall } from "../../../ir/query/callee.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { inFinally, subExpressions } from "../../../ir/query/walk.js";

/**
 * `pipeline.status` exists only in `finally`, and so a component with a `Status` input (filled
 * automatically there) can run only in `finally`.
 */
export const pipelineStatus: ValidationRule = {
  id: "pipeline-status",
  codes: [M.statusOutsideFinally.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const site of scope.sites) {
        if (inFinally(site.path)) continue;
        for (const e of subExpressions(site.expr)) if (e.kind === "status") out.push(M.statusOutsideFinally.at(e.loc));
      }
      for (const { node, path } of scope.nodes) {
        if (node.kind !== "step" || inFinally(path)) continue;
        const callee = resolveCall(program, node.call);
        if (callee === undefined) continue;
        for (const input of calleeInputs(callee)) {
          if (input.type.kind !== "status" || node.arguments.some((a) => a.name === input.name)) continue;
          out.push(M.statusOutsideFinally.atWith(node.call.loc, [{ message: `'${callee.name}' takes the pipeline status as '${input.name}' here.`, loc: input.loc }]));
        }
      }
    }
    return out;
  },
};
