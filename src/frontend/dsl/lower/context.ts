import type { CstNode, IToken } from "chevrotain";
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import type { Loc } from "../../../ir/types.js";
import type * as C from "../../../syntax/cst.generated.js";
import type { LineMap } from "../../../syntax/line-map.js";

/** What a top-level name refers to, as far as a step call is concerned. */
export type DeclKind = "component" | "pipeline";

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What every lowering function reads: the file's line map, how top-level names resolve, where
 * diagnostics go. The modules of this folder are functions over it, one module per construct.
 */
export interface Lowering {
  readonly lines: LineMap;
  /** What a component or pipeline name refers to (the file's own declarations and its imports). */
  readonly lookup: (name: string) => DeclKind | undefined;
  readonly diagnostics: Diagnostic[];
  /**
   * Every component and pipeline name this file can call, for suggestions; undefined when an import
   * failed, so that unknown names (probably declared in the missing file) are not reported.
   */
  readonly visible?: () => Iterable<string>;
}

/** Names visible in a pipeline expression. */
export interface PipelineScope {
  readonly params: ReadonlySet<string>;
  readonly steps: ReadonlySet<string>;
  readonly loopVars: readonly string[];
}

export function first<T>(xs: readonly T[] | undefined): T | undefined {
  return xs === undefined ? undefined : xs[0];
}

export function tokenLoc(cx: Lowering, t: IToken): Loc {
  return cx.lines.of(t);
}

export function nodeLoc(cx: Lowering, n: CstNode): Loc {
  return cx.lines.of(n.location!);
}

export function report(cx: Lowering, d: Diagnostic): void {
  cx.diagnostics.push(d);
}

/** The primary of an expression that is nothing more than one primary (no operators, no `not`). */
export function simplePrimary(e: C.ExpressionCstNode): (C.PrimaryCstNode & { sign?: boolean }) | undefined {
  const c = e.children;
  if (c.operand.length !== 1) return undefined;
  const o = c.operand[0].children;
  if (o.KwNot || (o.Minus && o.Minus.length > 1)) return undefined;
  const p = o.primary[0];
  if (p.children.LParen && !o.Minus) return simplePrimary(p.children.expression![0]);
  return o.Minus ? Object.assign(Object.create(p) as C.PrimaryCstNode, { sign: true }) : p;
}

export function firstToken(node: CstNode): IToken {
  let best: IToken | undefined;
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      const t = "image" in child ? child : firstToken(child);
      if (best === undefined || t.startOffset < best.startOffset) best = t;
    }
  }
  return best!;
}

export function firstTokenImage(node: CstNode): string {
  return firstToken(node).image;
}

export function joinLoc(a: Loc, b: Loc): Loc {
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

export function imageOf(s: { value: string; loc: Loc }): { ref: string; loc: Loc } {
  return { ref: s.value, loc: s.loc };
}

/**
 * The object with its keys in a fixed order and `undefined` values left out, so the IR prints the
 * same whatever order the front end filled it in.
 */
export function reorder<T extends object>(o: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  for (const k of Object.keys(o)) {
    if (!(k in out) && (o as Record<string, unknown>)[k] !== undefined && !order.includes(k)) out[k] = (o as Record<string, unknown>)[k];
  }
  return out as T;
}
