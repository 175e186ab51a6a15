import { catalogEntries, M } from "../../../diagnostics/catalog.js";
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import type { Loc } from "../../../ir/types.js";
import { LINT_RULES } from "../index.js";
import { commentSyntax, mlpipeComments, scriptComments, type LineComment } from "./comments.js";

/**
 * Inline suppressions: `mlpc-disable-next-line`, `mlpc-disable-line` and `mlpc-disable-file`
 * directives in the sources' comments hide warnings and infos (lint findings, the targets' warnings)
 * from the report. A suppressed diagnostic is kept, marked `suppressed`, for SARIF. Errors are never
 * suppressed. Problems with the directives themselves are MLP5090–MLP5094, at the directive.
 */

export type DirectiveKind = "next-line" | "line" | "file";

export interface Directive {
  readonly kind: DirectiveKind;
  readonly file: string;
  /** The comment that holds it. */
  readonly loc: Loc;
  /** The rules as written and the code each stands for; only the valid ones. */
  readonly rules: readonly { readonly name: string; readonly code: string }[];
  readonly reason: string;
}

export interface Parsed {
  /** The valid directives: those with a reason and at least one known rule. */
  readonly directives: Directive[];
  readonly diagnostics: Diagnostic[];
}

const PREFIX = "mlpc-disable";
const KINDS: readonly DirectiveKind[] = ["next-line", "line", "file"];
const RULE_ID = /^mlpc\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CODE = /^MLP\d{4}$/;

/** The code of each lint rule id, and the catalog's severity of each live code. */
const ruleCodes = new Map(LINT_RULES.map((r) => [r.id, r.code]));
const catalogSeverity = new Map(catalogEntries().map((e) => [e.code, e.severity]));
/** Lint rule codes: a config can raise these to errors, so only a finding's own severity decides. */
const lintCodes = new Set(LINT_RULES.map((r) => r.code));

/** The directives of one file's comments. `file` decides the comment syntax (`#` or `//`). */
export function parseDirectives(file: string, text: string): Parsed {
  const syntax = commentSyntax(file);
  if (syntax === undefined) return { directives: [], diagnostics: [] };
  const comments = syntax === "mlpipe" ? mlpipeComments(text) : scriptComments(text);
  const directives: Directive[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const comment of comments) {
    const body = comment.text.trim();
    if (!body.startsWith(PREFIX)) continue;
    const loc: Loc = { file, line: comment.line, col: comment.col, endLine: comment.line, endCol: comment.endCol };
    const parsed = parseDirective(body, comment, loc);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.directive !== undefined) directives.push(parsed.directive);
  }
  return { directives, diagnostics };
}

function parseDirective(body: string, comment: LineComment, loc: Loc): { directive?: Directive; diagnostics: Diagnostic[] } {
  const malformed = (why: string) => ({ diagnostics: [M.suppressMalformed.at(loc, why)] });
  const head = /^mlpc-disable(?:-([a-z-]*))?/.exec(body)!;
  const kind = KINDS.find((k) => k === head[1]);
  const rest = body.slice(head[0].length);
  if (kind === undefined || (rest !== "" && !/^\s/.test(rest))) {
    const word = body.split(/\s/, 1)[0]!;
    return malformed(`'${word}' is not one of mlpc-disable-next-line, mlpc-disable-line, mlpc-disable-file`);
  }
  if (kind === "line" && comment.ownLine) return malformed("mlpc-disable-line goes at the end of the line it suppresses on; on a line of its own, use mlpc-disable-next-line");
  if (kind !== "line" && !comment.ownLine) return malformed(`mlpc-disable-${kind} goes on a line of its own`);
  // `RULE, RULE -- reason`: the reason follows the first ` --` that ends a word.
  const dash = /(^|\s)--(?=\s|$)/.exec(rest);
  const list = (dash === null ? rest : rest.slice(0, dash.index)).trim();
  const reason = dash === null ? "" : rest.slice(dash.index + dash[0].length).trim();
  if (list === "") return malformed("it names no rule");
  const names = list.split(",").map((n) => n.trim());
  if (names.some((n) => n === "" || /\s/.test(n))) return malformed("rules are separated by commas, each a lint rule id or a code");
  const diagnostics: Diagnostic[] = [];
  if (reason === "") diagnostics.push(M.suppressNoReason.at(loc));
  const rules: { name: string; code: string }[] = [];
  for (const name of names) {
    const code = CODE.test(name) && catalogSeverity.has(name) ? name : RULE_ID.test(name) ? ruleCodes.get(name) : undefined;
    if (code === undefined) diagnostics.push(M.suppressUnknownRule.at(loc, name));
    else if (catalogSeverity.get(code) === "error" && !lintCodes.has(code)) diagnostics.push(M.suppressError.at(loc, name));
    else if (!rules.some((r) => r.code === code)) rules.push({ name, code });
  }
  if (reason === "" || rules.length === 0) return { diagnostics };
  return { directive: { kind, file: loc.file, loc, rules, reason }, diagnostics };
}

export interface ApplyOptions {
  /**
   * Report directives that suppress nothing (MLP5094): `lint` does, for the files it was given (an
   * imported file's directive may be for a step another root runs); `check` and `compile` run fewer rules.
   */
  readonly reportUnused?: boolean | ((file: string) => boolean);
}

/**
 * Marks each warning or info that a directive of `sources` covers as `suppressed`, and adds the
 * problems with the directives. A directive that would hide an error reports MLP5093 and leaves the
 * error as it is. The directives' own diagnostics are never suppressed.
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: ApplyOptions = {}): Diagnostic[] {
  const byFile = new Map<string, Directive[]>();
  const problems: Diagnostic[] = [];
  for (const [file, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const parsed = parseDirectives(file, text);
    problems.push(...parsed.diagnostics);
    if (parsed.directives.length > 0) byFile.set(file, parsed.directives);
  }
  /** Per directive, the codes it suppressed or would have (an error). */
  const used = new Map<Directive, Set<string>>();
  const blocked = new Set<string>();
  const out = diagnostics.map((d) => {
    if (d.loc === undefined || d.suppressed !== undefined) return d;
    for (const directive of byFile.get(d.loc.file) ?? []) {
      if (!covers(directive, d.loc.line)) continue;
      const rule = directive.rules.find((r) => r.code === d.code);
      if (rule === undefined) continue;
      const codes = used.get(directive) ?? new Set<string>();
      used.set(directive, codes.add(d.code));
      if (d.severity === "error") {
        const key = `${directive.loc.line}:${directive.loc.col}:${d.code}`;
        if (!blocked.has(key)) problems.push(M.suppressError.at(directive.loc, rule.name));
        blocked.add(key);
        continue;
      }
      return { ...d, suppressed: { justification: directive.reason, loc: directive.loc } };
    }
    return d;
  });
  const report = options.reportUnused;
  if (report !== undefined && report !== false) {
    for (const [file, directives] of byFile) {
      if (report !== true && !report(file)) continue;
      for (const directive of directives) {
        for (const rule of directive.rules) {
          if (used.get(directive)?.has(rule.code) === true) continue;
          problems.push(M.suppressUnused.at(directive.loc, rule.name, WHERE[directive.kind]));
        }
      }
    }
  }
  return [...out, ...problems];
}

const WHERE: Record<DirectiveKind, string> = {
  "next-line": "starts on the next line",
  line: "starts on this line",
  file: "is in this file",
};

function covers(directive: Directive, line: number): boolean {
  switch (directive.kind) {
    case "next-line":
      return line === directive.loc.line + 1;
    case "line":
      return line === directive.loc.line;
    case "file":
      return true;
  }
}
