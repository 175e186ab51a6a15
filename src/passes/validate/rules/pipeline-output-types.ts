import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { typeMismatches } from "../util/check-value.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { typeName, withArticle } from "../../../ir/query/types.js";

/** A pipeline output's value fits the type it is declared with. */
export const pipelineOutputTypes: ValidationRule = {
  id: "pipeline-output-types",
  codes: [M.pipelineOutputMismatch.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const o of pipeline.outputs) {
        for (const m of typeMismatches(o.type, o.value, scope, [], false)) {
          const expected = m.item && o.type.kind === "param" && o.type.items ? `a list of ${typeName(o.type.items)}` : typeName(o.type);
          out.push(M.pipelineOutputMismatch.at(m.loc, o.name, expected, m.item ? `a list with ${withArticle(typeName(m.found))} item` : typeName(m.found)));
        }
      }
    }
    return out;
  },
};
