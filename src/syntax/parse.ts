import type { CstNode, ILexingError, IRecognitionException, IToken, TokenType } from "chevrotain";
import { EOF, tokenMatcher } from "./chevrotain.js";
import { M } from "../diagnostics/catalog.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as T from "./lexer.js";
import type * as C from "./cst.generated.js";
import { LineMap } from "./line-map.js";
import { mlpipeParser } from "./parser.js";

/** The deepest nesting of brackets (and `not`s) the parser accepts; real pipelines stay far below. */
export const MAX_NESTING = 100;

export interface ParseResult {
  /** One `file` node per stretch of top-level declarations the parser could read. */
  readonly files: readonly CstNode[];
  /** Offsets of tokens and nodes to lines and columns. */
  readonly lines: LineMap;
  /** The comments, in source order (trivia: `attachComments` in trivia.ts ties them to nodes). */
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Which top-level nodes the syntax errors (the lexer's included) touch; present when the parser ran
   * (not for binary text or too deep nesting: then nothing of the file can be trusted).
   */
  readonly recovery?: Recovery;
}

/** The kinds of top-level declarations that have a name. */
export type DeclarationKind = "component" | "pipeline" | "tune" | "serve";

/**
 * What error recovery left usable. A top-level node is broken when a syntax error was found while it
 * was being parsed (error recovery may then have skipped or invented tokens in it) or a lexical error
 * lies in its region (the parser never saw the bad token); the text from a
 * broken node to the next node the parser read is its region, and every declaration whose keyword and
 * name appear in that region (its own, and any that recovery swallowed) is a broken name.
 */
export interface Recovery {
  /** Every top-level node in source order, with whether a syntax error touches it. */
  readonly topLevel: readonly { readonly node: C.TopLevelCstNode; readonly broken: boolean }[];
  /** The declarations in broken regions whose name parsed (a `serve` statement's name included). */
  readonly brokenNames: readonly { readonly kind: DeclarationKind; readonly name: IToken }[];
  /**
   * A broken region holds an import or a declaration without a name: some names the file can see are
   * unknown, so no name may be reported as undefined.
   */
  readonly incomplete: boolean;
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
  operand: "a value",
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
let messagesSet = false;

/** The parser (built on first use), with mlpc's messages for its errors. */
function parser(): ReturnType<typeof mlpipeParser> {
  const p = mlpipeParser();
  if (!messagesSet) {
    (p as unknown as { errorMessageProvider: typeof errorMessageProvider }).errorMessageProvider = errorMessageProvider;
    messagesSet = true;
  }
  return p;
}

function firstTokens(paths: TokenType[][]): string {
  const labels = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0])))];
  if (labels.length === 0) return "more input";
  if (labels.length === 1) return labels[0];
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

function describeFound(t: IToken): string {
  const image = t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image;
  if (t.tokenType === T.StringLiteral || t.tokenType === T.TripleString) return `string ${image.replace(/\s+/g, " ")}`;
  return `'${image.replace(/\s+/g, " ")}'`;
}

/** A NUL or a run of control characters means the file is not source text at all. */
function binaryReason(text: string): string | undefined {
  if (text.includes("\u0000")) return "it contains NUL bytes";
  return undefined;
}

/**
 * Lexes and parses one file. Never throws: every problem is a diagnostic. On syntax errors the CST is
 * still returned (error recovery fills the gaps); callers lower only the top-level nodes `recovery`
 * says are not broken.
 */
