import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { calleeInputs, isRequired, resolveCall } from "../../../ir/query/callee.js";
import { pipelineScope } from "../../../ir/query/scope.js";

/**
 * A parameter declared optional (`param x: T?`) without a default may have no value when the pipeline
 * runs, so it can only be handed on, as a whole, to an input that may be left out: a component input
 * declared optional or with a default, or a sub-pipeline's parameter of that kind. Given to an input
 * that needs a value (MLP2055), or used anywhere else — in a string, a condition, a loop's items, an
 * env value, an importer URI, a pipeline output (MLP2056) — there could be nothing to use at run time.
 */
export const optionalParams: ValidationRule = {
  id: "optional-params",
  codes: [M.optionalParamToRequired.code, M.optionalParamUsed.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { expr, site } of scope.expressions) {
        if (expr.kind !== "param") continue;
        const param = scope.params.get(expr.name);
        if (param?.optional !== true || param.default !== undefined) continue;
        const declared = { message: `The parameter '${param.name}' is declared optional here.`, loc: param.loc };
        if (site.kind === "argument" && site.expr === expr && site.owner.kind === "step") {
          const callee = resolveCall(program, site.owner.call);
          const input = callee === undefined ? undefined : calleeInputs(callee).find((i) => i.name === site.argument?.name);
          if (callee === undefined || input === undefined) continue; // unknown-references / known-inputs report it
          if (!isRequired(input)) continue;
          const related = [declared, { message: `The input '${input.name}' is declared here.`, loc: input.loc }];
          out.push(M.optionalParamToRequired.atWith(expr.loc, related, param.name, input.name, callee.name));
        } else {
          out.push(M.optionalParamUsed.atWith(expr.loc, [declared], param.name));
        }
      }
    }
    return out;
  },
};
