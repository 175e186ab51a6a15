import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Loc } from "../ir/types.js";

/**
 * Settings files (mlpc.config.yaml, cluster profiles) are YAML or JSON read against a JSON Schema
 * (draft 2020-12, in `schemas/`). Every problem is a diagnostic at the offending key or value: YAML
 * syntax (MLP9012) and each kind of schema violation (MLP9013–9019), with the place in the file named
 * as a path such as `overrides[0].files`.
 */
export interface SchemaLoad<T> {
  /** The file's value when it has no problem. */
  readonly value?: T;
  readonly diagnostics: Diagnostic[];
}

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Parses `text` (the contents of `file`) as YAML and validates it against `schema`. `what` names the
 * file in messages ("config file", "cluster profile").
 */
export function loadYamlWithSchema<T>(file: string, text: string, schema: object, what: string): SchemaLoad<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, end = offset): Loc => {
    const start = lines.linePos(Math.min(offset, text.length));
    const stop = lines.linePos(Math.min(Math.max(end, offset), text.length));
    return { file, line: start.line, col: start.col, endLine: stop.line, endCol: stop.col };
  };
  if (doc.errors.length > 0) {
    // The first error only: the parser's later ones mostly follow from it.
    const e = doc.errors[0];
    return { diagnostics: [M.yamlSyntax.at(at(e.pos[0], e.pos[1]), what, firstLine(e.message))] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { diagnostics: [M.yamlSyntax.at(at(0), what, firstLine(err instanceof Error ? err.message : String(err)))] };
  }
  const validate = validatorFor(schema);
  if (validate(value)) return { value: value as T, diagnostics: [] };

  const nodeLoc = (node: Node | null | undefined): Loc => (node?.range ? at(node.range[0], node.range[1]) : at(0));
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // `oneOf`/`anyOf` report a summary next to the branches' own errors; the branches say more.
    if (e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if") continue;
    const path = pointerPath(e.instancePath);
    const where = path.length === 0 ? `The ${what}` : `'${pathText(path)}'`;
    const node = nodeAt(doc.contents, path);
    const d = schemaDiagnostic(e, where, what, path, node, nodeLoc, propertiesOf(schema, path));
    const key = `${d.code}:${d.loc?.line}:${d.loc?.col}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  diagnostics.sort((a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0));
  return { diagnostics };
}

function schemaDiagnostic(
  e: ErrorObject,
  where: string,
  what: string,
  path: readonly (string | number)[],
  node: Node | null | undefined,
  nodeLoc: (node: Node | null | undefined) => Loc,
  known: readonly string[],
): Diagnostic {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const place = path.length === 0 ? `the ${what}` : `'${pathText(path)}'`;
      return M.settingsUnknownKey.at(nodeLoc(keyNode(node, key) ?? node), key, place, didYouMean(key, known));
    }
    case "required":
      return M.settingsMissingKey.at(nodeLoc(node), where, String(params.missingProperty));
    case "type":
      return M.settingsType.at(nodeLoc(node), where, typeText(String(params.type)));
    case "const":
    case "enum": {
      const allowed = (e.keyword === "enum" ? (params.allowedValues as unknown[]) : [params.allowedValue]).map((v) => JSON.stringify(v));
      return M.settingsEnum.at(nodeLoc(node), where, shownValue(node), allowed.join(", "));
    }
    case "minLength":
    case "minItems":
    case "minProperties":
      if (params.limit === 1) return M.settingsEmpty.at(nodeLoc(node), where);
      break;
    case "uniqueItems": {
      // `i` and `j` are the two equal items; point at the later one, the repetition.
      const item = isSeq(node) ? node.items[Math.max(Number(params.i), Number(params.j))] : undefined;
      return M.settingsRepeated.at(nodeLoc((item as Node | undefined) ?? node), where, shownValue(item as Node | undefined));
    }
  }
  return M.settingsInvalid.at(nodeLoc(node), where, e.message ?? e.keyword);
}

/** `/overrides/0/files` → `["overrides", 0, "files"]`. */
function pointerPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^(0|[1-9]\d*)$/.test(p) ? Number(p) : p));
}

/** `["overrides", 0, "files"]` → `overrides[0].files`; keys that are not plain names are quoted. */
export function pathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === "" ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node = root as Node | null | undefined;
  for (const p of path) {
    if (isMap(node)) {
      const pair = node.items.find((i) => isPair(i) && isScalar(i.key) && String(i.key.value) === String(p));
      node = pair?.value as Node | undefined;
    } else if (isSeq(node) && typeof p === "number") node = node.items[p] as Node | undefined;
    else return node ?? undefined;
  }
  return node ?? undefined;
}

function keyNode(node: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((i) => isPair(i) && isScalar(i.key) && String(i.key.value) === key);
  return pair?.key as Node | undefined;
}

/** The keys the schema defines at `path`, for "did you mean" (only through `properties` and `items`). */
function propertiesOf(schema: object, path: readonly (string | number)[]): string[] {
  const root = schema as Record<string, unknown>;
  const deref = (s: unknown): Record<string, unknown> | undefined => {
    let cur = s as Record<string, unknown> | undefined;
    for (let i = 0; i < 10 && cur !== undefined && typeof cur.$ref === "string" && cur.$ref.startsWith("#/"); i++) {
      cur = cur.$ref
        .slice(2)
        .split("/")
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], root) as Record<string, unknown> | undefined;
    }
    return cur;
  };
  let cur = deref(root);
  for (const p of path) {
    if (cur === undefined) return [];
    if (typeof p === "number") cur = deref(cur.items);
    else {
      const props = cur.properties as Record<string, unknown> | undefined;
      cur = deref(props?.[p] ?? cur.additionalProperties);
    }
  }
  const props = cur?.properties as Record<string, unknown> | undefined;
  return props === undefined ? [] : Object.keys(props);
}

function typeText(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping of keys to values",
    array: "a list",
    string: "a text",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    null: "empty",
  };
  return type
    .split(",")
    .map((t) => names[t] ?? t)
    .join(" or ");
}

function shownValue(node: Node | null | undefined): string {
  if (isScalar(node)) return JSON.stringify(node.value) ?? String(node.value);
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  return "empty";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/\.$/, "");
}
