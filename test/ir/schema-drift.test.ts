import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ARTIFACT_TYPE_NAMES, PARAM_TYPE_NAMES } from "../../src/ir/types.js";
import { irSchema } from "./validator.js";

/*
 * Guards schemas/mlpc-ir.schema.json against drifting away from src/ir/types.ts: the TypeScript source
 * is parsed with the compiler API and compared with the schema, node for node.
 */

const typesPath = fileURLToPath(new URL("../../src/ir/types.ts", import.meta.url));
const source = ts.createSourceFile(typesPath, readFileSync(typesPath, "utf8"), ts.ScriptTarget.ES2022, true);

type Schema = Record<string, unknown>;
const defs = irSchema.$defs as Record<string, Schema>;

const interfaces = new Map<string, ts.InterfaceDeclaration>();
const aliases = new Map<string, ts.TypeAliasDeclaration>();
for (const stmt of source.statements) {
  if (ts.isInterfaceDeclaration(stmt)) interfaces.set(stmt.name.text, stmt);
  if (ts.isTypeAliasDeclaration(stmt)) aliases.set(stmt.name.text, stmt);
}

/** Literal string types spelled by TypeScript aliases derived from runtime arrays. */
const runtimeEnums: Record<string, readonly string[]> = {
  ParamTypeName: PARAM_TYPE_NAMES,
  ArtifactTypeName: ARTIFACT_TYPE_NAMES,
};

function resolve(schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === "string") {
    const name = /^#\/\$defs\/(.+)$/.exec(s.$ref)?.[1];
    if (name === undefined || defs[name] === undefined) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = defs[name];
  }
  return s;
}

/** The string literals a schema allows, when it is a const, an enum or a oneOf/anyOf of consts. */
function schemaLiterals(schema: Schema): string[] | undefined {
  const s = resolve(schema);
  if (typeof s.const === "string") return [s.const];
  if (Array.isArray(s.enum)) return s.enum as string[];
  const alts = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (alts?.every((a) => typeof a.const === "string")) return alts.map((a) => a.const as string);
  return undefined;
}

function unwrap(node: ts.TypeNode): ts.TypeNode {
  let n = node;
  for (;;) {
    if (ts.isParenthesizedTypeNode(n)) n = n.type;
    else if (ts.isTypeOperatorNode(n) && n.operator === ts.SyntaxKind.ReadonlyKeyword) n = n.type;
    else return n;
  }
}

/** A TS type flattened into its union members: aliases expanded, `Extract<…>` applied. */
function flatten(node: ts.TypeNode): ts.TypeNode[] {
  const n = unwrap(node);
  if (ts.isUnionTypeNode(n)) return n.types.flatMap(flatten);
  if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) {
    const name = n.typeName.text;
    if (name === "Extract" && n.typeArguments?.length === 2) {
      const wanted = kindsOf(n.typeArguments[1]);
      return flatten(n.typeArguments[0]).filter((m) => kindsOf(m)?.some((k) => wanted?.includes(k)));
    }
    const alias = aliases.get(name);
    if (alias !== undefined && !(name in runtimeEnums)) return flatten(alias.type);
  }
  return [n];
}

function members(node: ts.TypeNode): readonly ts.TypeElement[] | undefined {
  const n = unwrap(node);
  if (ts.isTypeLiteralNode(n)) return n.members;
  if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) return interfaces.get(n.typeName.text)?.members;
  return undefined;
}

function stringLiteral(node: ts.TypeNode): string | undefined {
  const n = unwrap(node);
  return ts.isLiteralTypeNode(n) && ts.isStringLiteral(n.literal) ? n.literal.text : undefined;
}

/** The `kind` values an object type declares, if it has a `kind` member. */
function kindsOf(node: ts.TypeNode): string[] | undefined {
  const kind = members(node)?.find((m) => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === "kind");
  if (kind === undefined || !ts.isPropertySignature(kind) || kind.type === undefined) return undefined;
  const lits = flatten(kind.type).map(stringLiteral);
  return lits.every((l) => l !== undefined) ? (lits as string[]) : undefined;
}

function schemaKinds(schema: Schema): string[] | undefined {
  const s = resolve(schema);
  const kind = (s.properties as Record<string, Schema> | undefined)?.kind;
  return kind === undefined ? undefined : schemaLiterals(kind);
}

