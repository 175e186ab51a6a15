import type { Loc } from "../ir/types.js";
import type { Diagnostic, Related, Severity } from "./diagnostic.js";
import { sourceLines, splitSourceLines } from "./formats/lines.js";

/**
 * Turns diagnostics into what users read: tsc-style text (`file:line:col - error MLP2003: …`, the
 * source line, `~~~` under the span, related locations, a summary) or a stable JSON array.
 *
 * Pure: no I/O, no environment. The CLI decides about colour and where the text goes. Columns are
 * 1-based UTF-16 code units, as the lexer counts them; a tab counts as one column.
 */

export interface RenderOptions {
  /** ANSI colours; the CLI turns them on only for terminals. */
  readonly color?: boolean;
}

/** Source lines longer than this are shown as a window around the span. */
const MAX_EXCERPT = 200;
/** How much of a long line to show before the span starts. */
const WINDOW_BEFORE = 40;

const ANSI = {
  reset: "\u001b[0m",
  red: "\u001b[91m",
  yellow: "\u001b[93m",
  blue: "\u001b[94m",
  grey: "\u001b[90m",
  cyan: "\u001b[96m",
  inverse: "\u001b[7m",
} as const;

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

type Paint = (style: string, text: string) => string;

function painter(color: boolean | undefined): Paint {
  return color === true ? (style, text) => (text === "" ? "" : style + text + ANSI.reset) : (_style, text) => text;
}

/**
 * All diagnostics as text, each block followed by a blank line, then the summary line
 * (`Found 3 errors in 2 files.`). Nothing at all when there are no diagnostics.
 */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: RenderOptions = {},
): string {
  if (diagnostics.length === 0) return "";
  const lines = new LineCache(sources);
  const blocks = diagnostics.map((d) => renderBlock(d, lines, options));
  const summary = renderSummary(diagnostics);
  return blocks.join("\n") + (summary === "" ? "" : "\n" + summary + "\n");
}

/** One diagnostic as text: header, blank line, excerpt, related locations; ends with a newline. */
export function renderDiagnostic(
  diagnostic: Diagnostic,
  sources: ReadonlyMap<string, string>,
  options: RenderOptions = {},
): string {
  return renderBlock(diagnostic, new LineCache(sources), options);
}

function renderBlock(d: Diagnostic, lines: LineCache, options: RenderOptions): string {
  const paint = painter(options.color);
  const out: string[] = [renderHeader(d, paint)];
  if (d.loc !== undefined) {
    const excerpt = renderExcerpt(d.loc, lines, "", SEVERITY_COLOR[d.severity], paint);
    if (excerpt.length > 0) out.push("", ...excerpt);
  }
  for (const r of d.related) out.push("", ...renderRelated(r, lines, paint));
  return out.join("\n") + "\n";
}

/** `file:line:col - error MLP2003: message`, or `error MLP9001: message` without a location. */
export function renderHeader(d: Diagnostic, paint: Paint = painter(false)): string {
  const head = `${paint(SEVERITY_COLOR[d.severity], d.severity)} ${paint(ANSI.grey, d.code + ":")} ${sanitizeMessage(d.message)}`;
  if (d.loc === undefined) return head;
  return `${renderPosition(d.loc, paint)} - ${head}`;
}

function renderPosition(loc: Loc, paint: Paint): string {
  return `${paint(ANSI.cyan, loc.file)}:${paint(ANSI.yellow, String(loc.line))}:${paint(ANSI.yellow, String(loc.col))}`;
}

function renderRelated(r: Related, lines: LineCache, paint: Paint): string[] {
  const out = [`  ${renderPosition(r.loc, paint)}`];
  out.push(...renderExcerpt(r.loc, lines, "    ", ANSI.cyan, paint));
  out.push(`    ${sanitizeMessage(r.message)}`);
  return out;
}

/**
 * The source line of `loc` with its line number in a gutter and `~` under the span; empty when the
 * source or the line is not known.
 */
function renderExcerpt(loc: Loc, lines: LineCache, indent: string, squiggleStyle: string, paint: Paint): string[] {
  const text = lines.line(loc.file, loc.line);
  if (text === undefined) return [];
  const { shown, underline } = excerptLine(text, loc);
  const gutter = String(loc.line);
  const blank = " ".repeat(gutter.length);
  return [
    `${indent}${paint(ANSI.inverse, gutter)} ${shown}`,
    `${indent}${paint(ANSI.inverse, blank)} ${underline.prefix}${paint(squiggleStyle, underline.squiggle)}`,
  ];
}

