import { EOF, type CstNode, type ILexingError, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Loc } from "../ir/types.js";
import * as T from "./lexer.js";
import { parser } from "./parser.js";

/** The deepest nesting of brackets (and `not`s) the parser accepts; real pipelines stay far below. */
export const MAX_NESTING = 100;

export interface ParseResult {
  /** One `file` node per stretch of top-level declarations the parser could read. */
  readonly files: readonly CstNode[];
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Location of a token, 1-based, end exclusive. */
export function tokenLoc(file: string, t: IToken): Loc {
  const line = t.startLine ?? 1;
  const col = t.startColumn ?? 1;
  return {
    file,
    line,
    col,
    endLine: t.endLine ?? line,
    endCol: (t.endColumn ?? col) + 1,
  };
}

/** Location spanning from the start of `a` to the end of `b`. */
export function spanLoc(file: string, a: IToken, b: IToken): Loc {
  const s = tokenLoc(file, a);
  const e = tokenLoc(file, b);
  return { file, line: s.line, col: s.col, endLine: e.endLine, endCol: e.endCol };
}

function endOfText(file: string, text: string): Loc {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines.length;
  const col = lines[line - 1].length + 1;
  return { file, line, col, endLine: line, endCol: col };
}

const RULE_EXPECTATIONS: Record<string, string> = {
  topLevel: "'import', 'component', 'pipeline', 'tune' or 'serve'",
  file: "'import', 'component', 'pipeline', 'tune' or 'serve'",
  importDecl: "a file name string or '{'",
  componentItem: "'image', 'input', 'output', 'run', 'args', a setting or '}'",
  pipelineItem: "'param', 'output', a step, 'if', 'for', 'finally', a setting or '}'",
  statement: "a step, 'if', 'for', 'serve' or '}'",
  setting: "a setting",
  resourceItem: "'cpu', 'memory', 'ephemeralStorage', 'gpu' or '}'",
  stepItem: "'always', 'displayName', 'reimport', 'metadata', a setting or '}'",
  tuneItem: "'objective', 'algorithm', 'search', 'trials', a setting or '}'",
  serveItem: "'model', 'runtime', 'replicas', 'canary', a setting or '}'",
  searchDecl: "a range 'min .. max' or a list",
  scalar: "a string, a number or a name",
  string: "a string",
  primary: "a value",
  unary: "a value",
  comparison: "a value",
  notExpr: "a value",
  andExpr: "a value",
  orExpr: "a value",
  expression: "a value",
  commandItem: "a value or 'if'",
  stepStatement: "a call such as 'train(data: prep.out)' or 'import Model from \"…\"'",
};

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

/** When a closing brace is missing in these rules, the user more likely wrote a wrong item. */
const BODY_OF: Record<string, string> = {
  componentDecl: "componentItem",
  pipelineDecl: "pipelineItem",
  block: "statement",
  stepBlock: "stepItem",
  tuneDecl: "tuneItem",
  serveDecl: "serveItem",
  setting: "resourceItem",
};

const errorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }: { expected: TokenType; ruleName: string }) => {
    if (expected === EOF) return RULE_EXPECTATIONS.topLevel;
    const body = BODY_OF[ruleName];
    if (expected === T.RBrace && body !== undefined) return RULE_EXPECTATIONS[body];
    return label(expected);
  },
  buildNotAllInputParsedMessage: () => RULE_EXPECTATIONS.topLevel,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }: { expectedPathsPerAlt: TokenType[][][]; ruleName: string }) =>
    RULE_EXPECTATIONS[ruleName] ?? firstTokens(expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }: { expectedIterationPaths: TokenType[][]; ruleName: string }) =>
    RULE_EXPECTATIONS[ruleName] ?? firstTokens(expectedIterationPaths),
};
(parser as unknown as { errorMessageProvider: typeof errorMessageProvider }).errorMessageProvider = errorMessageProvider;

function firstTokens(paths: TokenType[][]): string {
  const labels = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0])))];
  if (labels.length === 0) return "more input";
  if (labels.length === 1) return labels[0];
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

function describeFound(t: IToken): string {
  const image = t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image;
  if (t.tokenType === T.StringLiteral || t.tokenType === T.TripleString) return `string ${JSON.stringify(image).replace(/\\"/g, '"')}`;
  return `'${image.replace(/\s+/g, " ")}'`;
}

/** A NUL or a run of control characters means the file is not source text at all. */
function binaryReason(text: string): string | undefined {
  if (text.includes("\u0000")) return "it contains NUL bytes";
  return undefined;
}

