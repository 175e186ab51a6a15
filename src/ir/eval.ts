import type { CompareOp, Expr, OutputRef } from "./types.js";
import { plainNumber } from "../output/numbers.js";

/**
 * The one evaluator of IR expressions, for the local runner (`mlpc run`): argument values, loop items,
 * importer URIs, pipeline outputs and the conditions of `if`/`elif`/`else`. Its semantics are those of
 * the two translations the targets run — KFP's CEL trigger conditions (`backends/kfp/cel.ts`) and
 * Argo's `when` expressions (`backends/argo/when.ts`) — and test/run/eval.test.ts evaluates all three on
 * the conditions of the parity cases to show that they agree:
 *
 * - numbers compare as numbers (CEL casts both sides to one kind; govaluate reads bare digits);
 * - strings compare as strings, by code point (CEL and govaluate both order strings that way);
 * - booleans are `true`/`false`; a Bool on its own holds when it equals `true`;
 * - lists and structs compare as their JSON text (the form in which both targets pass them);
 * - `and`, `or` and `not` are the boolean operators, both sides always evaluated (neither target
 *   short-circuits a value it cannot read: a missing value is an error either way).
 */

/** A run-time value: a parameter value (JSON), an artifact (where it is), or the run's status. */
export type RunValue =
  | null
  | boolean
  | number
  | string
  | readonly RunValue[]
  | { readonly [field: string]: RunValue }
  | ArtifactValue;

/** An artifact: the file or folder that holds it, and its URI. */
export interface ArtifactValue {
  readonly artifact: true;
  readonly path: string;
  readonly uri: string;
}

export function isArtifact(v: RunValue | undefined): v is ArtifactValue {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as { artifact?: unknown }).artifact === true;
}

/** Where the values an expression reads come from; each method throws `Unavailable` when there is none. */
export interface EvalEnv {
  param(name: string): RunValue;
  output(step: string, output: string): RunValue;
  loopItem(loop: string): RunValue;
  collect(step: string, output: string): RunValue;
  /** The value of the first option whose step ran. */
  oneOf(options: readonly OutputRef[]): RunValue;
  status(): RunValue;
}

/** A value an expression reads does not exist (a skipped step's output, a parameter without value). */
export class Unavailable extends Error {
  constructor(
    readonly expr: Expr,
    readonly why: string,
  ) {
    super(why);
  }
}

/** An environment with no values, for literals (defaults): every reference is `Unavailable`. */
export function literalEnv(at: Expr): EvalEnv {
  const none = (): never => {
    throw new Unavailable(at, "a literal is expected here");
  };
  return { param: none, output: none, loopItem: none, collect: none, oneOf: none, status: none };
}

/** The value of `expr`. */
export function evaluate(expr: Expr, env: EvalEnv): RunValue {
  switch (expr.kind) {
    case "string":
    case "number":
    case "bool":
      return expr.value;
    case "null":
      return null;
    case "list":
      return expr.items.map((e) => evaluate(e, env));
    case "struct": {
      const out: Record<string, RunValue> = {};
      for (const f of expr.fields) out[f.name] = evaluate(f.value, env);
      return out;
    }
    case "param":
      return env.param(expr.name);
    case "output":
      return env.output(expr.step, expr.output);
    case "loopItem": {
      const item = env.loopItem(expr.loop);
      if (expr.field === undefined) return item;
      if (typeof item !== "object" || item === null || Array.isArray(item) || isArtifact(item) || !(expr.field in item)) {
        throw new Unavailable(expr, `the loop item ${valueText(item)} has no field '${expr.field}'`);
      }
      return (item as Record<string, RunValue>)[expr.field]!;
    }
    case "collect":
      return env.collect(expr.step, expr.output);
    case "oneof":
      return env.oneOf(expr.options);
    case "interpolation":
      return expr.parts.map((p) => (typeof p === "string" ? p : valueText(evaluate(p, env)))).join("");
    case "status":
      return env.status();
    case "compare":
      return compare(expr.op, evaluate(expr.left, env), evaluate(expr.right, env));
    case "and": {
      const l = holds(evaluate(expr.left, env));
      const r = holds(evaluate(expr.right, env));
      return l && r;
    }
    case "or": {
      const l = holds(evaluate(expr.left, env));
      const r = holds(evaluate(expr.right, env));
      return l || r;
    }
    case "not":
      return !holds(evaluate(expr.operand, env));
  }
}

/** Whether a condition holds: its value is `true` (a Bool on its own is compared with `true`). */
export function condition(expr: Expr, env: EvalEnv): boolean {
  return holds(evaluate(expr, env));
}

function holds(v: RunValue): boolean {
  return v === true;
}

/** A comparison with the targets' typing: numbers as numbers, everything else as its text. */
export function compare(op: CompareOp, left: RunValue, right: RunValue): boolean {
  if (typeof left === "number" && typeof right === "number") return order(op, left, right);
  if (typeof left === "boolean" && typeof right === "boolean") {
    if (op === "==") return left === right;
    if (op === "!=") return left !== right;
  }
  const l = valueText(left);
  const r = valueText(right);
  return order(op, l < r ? -1 : l > r ? 1 : 0, 0);
}

function order(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/**
 * A value as a container receives it on its command line or in its environment, as on both targets:
 * strings as they are, numbers in plain decimals, booleans as `true`/`false`, lists and structs as
 * JSON, an artifact as its URI, null as the empty string.
 */
export function valueText(v: RunValue): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return plainNumber(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isArtifact(v)) return v.uri;
  return JSON.stringify(v);
}
