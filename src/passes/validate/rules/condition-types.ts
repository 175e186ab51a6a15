import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Compare, Expr } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { inferType } from "../../../ir/query/infer.js";
import { pipelineScope, type PipelineScope } from "../../../ir/query/scope.js";
import { isNumeric, isParam, typeName, type Inferred } from "../../../ir/query/types.js";
import type { Path } from "../../../ir/query/walk.js";

function comparable(op: Compare["op"], a: Inferred, b: Inferred): boolean {
  if (isNumeric(a) && isNumeric(b)) return true;
  if (isParam(a, "String") && isParam(b, "String")) return true;
  if (op !== "==" && op !== "!=") return false;
  if (isParam(a, "Bool") && isParam(b, "Bool")) return true;
  if (a.kind === "null" || b.kind === "null") return true; // testing whether an optional value is there
  return (a.kind === "status" && isParam(b, "String")) || (b.kind === "status" && isParam(a, "String"));
}

/**
 * Conditions are Bool (a comparison, `and`/`or`/`not`, a Bool literal, parameter or output), and so are
 * the operands of `and`/`or`/`not`. Comparisons compare like with like: numbers with numbers, strings
 * with strings (and, for `==`/`!=`, Bools with Bools, anything with null, the pipeline status with a
 * string); artifacts, lists and structs are not compared.
 */
export const conditionTypes: ValidationRule = {
  id: "condition-types",
  codes: [M.nonBooleanCondition.code, M.incomparable.code],
  check(program) {
    const out: Diagnostic[] = [];
    const requireBool = (e: Expr, scope: PipelineScope, path: Path): void => {
      const t = inferType(e, scope, path);
      if (t.kind !== "unknown" && !isParam(t, "Bool")) out.push(M.nonBooleanCondition.at(e.loc, typeName(t)));
    };
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const site of scope.sites) {
        if (site.kind === "condition") requireBool(site.expr, scope, site.path);
      }
      for (const { expr: e, site } of scope.expressions) {
        if (e.kind === "and" || e.kind === "or") {
          requireBool(e.left, scope, site.path);
          requireBool(e.right, scope, site.path);
        } else if (e.kind === "not") {
          requireBool(e.operand, scope, site.path);
        } else if (e.kind === "compare") {
          const l = inferType(e.left, scope, site.path);
          const r = inferType(e.right, scope, site.path);
          if (l.kind === "unknown" || r.kind === "unknown") continue;
          if (!comparable(e.op, l, r)) out.push(M.incomparable.at(e.loc, e.op, typeName(l), typeName(r)));
        }
      }
    }
    return out;
  },
};
