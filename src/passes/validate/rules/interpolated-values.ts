import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { inferType } from "../../../ir/query/infer.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { typeName, withArticle } from "../../../ir/query/types.js";

function refText(e: Expr): string {
  if (e.kind === "output" || e.kind === "collect") return `${e.step}.${e.output}`;
  if (e.kind === "param") return e.name;
  if (e.kind === "loopItem") return e.field === undefined ? e.loop : `${e.loop}.${e.field}`;
  return e.kind;
}

/**
 * A `${…}` in a pipeline string inserts a value, so it names a parameter, never an artifact: an
 * artifact has a URI and a path, which only the component that receives it can use.
 */
export const interpolatedValues: ValidationRule = {
  id: "interpolated-values",
  codes: [M.artifactInString.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { expr: e, site } of scope.expressions) {
        if (e.kind !== "interpolation") continue;
        for (const part of e.parts) {
          if (typeof part === "string") continue;
          const t = inferType(part, scope, site.path);
          if (t.kind === "artifact") out.push(M.artifactInString.at(part.loc, refText(part), withArticle(typeName(t))));
        }
      }
    }
    return out;
  },
};
