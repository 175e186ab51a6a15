/**
 * The one YAML writer of every back end. Output is a function of the value alone: the same documents
 * give the same bytes on any machine. Choices, fixed here once:
 *
 * - block style everywhere, no line folding (`lineWidth: 0`), sequences not indented under their key
 *   (as the KFP SDK and kubectl write them), no anchors or aliases even when an object repeats;
 * - strings stay strings for every YAML reader in use, 1.2 (Go's yaml.v3, the `yaml` package) and 1.1
 *   (PyYAML, which KFP's tooling uses): a string a 1.1 or 1.2 reader would take for a boolean, null,
 *   number or timestamp (`yes`, `on`, `1_000`, `0x1F`, `1:30`, `2024-01-01`, `~`) is quoted;
 * - single quotes when quoting is needed, double quotes when the string needs escapes (control
 *   characters, and the characters YAML 1.1 reads as line breaks or byte-order marks);
 * - multi-line strings as literal blocks (`|`), readable as written, unless a line ends in a space or
 *   tab (which editors strip), then double-quoted with `\n` escapes.
 *
 * The text is the same, byte for byte, as the `yaml` package's `Document#toString` writes with these
 * choices (test/output/yaml-reference.ts keeps that writer, and a property test compares the two):
 * it was the writer here until a 1,000-step KFP spec took 400 ms to print; this one writes the text
 * directly, in one walk, without building nodes.
 *
 * - numbers as plain decimals (`0.0000001`, never `1e-7`, which YAML 1.1 readers take for a string);
 * - header comments with every character a comment cannot hold escaped (see `commentLines`).
 *
 * Values are JSON-like: strings, finite numbers, booleans, null, arrays, plain objects and `Map`s
 * (a `Map` keeps insertion order even for keys that look like array indices). Object keys whose value
 * is `undefined` are left out, as `JSON.stringify` does. Anything else is a bug in the caller.
 */

import { plainNumber } from "./numbers.js";

/** How mapping keys are ordered. */
export type KeyOrder =
  /** Every mapping sorted by key, by Unicode code point (what Python's `sort_keys` does; KFP's order). */
  | "sorted"
  /**
   * Keys as given (insertion order), except that at the top of each document the keys listed come
   * first, in that order (Kubernetes: `apiVersion`, `kind`, `metadata`, `spec`).
   */
  | { readonly first: readonly string[] };

/** Kubernetes' conventional order of a manifest's top-level keys; deeper keys keep the order built. */
export const KUBERNETES_KEY_ORDER: KeyOrder = { first: ["apiVersion", "kind", "metadata", "spec"] };

export interface YamlOptions {
  /** Comment lines written before the first document, each as `# line` (an empty line as `#`). */
  readonly header?: readonly string[];
  readonly keys: KeyOrder;
}

/** Writes `docs` as one multi-document YAML text (documents separated by `---`), ending in a newline. */
export function toYaml(docs: readonly unknown[], options: YamlOptions): string {
  const header = commentLines(options.header ?? []);
  const body = docs.map((doc) => printDocument(doc, options.keys)).join("---\n");
  return header.length === 0 ? body : `${header.join("\n")}\n${body}`;
}

/**
 * Header lines as YAML comments: `# line` (an empty line as `#`), one comment per line break in a
 * line. A comment holds printable characters only, and YAML 1.1 readers end it at NEL, LS and PS:
 * every other character YAML does not print, and those three, are written as escapes in Python's
 * notation (`\x1b`, `\u2028`), so that the file still loads and the comment stays one line.
 */
export function commentLines(lines: readonly string[]): string[] {
  return lines
    .flatMap((line) => line.split(/\r\n|[\r\n]/))
    .map((line) => line.replace(NOT_IN_COMMENT, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`)))
    .map((line) => (line === "" ? "#" : `# ${line}`));
}

/**
 * What a comment cannot hold as is: characters outside YAML's printable set (C0 controls but tab,
 * DEL, C1 controls, lone surrogates, U+FFFE, U+FFFF), the characters YAML 1.1 reads as line breaks
 * (NEL, LS, PS), and the byte-order mark, which YAML allows only at the start of a document.
 */
// eslint-disable-next-line no-control-regex
const NOT_IN_COMMENT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, "0");
}

function printDocument(value: unknown, keys: KeyOrder): string {
  const printer = new Printer(keys);
  try {
    printer.node(value, "", true);
  } catch (e) {
    // The printer keeps no path, to stay fast; walk the value again to say where it went wrong.
    if (e instanceof NotJsonLike) explainInvalid(value, keys, true, "$");
    throw e;
  }
  printer.parts.push("\n");
  return printer.parts.join("");
}

