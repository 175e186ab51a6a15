// Strings, literals and identifiers of the language: plain strings, scalar setting values (text,
// numbers, durations), literal expressions.

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import { decodeString, type StringPiece } from "../strings.js";
import { checkNumber } from "../../common/settings.js";
import { numberText, parseDuration } from "../../common/values.js";
import type { IToken } from "chevrotain";
import type { Expr, Loc } from "../../../ir/types.js";
import { type Lowering, first, tokenLoc, nodeLoc, report } from "./context.js";
import { lowerExpr } from "./expressions.js";

export function stringPieces(cx: Lowering, s: C.StringCstNode): { token: IToken; pieces: StringPiece[] } {
  const token = first(s.children.StringLiteral) ?? first(s.children.TripleString)!;
  return { token, pieces: decodeString(token, cx.lines, cx.diagnostics) };
}

/** A string without interpolation. */
export function plainString(cx: Lowering, s: C.StringCstNode, what: string): { value: string; loc: Loc } {
  const { token, pieces } = stringPieces(cx, s);
  const loc = tokenLoc(cx, token);
  if (pieces.some((p) => p.kind === "ref")) {
    report(cx, M.expectedLiteral.at(loc, what));
  }
  return { value: pieces.map((p) => (p.kind === "text" ? p.value : "")).join(""), loc };
}

/** A scalar setting value as text (numbers printed as Kubernetes writes them). */
export function scalarText(cx: Lowering, s: C.ScalarCstNode, what: string): { value: string; loc: Loc } | undefined {
  const c = s.children;
  if (c.string) return plainString(cx, c.string[0], what);
  const loc = nodeLoc(cx, s);
  if (c.NumberLiteral) {
    const n = Number(c.NumberLiteral[0].image) * (c.Minus ? -1 : 1);
    return { value: numberText(n), loc };
  }
  report(cx, M.expectedLiteral.at(loc, what));
  return undefined;
}

export function scalarNumber(cx: Lowering, s: C.ScalarCstNode, what: string, integer = false): { value: number; loc: Loc } | undefined {
  const c = s.children;
  const loc = nodeLoc(cx, s);
  if (c.NumberLiteral) {
    const n = Number(c.NumberLiteral[0].image) * (c.Minus ? -1 : 1);
    const problem = checkNumber(what, n, integer, loc);
    if (problem !== undefined) {
      report(cx, problem);
      return undefined;
    }
    return { value: n, loc };
  }
  report(cx, M.notANumber.at(loc, what));
  return undefined;
}

export function scalarDuration(cx: Lowering, s: C.ScalarCstNode, what: string): { seconds: number; loc: Loc } | undefined {
  const t = scalarText(cx, s, what);
  if (t === undefined) return undefined;
  const seconds = parseDuration(t.value);
  if (seconds === undefined) {
    report(cx, M.invalidDuration.at(t.loc, t.value));
    return undefined;
  }
  return { seconds, loc: t.loc };
}

export function identifier(cx: Lowering, tokens: IToken[] | undefined, index = 0): { name: string; loc: Loc } {
  const t = tokens![index];
  return { name: t.image, loc: tokenLoc(cx, t) };
}

/** A literal value (defaults, tune inputs): references are not allowed. */
export function lowerLiteral(cx: Lowering, e: C.ExpressionCstNode, what: string): Expr {
  return lowerExpr(cx, e, undefined, what);
}

/** Literal string value of a struct field (labels, node selectors, tolerations…). */
export function literalText(cx: Lowering, e: C.ExpressionCstNode, what: string): string | undefined {
  const v = lowerLiteral(cx, e, what);
  if (v.kind === "string") return v.value;
  if (v.kind === "number") return numberText(v.value);
  if (v.kind === "bool") return String(v.value);
  report(cx, M.expectedLiteral.at(v.loc, what));
  return undefined;
}

export function fieldKey(cx: Lowering, f: C.FieldCstNode): { value: string; loc: Loc } {
  if (f.children.string) return plainString(cx, f.children.string[0], "A key");
  const id = identifier(cx, f.children.Identifier);
  return { value: id.name, loc: id.loc };
}
