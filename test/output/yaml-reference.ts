import { Document, Scalar, type ScalarTag } from "yaml";
import { plainNumber } from "../../src/output/numbers.js";
import { commentLines, looksLikeNonString, type KeyOrder, type YamlOptions } from "../../src/output/yaml.js";

/**
 * The reference for the YAML writer (src/output/yaml.ts): the writer as it was, built on the `yaml`
 * package's `Document#toString`, kept unchanged so that a property test can check that the
 * hand-written printer gives the same bytes for every value. Tests only; too slow for the back ends.
 * If the writer's rules change on purpose, change them here too, in the same commit.
 */

/** Writes `docs` as one multi-document YAML text (documents separated by `---`), ending in a newline. */
export function referenceToYaml(docs: readonly unknown[], options: YamlOptions): string {
  // Comments are not the library's: the writer's own `commentLines` (tested on its own).
  const header = commentLines(options.header ?? []);
  const body = docs.map((doc) => stringifyDocument(doc, options.keys)).join("---\n");
  return header.length === 0 ? body : `${header.join("\n")}\n${body}`;
}

/** Numbers as plain decimals (the writer's `plainNumber`, tested on its own), never `1e-7`. */
const PLAIN_NUMBER: ScalarTag = {
  identify: (value) => typeof value === "number",
  default: true,
  tag: "tag:yaml.org,2002:float",
  test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/, // the library prefers tags with a test
  resolve: (text) => Number(text),
  stringify: (item) => plainNumber(Number((item as Scalar).value)),
};

function stringifyDocument(value: unknown, keys: KeyOrder): string {
  const ordered = normalize(value, keys, true, "$");
  const doc = new Document(ordered, { aliasDuplicateObjects: false, keepSourceTokens: false, customTags: (tags) => [PLAIN_NUMBER, ...tags] });
  const text = doc.toString({
    lineWidth: 0,
    minContentWidth: 0,
    indent: 2,
    indentSeq: false,
    singleQuote: true,
    blockQuote: "literal",
    doubleQuotedAsJSON: false,
    nullStr: "null",
    trueStr: "true",
    falseStr: "false",
  });
  // The library writes these characters raw even inside double quotes, where YAML 1.1 readers take
  // them for line breaks (and a BOM for the start of a stream) or reject them (DEL, the C1 controls
  // and the noncharacters U+FFFE and U+FFFF are outside YAML's printable set). They occur only in double-quoted
  // scalars (`stringStyle` chose that style for them, and header lines are split on them), so an
  // escape is valid wherever one is found.
  return text.replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// ---------------------------------------------------------------------------------------------------
// Values: checked, keys ordered, `undefined` fields dropped, strings styled (as Scalar nodes, which
// the library writes as they are, when they need a style other than the library's choice)

function normalize(value: unknown, keys: KeyOrder, top: boolean, path: string): unknown {
  if (typeof value === "string") return styled(value, false);
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`toYaml: ${path} is ${value}, which YAML readers disagree on`);
    return Object.is(value, -0) ? 0 : value; // as in JSON: -0 is written 0

  }
  if (Array.isArray(value)) return value.map((v, i) => normalize(v, keys, false, `${path}[${i}]`));
  let entries: [string, unknown][];
  if (value instanceof Map) {
    entries = [...value.entries()].map(([k, v]) => {
      if (typeof k !== "string") throw new Error(`toYaml: ${path} has a key that is not a string`);
      return [k, v];
    });
  } else if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    entries = Object.entries(value as Record<string, unknown>);
  } else {
    throw new Error(`toYaml: ${path} is a ${typeof value}, not a JSON-like value`);
  }
  entries = entries.filter(([, v]) => v !== undefined);
  if (keys === "sorted") entries.sort(([a], [b]) => compareCodePoints(a, b));
  else if (top) entries = firstKeysFirst(entries, keys.first);
  return new Map(entries.map(([k, v]) => [styled(k, true), normalize(v, keys, false, `${path}.${k}`)]));
}

function firstKeysFirst(entries: [string, unknown][], first: readonly string[]): [string, unknown][] {
  const rank = (k: string): number => {
    const i = first.indexOf(k);
    return i < 0 ? first.length : i;
  };
  // Array.prototype.sort is stable, so the other keys keep their insertion order.
  return [...entries].sort(([a], [b]) => rank(a) - rank(b));
}

/** Orders strings by Unicode code point, as Python compares `str` (UTF-16 code units differ above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done === true) return cb.done === true ? 0 : -1;
    if (cb.done === true) return 1;
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

// ---------------------------------------------------------------------------------------------------
// Strings: which quoting style

/** Characters that only a double-quoted string can carry safely (escaped). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES_IN_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;

/** `s` as is when the library's own choice of style is right, else a Scalar of the style it needs. */
function styled(s: string, isKey: boolean): string | Scalar {
  const type = stringStyle(s, isKey);
  if (type === undefined) return s;
  const node = new Scalar(s);
  node.type = type;
  return node;
}

function stringStyle(s: string, isKey: boolean): Scalar.Type | undefined {
  if (s.includes("\n")) {
    if (isKey) return Scalar.QUOTE_DOUBLE;
    const clean = !NEEDS_ESCAPES.test(s) && !s.includes("\r") && !/[ \t]\n|[ \t]$/.test(s);
    return clean ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
  }
  if (NEEDS_ESCAPES_IN_LINE.test(s) || s.includes("\t")) return Scalar.QUOTE_DOUBLE;
  if (looksLikeNonString(s)) return s.includes("'") ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
  // Otherwise the library picks plain when that reads back as the same string, else single quotes.
  return undefined;
}

// Which strings need quotes is the writer's policy, shared with the reference (only the printing differs).

