import type { IToken } from "chevrotain";
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Loc } from "../../ir/types.js";
import type { LineMap } from "../../syntax/line-map.js";
import { TripleString } from "../../syntax/lexer.js";

/** A piece of a decoded string: literal text, or a `${a.b}` reference (its dotted path). */
export type StringPiece =
  | { readonly kind: "text"; readonly value: string; readonly loc: Loc }
  | { readonly kind: "ref"; readonly path: readonly string[]; readonly loc: Loc };

const REF = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*$/;

/**
 * Decodes a string token into pieces. Plain strings process escapes (`\n \t \r \" \\ \$ \u{…}`);
 * triple-quoted strings are raw except `\$`, lose the newline after the opening quotes and their
 * common indentation. Both interpolate `${ref}`.
 */
export function decodeString(token: IToken, lines: LineMap, diagnostics: Diagnostic[]): StringPiece[] {
  const triple = token.tokenType === TripleString;
  const raw = triple ? token.image.slice(3, -3) : token.image.slice(1, -1);
  const rawStart = triple ? 3 : 1;
  const base = token.startOffset + rawStart;
  const locOf = (from: number, to: number): Loc => lines.span(base + from, base + to);

  const pieces: StringPiece[] = [];
  let text = "";
  let textStart = 0;
  // Indices of `raw` where each character of `text` came from, for dedenting triple strings.
  const flush = (end: number) => {
    if (text.length > 0) pieces.push({ kind: "text", value: text, loc: locOf(textStart, end) });
    text = "";
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === "\\") {
      const next = raw[i + 1];
      if (next === "$") {
        if (text === "") textStart = i;
        text += "$";
        i += 2;
        continue;
      }
      if (triple) {
        if (text === "") textStart = i;
        text += ch;
        i++;
        continue;
      }
      if (text === "") textStart = i;
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
      if (next !== undefined && next in simple) {
        text += simple[next];
        i += 2;
        continue;
      }
      const u = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(raw.slice(i + 1));
      if (u !== null && Number.parseInt(u[1], 16) <= 0x10ffff) {
        text += String.fromCodePoint(Number.parseInt(u[1], 16));
        i += 1 + u[0].length;
        continue;
      }
      diagnostics.push(M.invalidEscape.at(locOf(i, Math.min(raw.length, i + 2)), raw.slice(i, i + 2)));
      i += 2;
      continue;
    }
    if (ch === "$" && raw[i + 1] === "{") {
      const close = raw.indexOf("}", i + 2);
      if (close < 0) {
        diagnostics.push(M.unterminatedInterpolation.at(locOf(i, Math.min(raw.length, i + 2))));
        return pieces;
      }
      flush(i);
      const body = raw.slice(i + 2, close);
      const m = REF.exec(body);
      if (m === null) {
        diagnostics.push(M.invalidInterpolation.at(locOf(i, close + 1), body));
      } else {
        pieces.push({ kind: "ref", path: m[1].split(".").map((s) => s.trim()), loc: locOf(i + 2, close) });
      }
      i = close + 1;
      continue;
    }
    if (text === "") textStart = i;
    text += ch;
    i++;
  }
  flush(raw.length);
  return triple ? dedent(pieces) : pieces;
}

/**
 * Removes the newline right after `"""`, the whitespace-only last line before the closing quotes, and
 * the indentation common to all non-blank lines. Interpolated references count as non-blank text.
 */
function dedent(pieces: StringPiece[]): StringPiece[] {
  const SENTINEL = "\u0000";
  const joined = pieces.map((p) => (p.kind === "text" ? p.value : SENTINEL)).join("");
  let body = joined.replace(/^[ \t]*\r?\n/, "");
  body = body.replace(/\r?\n[ \t]*$/, "");
  const lines = body.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  const result = lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length))).join("\n");
  // Put the references back in order; text pieces keep the location of the first original text.
  const refs = pieces.filter((p) => p.kind === "ref");
  const firstText = pieces.find((p) => p.kind === "text");
  const out: StringPiece[] = [];
  const parts = result.split(SENTINEL);
  parts.forEach((t, idx) => {
    if (t !== "") out.push({ kind: "text", value: t, loc: firstText?.loc ?? refs[0].loc });
    if (idx < refs.length) out.push(refs[idx]);
  });
  return out;
}