/**
 * Lexes and parses one file. Never throws: every problem is a diagnostic. On syntax errors the CST is
 * still returned (error recovery fills the gaps) but callers should not lower it.
 */
export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const binary = binaryReason(text);
  if (binary !== undefined) {
    return { files: [], comments: [], diagnostics: [M.notText.at({ file, line: 1, col: 1, endLine: 1, endCol: 2 }, binary)] };
  }

  const lexed = T.mlpipeLexer.tokenize(text);
  for (const e of lexed.errors) diagnostics.push(lexError(file, text, e));
  const tokens: IToken[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType === T.UnterminatedString || t.tokenType === T.UnterminatedTripleString) {
      diagnostics.push(M.unterminatedString.at(tokenLoc(file, t)));
    } else if (t.tokenType === T.BadNumber || (t.tokenType === T.NumberLiteral && !Number.isFinite(Number(t.image)))) {
      diagnostics.push(M.invalidNumber.at(tokenLoc(file, t), t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image));
    } else {
      tokens.push(t);
    }
  }
  const comments = (lexed.groups.comments ?? []) as IToken[];
  if (diagnostics.length > 0) return { files: [], comments, diagnostics };

  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    return { files: [], comments, diagnostics: [M.tooDeep.at(tokenLoc(file, deep), MAX_NESTING)] };
  }

  const files: CstNode[] = [];
  let rest = tokens;
  while (rest.length > 0) {
    parser.input = rest;
    let cst: CstNode;
    try {
      cst = parser.file();
    } catch (e) {
      // The nesting guard above keeps recursion shallow; this is a backstop, never a crash.
      if (e instanceof RangeError) return { files: [], comments, diagnostics: [M.tooDeep.at(tokenLoc(file, rest[0]), MAX_NESTING)] };
      throw e;
    }
    files.push(cst);
    let resumeAt = -1;
    for (const e of parser.errors) {
      diagnostics.push(parseError(file, text, e));
      if (e.name === "NotAllInputParsedException") resumeAt = rest.indexOf(e.token);
    }
    if (resumeAt < 0) break;
    // Skip to the next top-level declaration and parse again from there, so that one stray token does
    // not hide the errors of the rest of the file.
    let next = resumeAt + 1;
    while (next < rest.length && !TOP_LEVEL_STARTS.has(rest[next].tokenType)) next++;
    rest = rest.slice(next);
  }
  return { files, comments, diagnostics: dedupe(diagnostics) };
}

const TOP_LEVEL_STARTS = new Set<TokenType>([T.K.import, T.K.component, T.K.pipeline, T.K.tune]);

/**
 * The first token that nests deeper than MAX_NESTING: brackets, or a run of prefix operators
 * (`not not …`, `- -…`). Deeper input is rejected before parsing, so recursion stays bounded.
 */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.K.not || type === T.Minus) {
      prefixRun++;
      if (prefixRun > MAX_NESTING) return t;
      continue;
    }
    prefixRun = 0;
    if (type === T.LBrace || type === T.LBracket || type === T.LParen) {
      depth++;
      if (depth > MAX_NESTING) return t;
    } else if (type === T.RBrace || type === T.RBracket || type === T.RParen) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function lexError(file: string, text: string, e: ILexingError): Diagnostic {
  const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
  const shown = [...ch].slice(0, 10).join("");
  const display = /^[\x20-\x7e]+$/.test(shown)
    ? `'${shown}'`
    : [...shown].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ");
  const line = e.line ?? 1;
  const col = e.column ?? 1;
  return M.unexpectedCharacter.at({ file, line, col, endLine: line, endCol: col + Math.max(1, e.length) }, display);
}

function parseError(file: string, text: string, e: IRecognitionException): Diagnostic {
  const t = e.token;
  if (t.tokenType.name === "EOF" || Number.isNaN(t.startOffset)) {
    const prev = (e as unknown as { previousToken?: IToken }).previousToken;
    const loc = prev && !Number.isNaN(prev.startOffset) ? afterToken(file, prev) : endOfText(file, text);
    return M.unexpectedEof.at(loc, e.message);
  }
  return M.unexpectedToken.at(tokenLoc(file, t), describeFound(t), e.message);
}

function afterToken(file: string, t: IToken): Loc {
  const l = tokenLoc(file, t);
  return { file, line: l.endLine, col: l.endCol, endLine: l.endLine, endCol: l.endCol };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.loc?.line}:${d.loc?.col}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
