import type { Loc } from "../types.js";

/** Source order: file, then line, then column. */
export function compareLocs(a: Loc, b: Loc): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.col - b.col;
}

/** The items in source order (stable for equal locations). */
export function inSourceOrder<T extends { readonly loc: Loc }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareLocs(a.loc, b.loc));
}

/** "line 12", or "line 12 of other.mlpipe" when `loc` is in another file than `from`. */
export function where(loc: Loc, from?: Loc): string {
  return from === undefined || from.file === loc.file ? `line ${loc.line}` : `line ${loc.line} of ${loc.file}`;
}
