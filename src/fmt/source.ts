import type { CstNode, IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LineMap } from "../syntax/line-map.js";
import { parse } from "../syntax/parse.js";
import { attachComments, type Trivia } from "../syntax/trivia.js";

/**
 * What the formatter prints from: the parser's tree of one file that parsed without an error, with
 * its comments attached to nodes (src/syntax/trivia.ts). This is the "AST" the prettier plugin hands
 * from its parser to its printer.
 */
export interface FormatSource {
  readonly type: "mlpipe-file";
  /** The `file` node; absent when the text holds no token (empty, or only comments). */
  readonly file?: CstNode;
  /** Every comment, in source order (not `comments`: prettier takes that property of an AST for its own attachment). */
  readonly commentTokens: readonly IToken[];
  readonly trivia: Trivia;
  readonly lines: LineMap;
  readonly text: string;
}

/** A parsed source, or the syntax errors that keep it from being formatted. */
export type SourceResult = { readonly source: FormatSource } | { readonly diagnostics: readonly Diagnostic[] };

/**
 * Parses `text` for formatting. Any syntax error refuses the file: error recovery may have skipped or
 * invented tokens, and printing that tree would change the program.
 */
export function parseSource(text: string, file: string): SourceResult {
  const parsed = parse(text, file);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { diagnostics: errors };
  if (parsed.files.length > 1) throw new Error(`the parser read ${parsed.files.length} stretches of '${file}' without an error`);
  const trivia = attachComments(parsed.files, parsed.comments, parsed.lines);
  return { source: { type: "mlpipe-file", file: parsed.files[0], commentTokens: parsed.comments, trivia, lines: parsed.lines, text } };
}