/** The part of a long line worth showing, and the underline for the span in it. */
function excerptLine(text: string, loc: Loc): { shown: string; underline: Underline } {
  const clean = sanitizeSource(text);
  if (clean.length <= MAX_EXCERPT) return { shown: clean, underline: underlineSpan(clean, loc) };
  const full = spanRange(clean, loc);
  const from = Math.max(0, full.start - WINDOW_BEFORE);
  const to = Math.min(clean.length, from + MAX_EXCERPT);
  const lead = from > 0 ? "…" : "";
  const shown = lead + clean.slice(from, to) + (to < clean.length ? "…" : "");
  const start = full.start - from + lead.length;
  const end = Math.max(start + 1, Math.min(full.end, to) - from + lead.length);
  return { shown, underline: makeUnderline(shown, start, end) };
}

export interface Underline {
  /** Whitespace up to the span, with the line's tabs kept so the `~` line up under any tab width. */
  readonly prefix: string;
  /** At least one `~`. */
  readonly squiggle: string;
}

/**
 * The underline for `loc` on `lineText` (the text of `loc.line`): `~` from `col` to `endCol`, to the end
 * of the line when the span goes on to further lines, and a single `~` for an empty span.
 */
export function underlineSpan(lineText: string, loc: Loc): Underline {
  const { start, end } = spanRange(lineText, loc);
  return makeUnderline(lineText, start, end);
}

/** The 0-based, end-exclusive range of the line to underline; never empty. */
function spanRange(lineText: string, loc: Loc): { start: number; end: number } {
  const start = Math.max(0, loc.col - 1);
  let end = loc.endLine > loc.line ? lineText.length : loc.endCol - 1;
  if (end <= start) end = start + 1;
  return { start, end };
}

function makeUnderline(lineText: string, start: number, end: number): Underline {
  let prefix = "";
  for (let i = 0; i < start; i++) prefix += lineText[i] === "\t" ? "\t" : " ";
  return { prefix, squiggle: "~".repeat(end - start) };
}

/**
 * `Found 3 errors in 2 files.`, `Found 1 error.`, `Found 2 errors and 1 warning.`; empty when there is
 * no error or warning (infos are not counted).
 */
export function renderSummary(diagnostics: readonly Diagnostic[]): string {
  let errors = 0;
  let warnings = 0;
  const files = new Set<string>();
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else continue;
    if (d.loc !== undefined) files.add(d.loc.file);
  }
  if (errors === 0 && warnings === 0) return "";
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, "error"));
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  const where = files.size > 1 ? ` in ${files.size} files` : "";
  return `Found ${parts.join(" and ")}${where}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The JSON form of a location; every key is always present so consumers see one shape. */
export interface JsonLocation {
  readonly file: string | null;
  readonly line: number | null;
  readonly col: number | null;
  readonly endLine: number | null;
  readonly endCol: number | null;
}

/** One diagnostic in `--format json` output. */
export interface JsonDiagnostic extends JsonLocation {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related: readonly (JsonLocation & { readonly message: string })[];
}

/** Diagnostics as plain JSON objects with a fixed key order. */
export function toJson(diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...jsonLocation(d.loc),
    related: d.related.map((r) => ({ message: r.message, ...jsonLocation(r.loc) })),
  }));
}

function jsonLocation(loc: Loc | undefined): JsonLocation {
  return {
    file: loc?.file ?? null,
    line: loc?.line ?? null,
    col: loc?.col ?? null,
    endLine: loc?.endLine ?? null,
    endCol: loc?.endCol ?? null,
  };
}

/** `--format json`: the array, 2-space indented, with a trailing newline. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(toJson(diagnostics), null, 2) + "\n";
}

/** The lines of a source as the lexer counts them: `\r\n`, `\r` and `\n` end a line. */
export const splitLines = splitSourceLines;

/** 1-based lines of the sources, each file split once. */
class LineCache {
  readonly line: (file: string, line: number) => string | undefined;
  constructor(sources: ReadonlyMap<string, string>) {
    this.line = sourceLines(sources);
  }
}

/**
 * Control characters in a source line (binary garbage, escape sequences) are shown as U+FFFD so they
 * cannot drive the terminal; each stays one code unit wide so columns still line up. Tabs are kept.
 */
export function sanitizeSource(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, "\ufffd");
}

/** Control characters in a message are written as escapes (`\u001b`), never sent raw. */
function sanitizeMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
