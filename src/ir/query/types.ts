import type { Type } from "../types.js";

/**
 * What the validator knows about the type of an expression: an IR type, `null`, or `unknown` when it
 * cannot tell (an unresolved reference, a field of an untyped struct). Checks skip `unknown`, so an
 * error already reported elsewhere does not cascade into type errors.
 */
export type Inferred = Type | { readonly kind: "null" } | { readonly kind: "unknown" };

export const UNKNOWN: Inferred = { kind: "unknown" };
export const NULL: Inferred = { kind: "null" };

export const STRING: Type = { kind: "param", name: "String" };
export const INT: Type = { kind: "param", name: "Int" };
export const FLOAT: Type = { kind: "param", name: "Float" };
export const BOOL: Type = { kind: "param", name: "Bool" };
export const STRUCT: Type = { kind: "param", name: "Struct" };
export const STATUS: Type = { kind: "status" };

export function listOf(items?: Type): Type {
  return items === undefined ? { kind: "param", name: "List" } : { kind: "param", name: "List", items };
}

/** How a type is written in source: `Dataset`, `List<Int>`, `Status`, `null`. */
export function typeName(t: Inferred): string {
  switch (t.kind) {
    case "param":
      return t.items === undefined ? t.name : `${t.name}<${typeName(t.items)}>`;
    case "artifact":
      return t.name;
    case "status":
      return "Status";
    case "null":
      return "null";
    case "unknown":
      return "an unknown type";
  }
}

/** Whether `t` is known to be the parameter type `name`. */
export function isParam(t: Inferred, name: string): boolean {
  return t.kind === "param" && t.name === name;
}

export function isNumeric(t: Inferred): boolean {
  return isParam(t, "Int") || isParam(t, "Float");
}

/**
 * Whether a value of type `given` may be passed where `expected` is declared: artifact kinds must match
 * unless `Artifact` (any artifact) is expected; an Int is accepted where a Float is expected; an
 * untyped `List` accepts any list and a `List` of unknown items is accepted by any `List<T>`.
 * `unknown` is always accepted; `null` never is (callers decide where leaving a value out is allowed).
 */
export function isAssignable(expected: Type, given: Inferred): boolean {
  if (given.kind === "unknown") return true;
  if (given.kind === "null") return false;
  switch (expected.kind) {
    case "status":
      return given.kind === "status";
    case "artifact":
      return given.kind === "artifact" && (expected.name === "Artifact" || expected.name === given.name);
    case "param":
      if (given.kind !== "param") return false;
      if (expected.name === "Float") return given.name === "Float" || given.name === "Int";
      if (expected.name === "List") {
        if (given.name !== "List") return false;
        return expected.items === undefined || given.items === undefined || isAssignable(expected.items, given.items);
      }
      return expected.name === given.name;
  }
}

/**
 * The one type both `a` and `b` fit in (Int and Float give Float), used for the items of a list literal;
 * `unknown` when they have nothing in common.
 */
export function commonType(a: Inferred, b: Inferred): Inferred {
  if (a.kind === "unknown" || a.kind === "null" || b.kind === "unknown" || b.kind === "null") return UNKNOWN;
  if (isAssignable(a, b)) return a;
  if (isAssignable(b, a)) return b;
  return UNKNOWN;
}

/** `an Int`, `a Dataset`, `an HTML`. */
export function withArticle(name: string): string {
  return `${/^(?:[AEIOU]|HTML)/.test(name) ? "an" : "a"} ${name}`;
}
