import type { Expr, OutputRef } from "../../ir/types.js";
import { literalText } from "../kubernetes/pod.js";

/**
 * How a DAG template reads values: each method gives the Argo template tag (`{{…}}`) that holds the
 * value where the task being built runs, or `undefined` when it cannot (the reason is reported by
 * the caller's scope). `deps` collects the tasks of the same DAG the reading task must wait for.
 */
export interface ValueScope {
  /** A pipeline parameter of a parameter type. */
  param(name: string): string | undefined;
  /** A step output of a parameter type. */
  output(step: string, output: string, deps: Set<string>): string | undefined;
  /** The current item of loop `loop` (or one field of it). */
  loopItem(loop: string, field: string | undefined): string | undefined;
  /** Every value of a step output over the iterations of its loop, as Argo's JSON list. */
  collect(step: string, output: string, deps: Set<string>): string | undefined;
  /** The run's final status, in the exit handler. */
  status(): string | undefined;
  /** The output parameter of whichever option ran (`oneOf(…)`, see `oneof.ts`). */
  oneOf(options: readonly OutputRef[], deps: Set<string>): string | undefined;
}

/** Why a value has no Argo form (an expression kind Argo cannot build at run time). */
export type ValueResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly at: Expr; readonly why: "collection" | "unresolved" };

/**
 * The text of a parameter value as Argo passes it: literals as their text (lists and structs as
 * JSON), references as template tags, interpolated strings as text with tags inside.
 */
export function valueText(expr: Expr, scope: ValueScope, deps: Set<string>): ValueResult {
  const tag = (t: string | undefined): ValueResult => (t === undefined ? { ok: false, at: expr, why: "unresolved" } : { ok: true, text: t });
  switch (expr.kind) {
    case "param":
      return tag(scope.param(expr.name));
    case "output":
      return tag(scope.output(expr.step, expr.output, deps));
    case "loopItem":
      return tag(scope.loopItem(expr.loop, expr.field));
    case "collect":
      return tag(scope.collect(expr.step, expr.output, deps));
    case "status":
      return tag(scope.status());
    case "oneof":
      return tag(scope.oneOf(expr.options, deps));
    case "interpolation": {
      let text = "";
      for (const part of expr.parts) {
        if (typeof part === "string") {
          text += part;
          continue;
        }
        const v = valueText(part, scope, deps);
        if (!v.ok) return v;
        text += v.text;
      }
      return { ok: true, text };
    }
    case "list":
    case "struct": {
      const text = literalText(expr);
      // A list or struct holding run-time values would have to be JSON built by text substitution,
      // which breaks as soon as a value contains a quote.
      return text === undefined ? { ok: false, at: firstNonLiteral(expr) ?? expr, why: "collection" } : { ok: true, text };
    }
    default: {
      const text = literalText(expr);
      return text === undefined ? { ok: false, at: expr, why: "unresolved" } : { ok: true, text };
    }
  }
}

function firstNonLiteral(expr: Expr): Expr | undefined {
  if (expr.kind === "list") {
    for (const i of expr.items) {
      const f = firstNonLiteral(i);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  if (expr.kind === "struct") {
    for (const f of expr.fields) {
      const n = firstNonLiteral(f.value);
      if (n !== undefined) return n;
    }
    return undefined;
  }
  return literalText(expr) === undefined ? expr : undefined;
}