/** Thrown by the printer for a value that is not JSON-like; `explainInvalid` then says where. */
class NotJsonLike extends Error {}

// ---------------------------------------------------------------------------------------------------
// Layout. A node is written where its text starts: after `- `, after `key: ` or at the start of the
// document. `indent` is the indentation of the node's further lines: of a mapping's keys, a sequence's
// dashes, a literal block's lines.

class Printer {
  /** The text so far, in pieces, joined once at the end. */
  readonly parts: string[] = [];
  /** Keys of mappings below the top one, as written: they repeat a lot, and only the top differs. */
  private readonly keyCache = new Map<string, string>();
  /** One-line strings below the top of the document, as written (they do not depend on the indent). */
  private readonly lineCache = new Map<string, string>();

  constructor(private readonly keys: KeyOrder) {}

  node(value: unknown, indent: string, top: boolean): void {
    switch (typeof value) {
      case "string":
        this.parts.push(top ? stringScalar(value, "", false) : this.valueString(value, indent));
        return;
      case "number":
        if (!Number.isFinite(value)) throw new NotJsonLike();
        this.parts.push(plainNumber(value)); // never `1e-7`, which YAML 1.1 reads as a string
        return;
      case "boolean":
        this.parts.push(value ? "true" : "false");
        return;
      case "object":
        break;
      default:
        throw new NotJsonLike();
    }
    if (value === null) {
      this.parts.push("null");
    } else if (Array.isArray(value)) {
      if (value.length === 0) this.parts.push("[]");
      else this.sequence(value, indent);
    } else {
      const fields = fieldsOf(value, this.keys, top);
      if (fields.length === 0) this.parts.push("{}");
      else this.mapping(value, fields, indent);
    }
  }

  private sequence(items: readonly unknown[], indent: string): void {
    const inner = `${indent}  `;
    const next = `\n${indent}- `;
    for (let i = 0; i < items.length; i++) {
      this.parts.push(i === 0 ? "- " : next);
      const item = items[i];
      if (item === undefined && !(i in items)) this.parts.push("null"); // a hole in a sparse array
      else this.node(item, inner, false);
    }
  }

  /** `fields`: the keys of `object` (a plain object or a `Map`) to write, in order. */
  private mapping(object: object, fields: readonly string[], indent: string): void {
    const inner = `${indent}  `;
    const newLine = `\n${indent}`;
    const map = object instanceof Map ? (object as Map<string, unknown>) : undefined;
    for (let i = 0; i < fields.length; i++) {
      const k = fields[i]!;
      const value = map === undefined ? (object as Record<string, unknown>)[k] : map.get(k);
      if (i > 0) this.parts.push(newLine);
      const key = this.keyString(k, inner);
      if (key.length > 1024) {
        // Longer than an implicit key may be: an explicit one, its value on the next line after `: `.
        this.parts.push(`? ${key}\n${indent}: `);
        this.node(value, inner, false);
      } else if (Array.isArray(value) && value.length > 0) {
        this.parts.push(key, ":", newLine); // a sequence under its key, not indented
        this.sequence(value, indent);
      } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const nested = fieldsOf(value, this.keys, false);
        if (nested.length === 0) {
          this.parts.push(key, ": {}");
        } else {
          this.parts.push(key, ":", newLine, "  ");
          this.mapping(value, nested, inner);
        }
      } else {
        this.parts.push(key, ": ");
        this.node(value, inner, false);
      }
    }
  }

  /** `indent`: the key's own indentation plus one step (the library's context for a key). */
  private keyString(s: string, indent: string): string {
    if (indent === "  ") return stringScalar(s, indent, true);
    let text = this.keyCache.get(s);
    if (text === undefined) {
      text = stringScalar(s, indent, true);
      this.keyCache.set(s, text);
    }
    return text;
  }

  private valueString(s: string, indent: string): string {
    if (s.includes("\n")) return stringScalar(s, indent, false);
    let text = this.lineCache.get(s);
    if (text === undefined) {
      text = stringScalar(s, indent, false);
      this.lineCache.set(s, text);
    }
    return text;
  }
}

/**
 * The keys of a plain object or `Map` to write, in order, without those whose value is `undefined`.
 * Throws `NotJsonLike` for any other object and for a `Map` key that is not a string.
 */
