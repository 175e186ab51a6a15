import type { CompareOp, Expr, Loc, Type } from "../../ir/types.js";
import { callSite } from "./location.js";
import type { ArtifactKind, Kind, Literal, ParamKind } from "./types.js";

/**
 * Names are given to anonymous steps only once a pipeline is complete, so values build their IR
 * expression late, through this resolver.
 */
export interface Resolver {
  /** The IR name of a step object. */
  stepName(step: object): string;
}

/** Builds the IR expression; `at` is where the value is used (an argument, a condition). */
export type Build = (r: Resolver, at: Loc) => Expr;

// Values and placeholders stand in strings as markers (`${fit.outputs.lr}` in a template literal),
// found again when the string is turned into the IR. NUL never occurs in a user's text.
const MARK = "\u0000mlpc:";
const registry = new Map<number, Value | Placeholder>();
let nextId = 1;

function marker(v: Value | Placeholder): string {
  let id = markerIds.get(v);
  if (id === undefined) {
    id = nextId++;
    markerIds.set(v, id);
    registry.set(id, v);
  }
  return `${MARK}${id}\u0000`;
}
const markerIds = new WeakMap<object, number>();

const MARKER = /\u0000mlpc:(\d+)\u0000/g;

/** The pieces of a string: text, and the values or placeholders interpolated into it. */
export function splitMarkers(s: string): (string | Value | Placeholder)[] {
  const out: (string | Value | Placeholder)[] = [];
  let last = 0;
  for (const m of s.matchAll(MARKER)) {
    if (m.index! > last) out.push(s.slice(last, m.index));
    const v = registry.get(Number(m[1]));
    out.push(v ?? m[0]);
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/**
 * A value in a pipeline: a parameter, a step's output, a loop item, a collected list or the
 * pipeline's status. `K` is its kind, so that TypeScript rejects a `Dataset` passed where a `Float`
 * belongs. Put it in a template literal to interpolate it into a string.
 */
export class Value<K extends Kind = Kind> {
  /** The kind, for TypeScript only. */
  declare readonly __kind?: K;

  /** @internal */
  constructor(
    /** @internal */ readonly $type: Type | undefined,
    /** @internal */ readonly $build: Build,
    /** @internal */ readonly $loc: Loc,
  ) {}

  /** A marker that the builder replaces by this value when the string is used. */
  toString(): string {
    return marker(this);
  }

  /** `this == other`. */
  eq(this: Value<"String">, other: string | Value<"String">): Cond;
  eq(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  eq(this: Value<"Bool">, other: boolean | Value<"Bool">): Cond;
  eq(this: Value<"Status">, other: string): Cond;
  eq(other: unknown): Cond {
    return compare("==", this, other);
  }

  /** `this != other`. */
  ne(this: Value<"String">, other: string | Value<"String">): Cond;
  ne(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  ne(this: Value<"Bool">, other: boolean | Value<"Bool">): Cond;
  ne(this: Value<"Status">, other: string): Cond;
  ne(other: unknown): Cond {
    return compare("!=", this, other);
  }

  /** `this < other`. */
  lt(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  lt(this: Value<"String">, other: string | Value<"String">): Cond;
  lt(other: unknown): Cond {
    return compare("<", this, other);
  }

  /** `this <= other`. */
  le(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  le(this: Value<"String">, other: string | Value<"String">): Cond;
  le(other: unknown): Cond {
    return compare("<=", this, other);
  }

  /** `this > other`. */
  gt(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  gt(this: Value<"String">, other: string | Value<"String">): Cond;
  gt(other: unknown): Cond {
    return compare(">", this, other);
  }

  /** `this >= other`. */
  ge(this: Value<"Int" | "Float">, other: number | Value<"Int" | "Float">): Cond;
  ge(this: Value<"String">, other: string | Value<"String">): Cond;
  ge(other: unknown): Cond {
    return compare(">=", this, other);
  }
}

/** A loop item; when the items are structs, `field("name")` is one of their fields. */
export class LoopItem<K extends Kind = Kind> extends Value<K> {
  /** @internal */
  constructor(
    /** @internal */ readonly $loop: string,
    type: Type | undefined,
    loc: Loc,
  ) {
    super(type, (_r, at) => ({ kind: "loopItem", loop: $loop, loc: at }), loc);
  }

  /** A field of the current item (the items are structs). */
  field(name: string): Value<any> {
    const loc = callSite();
    return new Value(undefined, (_r, at) => ({ kind: "loopItem", loop: this.$loop, field: name, loc: at }), loc);
  }
}

/** A Bool-valued expression: a comparison, or `and`/`or`/`not` of conditions. */
export class Cond {
  declare readonly __kind?: "Bool";

  /** @internal */
  constructor(
    /** @internal */ readonly $build: Build,
    /** @internal */ readonly $loc: Loc,
  ) {}
}

/** Something that can stand as a condition: a comparison or a Bool value. */
export type Condition = Cond | Value<"Bool">;

function compare(op: CompareOp, left: Value, right: unknown): Cond {
  const loc = callSite();
  return new Cond((r) => ({ kind: "compare", op, left: left.$build(r, loc), right: exprOf(right, loc, r), loc }), loc);
}

/** Both conditions hold. */
export function and(left: Condition, right: Condition, ...more: Condition[]): Cond {
  const loc = callSite();
  return [right, ...more].reduce<Cond>(
    (acc, c) => new Cond((r) => ({ kind: "and", left: acc.$build(r, loc), right: c.$build(r, loc), loc }), loc),
    asCond(left),
  );
}

/** At least one condition holds. */
export function or(left: Condition, right: Condition, ...more: Condition[]): Cond {
  const loc = callSite();
  return [right, ...more].reduce<Cond>(
    (acc, c) => new Cond((r) => ({ kind: "or", left: acc.$build(r, loc), right: c.$build(r, loc), loc }), loc),
    asCond(left),
  );
}

/** The condition does not hold. */
export function not(c: Condition): Cond {
  const loc = callSite();
  return new Cond((r) => ({ kind: "not", operand: c.$build(r, loc), loc }), loc);
}

function asCond(c: Condition): Cond {
  return c instanceof Cond ? c : new Cond(c.$build, c.$loc);
}

/**
 * A command-line placeholder inside a component: an input's value, path, URI or metadata, or an
 * output's path, URI or metadata. Put it in a command list, or in a template literal.
 */
export class Placeholder {
  /** @internal */
  constructor(
    /** @internal */ readonly $ref: "inputValue" | "inputPath" | "inputUri" | "inputMetadata" | "outputPath" | "outputUri" | "outputMetadata",
    /** @internal */ readonly $name: string,
  ) {}

  toString(): string {
    return marker(this);
  }
}

/** The IR expression of an argument value: a literal, a value, a string with interpolated values. */
export function exprOf(v: unknown, loc: Loc, r: Resolver): Expr {
  if (v instanceof Value || v instanceof Cond) return v.$build(r, loc);
  if (v === null || v === undefined) return { kind: "null", loc };
  if (typeof v === "string") {
    const parts = splitMarkers(v);
    if (parts.every((p) => typeof p === "string")) return { kind: "string", value: v, loc };
    return {
      kind: "interpolation",
      parts: parts.map((p) => (typeof p === "string" ? p : p instanceof Value ? p.$build(r, loc) : { kind: "null", loc })),
      loc,
    };
  }
  if (typeof v === "number") return { kind: "number", value: v, loc };
  if (typeof v === "boolean") return { kind: "bool", value: v, loc };
  if (Array.isArray(v)) return { kind: "list", items: v.map((x) => exprOf(x, loc, r)), loc };
  if (typeof v === "object") {
    return { kind: "struct", fields: Object.entries(v).map(([name, value]) => ({ name, value: exprOf(value, loc, r), loc })), loc };
  }
  return { kind: "null", loc };
}

/** What a step input of kind `K` accepts. */
export type Accepts<K extends Kind> = K extends "String"
  ? string | Value<"String">
  : K extends "Int"
    ? number | Value<"Int">
    : K extends "Float"
      ? number | Value<"Int" | "Float">
      : K extends "Bool"
        ? boolean | Value<"Bool"> | Cond
        : K extends "List"
          ? readonly (Literal | Value<ParamKind>)[] | Value<"List">
          : K extends "Struct"
            ? { readonly [key: string]: Literal | Value<ParamKind> } | Value<"Struct">
            : K extends "Artifact"
              ? Value<ArtifactKind>
              : K extends "Status"
                ? Value<"Status">
                : Value<K>;
