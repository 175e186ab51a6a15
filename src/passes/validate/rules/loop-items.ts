import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { inferType } from "../../../ir/query/infer.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { isParam, typeName } from "../../../ir/query/types.js";

/** A loop runs over a List: a list literal, a List parameter or output, or a `collect(…)`. */
export const loopItems: ValidationRule = {
  id: "loop-items",
  codes: [M.notAList.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const site of scope.sites) {
        if (site.kind !== "loopItems") continue;
        const t = inferType(site.expr, scope, site.path);
        if (t.kind !== "unknown" && !isParam(t, "List")) out.push(M.notAList.at(site.expr.loc, typeName(t)));
      }
    }
    return out;
  },
};