function fieldsOf(value: object, keys: KeyOrder, top: boolean): string[] {
  let fields: string[] = [];
  if (value instanceof Map) {
    for (const [k, v] of value as Map<unknown, unknown>) {
      if (typeof k !== "string") throw new NotJsonLike();
      if (v !== undefined) fields.push(k);
    }
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotJsonLike();
    for (const k of Object.keys(value)) if ((value as Record<string, unknown>)[k] !== undefined) fields.push(k);
  }
  if (keys === "sorted") fields.sort(compareKeys);
  else if (top) fields = firstKeysFirst(fields, keys.first, (k) => k);
  return fields;
}

/** `compareCodePoints`, faster where no surrogate decides. */
function compareKeys(a: string, b: string): number {
  // UTF-16 code units order as code points do unless a surrogate is involved where they first differ.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if ((ca & 0xf800) === 0xd800 || (cb & 0xf800) === 0xd800) return compareCodePoints(a, b);
    return ca - cb;
  }
  return a.length - b.length;
}

function firstKeysFirst<T>(items: readonly T[], first: readonly string[], key: (item: T) => string): T[] {
  const rank = (k: string): number => {
    const i = first.indexOf(k);
    return i < 0 ? first.length : i;
  };
  // Array.prototype.sort is stable, so the other keys keep their insertion order.
  return [...items].sort((a, b) => rank(key(a)) - rank(key(b)));
}

/** Orders strings by Unicode code point, as Python compares `str` (UTF-16 code units differ above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
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

/** Throws the error for the first value in `value` (in writing order) that is not JSON-like. */
function explainInvalid(value: unknown, keys: KeyOrder, top: boolean, path: string): void {
  if (typeof value === "string" || value === null || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`toYaml: ${path} is ${value}, which YAML readers disagree on`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => explainInvalid(v, keys, false, `${path}[${i}]`)); // skips holes, which are written as null
    return;
  }
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
  if (keys === "sorted") entries.sort(([a], [b]) => compareKeys(a, b));
  else if (top) entries = firstKeysFirst(entries, keys.first, ([k]) => k);
  for (const [k, v] of entries) explainInvalid(v, keys, false, `${path}.${k}`);
}

// ---------------------------------------------------------------------------------------------------
// Strings: which style, and how each style is written

/** Characters that only a double-quoted string can carry safely (escaped). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPES_IN_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;

/** A line of a literal block may not end in a blank: editors strip it. */
const BLANK_AT_LINE_END = /[ \t]\n|[ \t]$/;

/**
 * What a plain scalar cannot be: an indicator first (`- `, `? ` or one of `,[]{}#&*!|>'"%@` and the
 * backquote), `: ` or ` #` inside, a blank or `:` at the end.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line starting like a document marker (`---`, `...`) or a directive (`%`). */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

/**
 * The string `s` as a scalar. `indent` is the indentation of its further lines ("" at the top of a
 * document); for a key (`key`), one step more than the key's own.
 */
function stringScalar(s: string, indent: string, key: boolean): string {
  if (s.includes("\n")) {
    if (!key && !NEEDS_ESCAPES.test(s) && !s.includes("\r") && !BLANK_AT_LINE_END.test(s)) return literalBlock(s, indent, false);
    return doubleQuoted(s, indent, key);
  }
  if (NEEDS_ESCAPES_IN_LINE.test(s) || s.includes("\t")) return doubleQuoted(s, indent, key);
  if (looksLikeNonString(s)) return s.includes("'") ? doubleQuoted(s, indent, key) : singleQuoted(s);
  // Plain when it reads back as the same string, else quoted.
  if (NOT_PLAIN.test(s)) return quoted(s, indent, key);
  if (DOCUMENT_MARKER.test(s)) {
    // At the top of a document a plain `---x` would end it: an indented literal block instead.
    if (indent === "") return literalBlock(s, indent, true);
    if (key && indent === "  ") return quoted(s, indent, key);
  }
  if (resolvesInCoreSchema(s)) return quoted(s, indent, key);
  return s;
}

/** Single quotes, unless the string has a `'` and no `"`. */
function quoted(s: string, indent: string, key: boolean): string {
  return s.includes("'") && !s.includes('"') ? doubleQuoted(s, indent, key) : singleQuoted(s);
}

/** For strings without line breaks. */
function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Double-quoted with escapes: JSON's, with YAML's short forms (`\0`, `\a`, `\v`, `\e`, `\xXX`), `\ `
 * for a space before a line break, and `\uXXXX` for the characters YAML 1.1 readers take for line
 * breaks or a byte-order mark or reject. Except in a key, a string of 40 characters or more breaks its
 * lines where the value does, as a folded line pair (an empty line) after each `\n` break, the next
 * line indented and its first space escaped.
 */