const keywordTypes: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.StringKeyword]: "string",
  [ts.SyntaxKind.NumberKeyword]: "number",
  [ts.SyntaxKind.BooleanKeyword]: "boolean",
};

/** A key that pairs a TS union member with a schema alternative. */
function tsSignature(node: ts.TypeNode): string {
  const keyword = keywordTypes[unwrap(node).kind];
  if (keyword !== undefined) return `type:${keyword}`;
  const kinds = kindsOf(node);
  return kinds !== undefined ? `kind:${[...kinds].sort().join("|")}` : `node:${unwrap(node).getText(source)}`;
}

function schemaSignature(schema: Schema): string {
  const s = resolve(schema);
  if (typeof s.type === "string" && s.type !== "object") return `type:${s.type}`;
  const kinds = schemaKinds(s);
  return kinds !== undefined ? `kind:${[...kinds].sort().join("|")}` : `schema:${JSON.stringify(s).slice(0, 60)}`;
}

/** Schema alternatives, flattened through `$ref`s to unions. */
function schemaAlternatives(schema: Schema): Schema[] {
  const s = resolve(schema);
  const alts = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (alts === undefined || s.type !== undefined) return [s];
  return alts.flatMap(schemaAlternatives);
}

/**
 * Compares a TS type with a schema and returns every difference as `path: message`. `seen` stops the
 * recursion at types already compared (the IR is recursive: Expr, Node, Type).
 */
function compare(node: ts.TypeNode, schema: Schema, path: string, seen: Set<string>): string[] {
  const n = unwrap(node);
  const s = resolve(schema);
  // Named types are compared once per schema node, however often they are referenced.
  const id = ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) ? n.typeName.text : `${n.pos}:${n.end}`;
  const key = `${id}:${JSON.stringify(schema)}`;
  if (seen.has(key)) return [];
  seen.add(key);

  if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && n.typeName.text in runtimeEnums) {
    const want = [...runtimeEnums[n.typeName.text]].sort();
    const got = [...(schemaLiterals(s) ?? [])].sort();
    return JSON.stringify(want) === JSON.stringify(got) ? [] : [`${path}: enum ${got} differs from ${want}`];
  }
  if (ts.isArrayTypeNode(n)) {
    if (s.type !== "array" || s.items === undefined) return [`${path}: expected an array schema`];
    return compare(n.elementType, s.items as Schema, `${path}[]`, seen);
  }
  const flat = flatten(n);
  if (flat.length > 1 || flat[0] !== n) {
    const literals = flat.map(stringLiteral);
    if (literals.every((l) => l !== undefined)) {
      const want = [...(literals as string[])].sort();
      const got = [...(schemaLiterals(s) ?? [])].sort();
      return JSON.stringify(want) === JSON.stringify(got) ? [] : [`${path}: literals ${got} differ from ${want}`];
    }
    if (flat.length === 1) return compare(flat[0], s, path, seen);
    const alts = new Map(schemaAlternatives(s).map((a) => [schemaSignature(a), a]));
    const errors: string[] = [];
    const tsSigs = new Set<string>();
    for (const m of flat) {
      const sig = tsSignature(m);
      tsSigs.add(sig);
      const alt = alts.get(sig);
      if (alt === undefined) errors.push(`${path}: no schema alternative for ${sig}`);
      else errors.push(...compare(m, alt, `${path}<${sig}>`, seen));
    }
    for (const sig of alts.keys()) if (!tsSigs.has(sig)) errors.push(`${path}: schema alternative ${sig} is not in the IR`);
    return errors;
  }
  const literal = stringLiteral(n);
  if (literal !== undefined) {
    const got = schemaLiterals(s);
    return got?.length === 1 && got[0] === literal ? [] : [`${path}: expected const "${literal}"`];
  }
  const keyword = keywordTypes[n.kind];
  if (keyword !== undefined) {
    // An integer schema narrows a `number` on purpose (1-based line and column numbers).
    const ok = s.type === keyword || (keyword === "number" && s.type === "integer");
    return ok ? [] : [`${path}: expected type ${keyword}, schema has ${String(s.type)}`];
  }

  const ms = members(n);
  if (ms === undefined) return [`${path}: cannot compare ${n.getText(source)}`];
  return compareMembers(ms, s, path, seen);
}