export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lines = new LineMap(file, text);
  const binary = binaryReason(text);
  if (binary !== undefined) {
    return { files: [], lines, comments: [], diagnostics: [M.notText.at(lines.span(0, 1), binary)] };
  }

  const lexed = T.mlpipeLexer().tokenize(text);
  /** Where the lexer found a problem: the top-level node there is broken. */
  const lexical: number[] = [];
  /** A bad token (an unterminated string) swallowed what may be a declaration's keyword. */
  let hides = false;
  for (const e of lexed.errors) {
    diagnostics.push(lexError(lines, text, e));
    lexical.push(e.offset);
  }
  const tokens: IToken[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType === T.UnterminatedString || t.tokenType === T.UnterminatedTripleString) {
      diagnostics.push(M.unterminatedString.at(lines.of(t)));
      lexical.push(t.startOffset);
      if (DECLARATION_WORD.test(t.image)) hides = true;
    } else if (t.tokenType === T.BadNumber || (t.tokenType === T.NumberLiteral && !Number.isFinite(Number(t.image)))) {
      diagnostics.push(M.invalidNumber.at(lines.of(t), t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image, quoteHint(t)));
      lexical.push(t.startOffset);
    } else {
      tokens.push(t);
    }
  }
  const comments = (lexed.groups.comments ?? []) as IToken[];

  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    return { files: [], lines, comments, diagnostics: lexical.length > 0 ? diagnostics : [M.tooDeep.at(lines.of(deep), MAX_NESTING)] };
  }

  const files: CstNode[] = [];
  const topLevel: { node: C.TopLevelCstNode; broken: boolean }[] = [];
  /** Where the region of each top-level node ends: where the next begins, or its stretch ends. */
  const ends: number[] = [];
  /** [start, end) offsets of the text skipped after a stray token. */
  const skipped: [number, number][] = [];
  /** The parser's diagnostics, with the index of the top-level node each was found in. */
  const found: { diagnostic: Diagnostic; owner: number }[] = [];
  let rest = tokens;
  // Keyword suggestions run content assist (a few milliseconds each): the first few errors get them.
  let suggestions = MAX_SUGGESTIONS;
  const suggest = (t: IToken): string => (suggestions-- > 0 ? keywordSuggestion(rest, t) : "");
  const p = parser();
  while (rest.length > 0) {
    p.input = rest;
    let cst: CstNode;
    try {
      cst = p.file();
    } catch (e) {
      // The nesting guard above keeps recursion shallow; this is a backstop, never a crash.
      if (e instanceof RangeError) return { files: [], lines, comments, diagnostics: [M.tooDeep.at(lines.of(rest[0]), MAX_NESTING)] };
      throw e;
    }
    files.push(cst);
    const nodes = ((cst as C.FileCstNode).children.topLevel ?? []).map((node) => ({ node, broken: false }));
    let resumeAt = -1;
    for (const e of p.errors) {
      let owner = -1;
      if (e.name === "NotAllInputParsedException") resumeAt = rest.indexOf(e.token);
      else owner = markBroken(nodes, e);
      found.push({ diagnostic: parseError(lines, e, suggest), owner: owner < 0 ? -1 : topLevel.length + owner });
    }
    topLevel.push(...nodes);
    // A stretch ends at the token recovery could not place (or at the end of the file).
    const stretchEnd = resumeAt >= 0 ? rest[resumeAt].startOffset : text.length;
    nodes.forEach((_, i) => ends.push(i + 1 < nodes.length ? nodes[i + 1].node.location!.startOffset : stretchEnd));
    if (resumeAt < 0) break;
    // Skip to the next top-level declaration and parse again from there, so that one stray token does
    // not hide the errors of the rest of the file.
    let next = resumeAt + 1;
    while (next < rest.length && !TOP_LEVEL_STARTS.has(rest[next].tokenType)) next++;
    skipped.push([stretchEnd, next < rest.length ? rest[next].startOffset : text.length]);
    rest = rest.slice(next);
  }
  // A node with a lexical error is broken, and what the parser said about it follows from the bad
  // token it never saw (a missing value, a brace): not reported.
  const byLexer = new Set<number>();
  for (const at of lexical) {
    const i = topLevel.findIndex((t, k) => t.node.location!.startOffset <= at && at < ends[k]);
    if (i < 0) continue;
    topLevel[i].broken = true;
    byLexer.add(i);
  }
  for (const f of found) if (!byLexer.has(f.owner)) diagnostics.push(f.diagnostic);
  const regions: [number, number][] = topLevel.flatMap((t, i): [number, number][] => (t.broken ? [[t.node.location!.startOffset, ends[i]]] : []));
  regions.push(...skipped);
  regions.sort((a, b) => a[0] - b[0]);
  const recovery = regions.length === 0 && !hides ? { topLevel, brokenNames: [], incomplete: false } : recover(topLevel, tokens, regions, hides);
  return { files, lines, comments, diagnostics: dedupe(diagnostics), recovery };
}

/** A declaration's keyword, in the text of a bad token. */
const DECLARATION_WORD = /\b(?:import|component|pipeline|tune|serve)\b/;

/**
 * Marks the top-level node an error was found in: the last one that starts before the error's token
 * (at the end of the file: the last one). Errors of the `file` rule itself (a stray token between
 * declarations) belong to no node. Returns the index marked, or -1.
 */
function markBroken(nodes: { node: C.TopLevelCstNode; broken: boolean }[], e: IRecognitionException): number {
  if (e.context.ruleStack.length < 3 || nodes.length === 0) return -1;
  const at = e.token.startOffset;
  let i = nodes.length - 1;
  if (!Number.isNaN(at)) while (i > 0 && !(nodes[i].node.location!.startOffset < at)) i--;
  nodes[i].broken = true;
  return i;
}

const DECLARATION_KEYWORDS = new Map<TokenType, DeclarationKind>([
  [T.K.component, "component"],
  [T.K.pipeline, "pipeline"],
  [T.K.tune, "tune"],
  [T.K.serve, "serve"],
]);

