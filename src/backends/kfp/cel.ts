import type { Expr, Type } from "../../ir/types.js";
import { inputValueChannel, type Source } from "./sources.js";
import { plainNumber } from "../../output/numbers.js";

/** A CEL expression for a task's `triggerPolicy.condition`, with the values it reads. */
export interface Cel {
  readonly text: string;
  readonly sources: readonly Source[];
}

/** The part of a condition CEL cannot express, when there is one. */
export type CelResult = { readonly ok: true; readonly cel: Cel } | { readonly ok: false; readonly at: Expr };

/**
 * A condition as the CEL expression KFP's driver evaluates on the condition's task, written as the
 * SDK writes it: a value is `inputs.parameter_values['pipelinechannel--…']` (the task's own input that
 * carries it), cast with `int(…)` or `double(…)` when it is a number, since KFP keeps every number as
 * a double; strings are single-quoted; a Bool on its own is compared with `true`; `and`, `or` and
 * `not` are `&&`, `||` and `!(…)`.
 *
 * Numbers in one comparison are compared as one kind: as doubles when either side is a Float (or a
 * literal with a fraction), else as ints, so that CEL never compares an int with a double.
 */
export function conditionCel(
  expr: Expr,
  sourceOf: (e: Expr) => Source | undefined,
  typeOf: (source: Source) => Type,
  taskName: (step: string) => string,
): CelResult {
  const sources: Source[] = [];
  let failed: Expr | undefined;
  const numberKind = (e: Expr): "int" | "double" | undefined => {
    if (e.kind === "number") return Number.isInteger(e.value) ? "int" : "double";
    const s = sourceOf(e);
    if (s === undefined) return undefined;
    const t = typeOf(s);
    return t.kind === "param" && t.name === "Int" ? "int" : t.kind === "param" && t.name === "Float" ? "double" : undefined;
  };
  const operand = (e: Expr, numbers: "int" | "double" | undefined): string => {
    switch (e.kind) {
      case "string":
        return celString(e.value);
      case "number": {
        const text = plainNumber(e.value);
        return numbers === "double" && /^-?\d+$/.test(text) ? `${text}.0` : text;
      }
      case "bool":
        return String(e.value);
      default: {
        const s = sourceOf(e);
        if (s === undefined) {
          failed ??= e;
          return "";
        }
        sources.push(s);
        const value = `inputs.parameter_values['${inputValueChannel(s, taskName)}']`;
        return numbers === undefined || numberKind(e) === undefined ? value : `${numbers}(${value})`;
      }
    }
  };
  const cel = (e: Expr): string => {
    switch (e.kind) {
      case "compare": {
        const kinds = [numberKind(e.left), numberKind(e.right)];
        const numbers = kinds.includes("double") ? "double" : kinds.includes("int") ? "int" : undefined;
        return `${operand(e.left, numbers)} ${e.op} ${operand(e.right, numbers)}`;
      }
      case "and":
        return `${grouped(e.left, "or")} && ${grouped(e.right, "or")}`;
      case "or":
        return `${cel(e.left)} || ${cel(e.right)}`;
      case "not":
        return `!(${cel(e.operand)})`;
      case "bool":
        return String(e.value);
      default:
        return `${operand(e, undefined)} == true`;
    }
  };
  // `&&` binds tighter than `||`: an `or` inside an `and` keeps its parentheses.
  const grouped = (e: Expr, loose: "or"): string => (e.kind === loose ? `(${cel(e)})` : cel(e));

  const text = cel(expr);
  return failed === undefined ? { ok: true, cel: { text, sources } } : { ok: false, at: failed };
}

/**
 * The condition of branch `index` of an `if`/`elif`/`else`: it runs when every earlier condition is
 * false and its own (if any) is true, written as the SDK writes it: `!(c1) && !(c2) && c3`.
 */
export function branchCel(conditions: readonly Cel[], index: number, own: Cel | undefined): Cel {
  const parts = conditions.slice(0, index).map((c) => `!(${c.text})`);
  if (own !== undefined) parts.push(index > 0 && / \|\| /.test(own.text) ? `(${own.text})` : own.text);
  return { text: parts.join(" && "), sources: [...conditions.slice(0, index).flatMap((c) => c.sources), ...(own?.sources ?? [])] };
}

/**
 * A CEL string literal: single-quoted, with backslash escapes, and every `{` that follows a `{` as
 * `\x7b`, so that Argo, which substitutes `{{…}}` in the task spec KFP hands it, finds no `{{` in it.
 */
function celString(value: string): string {
  const escaped = value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
  return `'${escaped.replace(/(?<=\{)\{/g, "\\x7b")}'`;
}
