import type { Expr, Loc, Type } from "../../../ir/types.js";
import { inferType } from "../../../ir/query/infer.js";
import type { PipelineScope } from "../../../ir/query/scope.js";
import { isAssignable, type Inferred } from "../../../ir/query/types.js";
import type { Path } from "../../../ir/query/walk.js";

/** A value (or one item of a list literal) whose type does not fit. */
export interface Mismatch {
  readonly loc: Loc;
  readonly found: Inferred;
  /** Whether the mismatch is an item of a list literal given for a `List<T>`. */
  readonly item: boolean;
}

/**
 * Where `expr` does not fit `expected`. A list literal given for a `List<T>` is checked item by item, so
 * each wrong item is reported at its own place. `null` fits only when `nullable`.
 */
export function typeMismatches(
  expected: Type,
  expr: Expr,
  scope: PipelineScope | undefined,
  path: Path,
  nullable: boolean,
): Mismatch[] {
  if (expr.kind === "null") return nullable ? [] : [{ loc: expr.loc, found: { kind: "null" }, item: false }];
  if (expr.kind === "list" && expected.kind === "param" && expected.name === "List" && expected.items !== undefined) {
    const items = expected.items;
    return expr.items.flatMap((i) => typeMismatches(items, i, scope, path, false).map((m) => ({ ...m, item: true })));
  }
  const found = inferType(expr, scope, path);
  return isAssignable(expected, found) ? [] : [{ loc: expr.loc, found, item: false }];
}