/** The broken names and whether the file's names are incomplete, from the tokens in broken regions. */
function recover(topLevel: Recovery["topLevel"], tokens: readonly IToken[], regions: readonly [number, number][], hides: boolean): Recovery {
  const brokenNames: { kind: DeclarationKind; name: IToken }[] = [];
  let incomplete = hides;
  let r = 0;
  for (let i = 0; i < tokens.length && r < regions.length; i++) {
    const t = tokens[i];
    while (r < regions.length && t.startOffset >= regions[r][1]) r++;
    if (r === regions.length || t.startOffset < regions[r][0]) continue;
    if (t.tokenType === T.K.import) incomplete = true;
    const kind = DECLARATION_KEYWORDS.get(t.tokenType);
    if (kind === undefined) continue;
    const name = tokens[i + 1];
    if (name !== undefined && name.startOffset < regions[r][1] && tokenMatcher(name, T.Identifier)) brokenNames.push({ kind, name });
    else incomplete = true;
  }
  return { topLevel, brokenNames, incomplete };
}

const TOP_LEVEL_STARTS = new Set<TokenType>([T.K.import, T.K.component, T.K.pipeline, T.K.tune, T.K.serve]);

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

function lexError(lines: LineMap, text: string, e: ILexingError): Diagnostic {
  const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
  const shown = [...ch].slice(0, 10).join("");
  const display = /^[\x20-\x7e]+$/.test(shown)
    ? `'${shown}'`
    : [...shown].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ");
  return M.unexpectedCharacter.at(lines.span(e.offset, e.offset + Math.max(1, e.length)), display);
}

function parseError(lines: LineMap, e: IRecognitionException, suggest: (t: IToken) => string): Diagnostic {
  const t = e.token;
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) {
    const prev = (e as unknown as { previousToken?: IToken }).previousToken;
    const at = prev && !Number.isNaN(prev.startOffset) ? prev.startOffset + prev.image.length : Number.MAX_SAFE_INTEGER;
    return M.unexpectedEof.at(lines.span(at, at), e.message);
  }
  return M.unexpectedToken.at(lines.of(t), describeFound(t), e.message, suggest(t));
}

/**
 * A number glued to letters is most often a quantity or a duration written without quotes
 * (`memory 8Gi`, `timeout 30m`): say to quote it. "" for a number that is only too large.
 */
function quoteHint(t: IToken): string {
  if (t.tokenType !== T.BadNumber || !UNIT_SUFFIXED.test(t.image)) return "";
  return ` Quantities and durations are strings: write "${t.image}".`;
}

/** A number with a unit of a quantity (`8Gi`, `500m`, `8GB`) or a duration (`30s`, `4h`, `250ms`). */
const UNIT_SUFFIXED = /^\d+(?:\.\d+)?(?:(?:[kmgtpe]i|[kmgtpe])b?|[mun]?s|[mhdw])$/i;

/** The keyword each keyword token stands for. */
const KEYWORD_OF = new Map<TokenType, string>(Object.entries(T.K).map(([word, type]) => [type, word]));

/**
 * Content assist looks at the tokens from the start of the declaration; past this many it is not
 * worth the time on an error path (a typo deep in a huge pipeline gets no suggestion).
 */
const MAX_ASSIST_TOKENS = 2000;
/** How many of a file's unexpected tokens are looked at for a keyword suggestion. */
const MAX_SUGGESTIONS = 3;

/**
 * " Did you mean 'backoff'?" when the unexpected word `at` is near a keyword the grammar accepts
 * there (`retry 3 backof "30s"`): the keywords that may come next, by chevrotain's content assist over
 * the tokens of the declaration before it. "" otherwise.
 */
function keywordSuggestion(tokens: readonly IToken[], at: IToken): string {
  if (!tokenMatcher(at, T.Identifier) && !KEYWORD_OF.has(at.tokenType)) return "";
  const end = tokens.indexOf(at);
  if (end < 0) return "";
  let start = end;
  while (start > 0 && !TOP_LEVEL_STARTS.has(tokens[start].tokenType)) start--;
  if (end - start > MAX_ASSIST_TOKENS) return "";
  // A stray word before any declaration: what may begin one.
  if (!TOP_LEVEL_STARTS.has(tokens[start].tokenType)) start = end;
  const next = start === end ? [] : parser().computeContentAssist("topLevel", tokens.slice(start, end)).map((s) => s.nextTokenType);
  // Nothing can follow inside the declaration before: the word stands where the next one begins.
  const types = next.length > 0 ? next : [...TOP_LEVEL_STARTS];
  const words = new Set<string>();
  for (const type of types) {
    const word = KEYWORD_OF.get(type);
    if (word !== undefined) words.add(word);
  }
  return didYouMean(at.image, [...words].sort());
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