/** Compares the members of an interface or object type with an object schema. */
function compareMembers(ms: readonly ts.TypeElement[], s: Schema, path: string, seen: Set<string>): string[] {
  if (s.type !== "object") return [`${path}: expected an object schema`];
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const errors: string[] = [];
  const names = new Set<string>();
  for (const m of ms) {
    if (!ts.isPropertySignature(m) || m.type === undefined || !ts.isIdentifier(m.name)) {
      errors.push(`${path}: unsupported member ${m.getText(source)}`);
      continue;
    }
    const name = m.name.text;
    names.add(name);
    const prop = props[name];
    if (prop === undefined) {
      errors.push(`${path}.${name}: missing from the schema`);
      continue;
    }
    // `loc` is optional in the schema on every node, so that `--no-loc` output validates.
    const optional = m.questionToken !== undefined || name === "loc";
    if (optional === required.has(name)) errors.push(`${path}.${name}: ${optional ? "optional" : "required"} in the IR but not in the schema`);
    errors.push(...compare(m.type, prop, `${path}.${name}`, seen));
  }
  for (const name of Object.keys(props)) if (!names.has(name)) errors.push(`${path}.${name}: in the schema but not in the IR`);
  return errors;
}

function kindLiteralsInSource(): Set<string> {
  const kinds = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertySignature(node) && ts.isIdentifier(node.name) && node.name.text === "kind" && node.type !== undefined) {
      for (const m of flatten(node.type)) {
        const lit = stringLiteral(m);
        if (lit !== undefined) kinds.add(lit);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return kinds;
}

function constsInSchema(): Set<string> {
  const consts = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o.const === "string") consts.add(o.const);
      Object.values(o).forEach(walk);
    }
  };
  walk(irSchema);
  return consts;
}

describe("IR schema drift", () => {
  it("has a const for every `kind` literal in src/ir/types.ts", () => {
    const kinds = kindLiteralsInSource();
    expect(kinds.size).toBeGreaterThan(40);
    const consts = constsInSchema();
    expect([...kinds].filter((k) => !consts.has(k))).toEqual([]);
  });

  it("has a $defs entry for every exported interface", () => {
    expect([...interfaces.keys()].filter((name) => defs[name] === undefined)).toEqual([]);
  });

  it("matches src/ir/types.ts member for member", () => {
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const [name, decl] of interfaces) {
      if (name === "Loc") continue;
      errors.push(...compareMembers(decl.members, defs[name] ?? {}, name, seen));
    }
    errors.push(...compareLoc());
    expect(errors).toEqual([]);
  });

  it("describes the same unions as the type aliases", () => {
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const [name, decl] of aliases) {
      const def = defs[name];
      if (def === undefined) {
        errors.push(`${name}: no $defs entry`);
        continue;
      }
      const node = name in runtimeEnums ? ts.factory.createTypeReferenceNode(name) : decl.type;
      errors.push(...compare(node, def, name, seen));
    }
    expect(errors).toEqual([]);
  });

  it("notices a difference (self-test of the comparison)", () => {
    const decl = interfaces.get("Retry")!;
    const broken = { ...defs.Retry, properties: { ...(defs.Retry.properties as object), jitter: { type: "number" } } };
    expect(compareMembers(decl.members, broken, "Retry", new Set())).toEqual(["Retry.jitter: in the schema but not in the IR"]);
    const loose = { ...defs.Retry, required: ["kind"] };
    expect(compareMembers(decl.members, loose, "Retry", new Set())).toEqual(["Retry.limit: required in the IR but not in the schema"]);
  });
});

/** Loc is the one node whose fields are all required, and whose numbers are 1-based integers. */
function compareLoc(): string[] {
  const decl = interfaces.get("Loc")!;
  const def = defs.Loc;
  const names = decl.members.map((m) => (m.name as ts.Identifier).text).sort();
  const errors: string[] = [];
  if (JSON.stringify(names) !== JSON.stringify([...(def.required as string[])].sort())) errors.push("Loc: required fields differ");
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(def.properties as object).sort())) errors.push("Loc: fields differ");
  return errors;
}
