import type { Expr, Type } from "../../ir/types.js";
import { valueText, type ValueScope } from "./values.js";
import { plainNumber } from "../../output/numbers.js";

/** A `when` expression and the tasks it reads. */
export interface When {
  readonly text: string;
}

/** What a condition compiles to: its text, or the part Argo cannot evaluate. */
export type WhenResult = { readonly ok: true; readonly when: When } | { readonly ok: false; readonly at: Expr };

/** The kind of value an operand has, for quoting: `undefined` when unknown (a struct field). */
type OperandKind = "string" | "number" | "bool" | undefined;

/**
 * A condition as the `when` expression Argo evaluates (govaluate, after template substitution), typed
 * at compile time so that Argo never meets an unquoted word: strings are single-quoted (a run-time
 * string too: `'{{tasks.check.outputs.parameters.verdict}}' == 'pass'`), numbers bare so that they
 * compare numerically (as plain decimals: govaluate lexes digits and dots only, `1e-7` is no number), booleans as `true`/`false`; a Bool on its own is compared with `true`; `and`,
 * `or` and `not` are `&&`, `||` and `!(…)`. An operand of unknown type takes the other side's kind.
 */
export function whenExpression(expr: Expr, scope: ValueScope, deps: Set<string>, typeOf: (e: Expr) => Type | undefined): WhenResult {
  let failed: Expr | undefined;
  const kindOf = (e: Expr): OperandKind => {
    if (e.kind === "string" || e.kind === "interpolation") return "string";
    if (e.kind === "number") return "number";
    if (e.kind === "bool") return "bool";
    const t = typeOf(e);
    if (t?.kind !== "param") return undefined;
    if (t.name === "String") return "string";
    if (t.name === "Int" || t.name === "Float") return "number";
    if (t.name === "Bool") return "bool";
    return "string"; // lists and structs reach Argo as JSON text
  };
  const operand = (e: Expr, kind: OperandKind): string => {
    if (e.kind === "string") return literal(e.value);
    if (e.kind === "number") return plainNumber(e.value);
    if (e.kind === "bool") return String(e.value);
    const v = valueText(e, scope, deps);
    if (!v.ok) {
      failed ??= v.at;
      return "";
    }
    return kind === "string" || kind === undefined ? quote(v.text) : v.text;
  };
  const text = (e: Expr): string => {
    switch (e.kind) {
      case "compare": {
        const kind = kindOf(e.left) ?? kindOf(e.right);
        return `${operand(e.left, kind)} ${e.op} ${operand(e.right, kind)}`;
      }
      case "and":
        return `${grouped(e.left)} && ${grouped(e.right)}`;
      case "or":
        return `${text(e.left)} || ${text(e.right)}`;
      case "not":
        return `!(${text(e.operand)})`;
      case "bool":
        return String(e.value);
      default:
        return `${operand(e, "bool")} == true`;
    }
  };
  // `&&` binds tighter than `||`: an `or` inside an `and` keeps its parentheses.
  const grouped = (e: Expr): string => (e.kind === "or" ? `(${text(e)})` : text(e));
  const out = text(expr);
  return failed === undefined ? { ok: true, when: { text: out } } : { ok: false, at: failed };
}

/**
 * The condition of branch `index` of an `if`/`elif`/`else`: it runs when every earlier condition is
 * false and its own (if any) holds.
 */
export function branchWhen(earlier: readonly When[], own: When | undefined): When {
  const parts = earlier.map((c) => `!(${c.text})`);
  if (own !== undefined) parts.push(earlier.length > 0 && / \|\| /.test(own.text) ? `(${own.text})` : own.text);
  return { text: parts.join(" && ") };
}

/** Several conditions that must all hold (a branch inside a branch). */
export function allOf(whens: readonly When[]): When | undefined {
  if (whens.length === 0) return undefined;
  if (whens.length === 1) return whens[0];
  return { text: whens.map((w) => (/ \|\| /.test(w.text) ? `(${w.text})` : w.text)).join(" && ") };
}

/**
 * A string the user wrote, as a govaluate string literal: single-quoted, a backslash before `\`, `'`
 * and every `{` that follows a `{` (govaluate reads `\x` as `x`), so that Argo, which substitutes the
 * `when` text before govaluate reads it, finds no `{{` in it: `"{{a}}"` is `'{\{a}}'`.
 */
function literal(value: string): string {
  return `'${value.replace(/\\|'|(?<=\{)\{/g, (c) => `\\${c}`)}'`;
}

/**
 * A run-time value as a govaluate string literal: single-quoted, with backslash escapes — except
 * inside template tags, which Argo substitutes before govaluate reads the text (an expression tag
 * such as `oneOf`'s `{{=tasks['a'].status == …}}` must reach Argo as written).
 */
function quote(value: string): string {
  const escaped = value.split(/(\{\{[^{}]*\}\})/).map((part, i) => (i % 2 === 1 ? part : part.replace(/\\/g, "\\\\").replace(/'/g, "\\'")));
  return `'${escaped.join("")}'`;
}