function doubleQuoted(value: string, ctxIndent: string, key: boolean): string {
  const json = JSON.stringify(value);
  if (!json.includes("\\")) return escapeNonPrintable(json);
  const indent = ctxIndent || (DOCUMENT_MARKER.test(value) ? "  " : "");
  const multiLine = !key && json.length >= 40;
  let out = "";
  let start = 0;
  for (let i = 0; i < json.length; i++) {
    let ch = json[i];
    if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
      out += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = "\\";
    }
    if (ch !== "\\") continue;
    const next = json[i + 1];
    if (next === "u") {
      out += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      const short = SHORT_ESCAPES[code];
      if (short !== undefined) out += short;
      else if (code.startsWith("00")) out += `\\x${code.slice(2)}`;
      else out += json.substr(i, 6);
      i += 5;
      start = i + 1;
    } else if (next === "n" && multiLine && json[i + 2] !== '"') {
      out += `${json.slice(start, i)}\n\n`;
      while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
        out += "\n";
        i += 2;
      }
      out += indent;
      if (json[i + 2] === " ") out += "\\";
      i += 1;
      start = i + 1;
    } else {
      i += 1;
    }
  }
  return escapeNonPrintable(start === 0 ? json : out + json.slice(start));
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e" };

function escapeNonPrintable(text: string): string {
  return text.replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A literal block (`|`) for a string without line-end blanks or characters that need escapes. The
 * header says how to keep the final line breaks (`|-` none, `|` one, `|+` all of several) and, when
 * the first line starts with a space, the indentation (`|2`; `|1` at the top of a document, where
 * lines are indented by one step only when a line could read as a document marker, or `force`).
 */
function literalBlock(value: string, ctxIndent: string, force: boolean): string {
  const indent = ctxIndent || (force || DOCUMENT_MARKER.test(value) ? "  " : "");
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 10) end--;
  const breaks = value.length - end;
  const chomp = breaks === 0 ? "-" : end === 0 || breaks > 1 ? "+" : "";
  const body = value.slice(0, end);
  let startsWithSpace = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 32) startsWithSpace = true;
    else if (c !== 10) break;
  }
  const header = `${startsWithSpace ? (indent === "" ? "1" : "2") : ""}${chomp}`;
  const lines = indent === "" ? body : body.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${lines}${breaks > 1 ? "\n".repeat(breaks - 1) : ""}`;
}

/**
 * Whether a YAML 1.1 or 1.2 reader resolves the plain scalar `s` to something other than a string:
 * booleans and nulls (1.1 also `yes`/`no`/`on`/`off`/`y`/`n`), integers and floats (1.1 also with `_`,
 * binary, octal, hexadecimal, sexagesimal), timestamps, and 1.1's merge key `<<` and value key `=`.
 */
export function looksLikeNonString(s: string): boolean {
  // Every special form starts with one of these (or is empty): a cheap test first.
  return (s === "" || MAY_BE_SPECIAL.test(s)) && YAML11_OR_12_SPECIAL.some((re) => re.test(s));
}

const MAY_BE_SPECIAL = /^[-+.0-9~<=yYnNtTfFoOeE]/;

const YAML11_OR_12_SPECIAL: readonly RegExp[] = [
  // null and booleans
  /^(?:~|null|Null|NULL|)$/,
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  // integers: decimal, 0b, 0o / leading-zero octal, 0x, with `_` (1.1), sexagesimal (1.1)
  /^[-+]?(?:0|[1-9][0-9_]*)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0o?[0-7_]+$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
  // floats: with `_` (1.1), exponent with or without a dot, sexagesimal (1.1), infinities and NaN
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)$/,
  // the `yaml` package's YAML 1.1 schema also takes an exponent with no digits before it (`e3`,
  // `.e3`) for a float (NaN), and Kubernetes tooling built on it (k8s-validate) reads it so
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  // timestamps (1.1): a date, or a date and time
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
  // merge key and value key (1.1)
  /^(?:<<|=)$/,
];

/**
 * Whether the `yaml` package's YAML 1.2 core schema resolves `s` to something other than a string,
 * where `looksLikeNonString` does not already say so: integers with leading zeros (`09`), which are
 * octal for YAML 1.1 only when their digits are. The library quotes them; so does this writer.
 */
function resolvesInCoreSchema(s: string): boolean {
  return (s === "" || MAY_BE_SPECIAL.test(s)) && CORE_SCHEMA_SPECIAL.some((re) => re.test(s));
}

const CORE_SCHEMA_SPECIAL: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
