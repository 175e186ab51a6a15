import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Condition, OneOfRef } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { inferType } from "../../../ir/query/infer.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { typeName } from "../../../ir/query/types.js";
import type { Container, Path } from "../../../ir/query/walk.js";

/**
 * `oneOf(a.x, b.y, …)` is the output of whichever step ran, so exactly one must run: the steps are
 * directly in the branches of one `if`/`elif`/`else` that has an `else`, one per branch and every
 * branch with one; their outputs have one type; and it is read after that `if`, outside it (where
 * the `if` is in scope). Each violation is MLP2057 at the `oneOf`, saying which.
 */
export const oneOfBranches: ValidationRule = {
  id: "oneof-branches",
  codes: [M.oneOfBranches.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { expr, site } of scope.expressions) {
        if (expr.kind !== "oneof") continue;
        const problem = oneOfProblem(expr, site.path, (step) => scope.steps.get(step)?.path);
        if (problem !== undefined) {
          out.push(M.oneOfBranches.at(expr.loc, problem));
          continue;
        }
        const types = expr.options.map((o) => inferType(o, scope, site.path));
        if (types.some((t) => t.kind === "unknown")) continue; // unknown-references reports it
        const names = [...new Set(types.map(typeName))];
        if (names.length > 1) out.push(M.oneOfBranches.at(expr.loc, `its outputs have different types (${names.join(", ")})`));
      }
    }
    return out;
  },
};

function oneOfProblem(expr: OneOfRef, site: Path, pathOf: (step: string) => Path | undefined): string | undefined {
  let condition: Condition | undefined;
  let conditionPath: Path = [];
  const branches = new Set<number>();
  for (const o of expr.options) {
    const path = pathOf(o.step);
    if (path === undefined) return undefined; // unknown-references reports it
    const last: Container | undefined = path[path.length - 1];
    if (last?.kind !== "branch") return `'${o.step}' is not directly in a branch of an if/elif/else`;
    if (condition === undefined) {
      condition = last.condition;
      conditionPath = path.slice(0, -1);
    } else if (last.condition !== condition) {
      return `'${o.step}' is in another if/elif/else than '${expr.options[0].step}'`;
    }
    if (branches.has(last.index)) return `two of its steps are in the same branch`;
    branches.add(last.index);
  }
  if (condition === undefined) return undefined;
  if (condition.branches[condition.branches.length - 1].condition !== undefined) {
    return "its if/elif/else has no else, so none of the steps may run";
  }
  if (branches.size !== condition.branches.length) return "not every branch of its if/elif/else gives one of the steps";
  // Read after the if: in the block that holds it or in one nested there, but not inside the if.
  const inScope = conditionPath.every((c, i) => sameContainer(c, site[i]));
  const inside = site.length > conditionPath.length && site[conditionPath.length].kind === "branch" && (site[conditionPath.length] as { condition: Condition }).condition === condition;
  if (!inScope || inside) return "it is read where the if/elif/else of its steps has not finished";
  return undefined;
}

function sameContainer(a: Container, b: Container | undefined): boolean {
  if (b === undefined || a.kind !== b.kind) return false;
  if (a.kind === "loop") return b.kind === "loop" && a.loop === b.loop;
  if (a.kind === "branch") return b.kind === "branch" && a.condition === b.condition && a.index === b.index;
  return true;
}
