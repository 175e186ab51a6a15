import type { IToken, TokenType } from "chevrotain";
import { createToken, GRAMMAR_CHECKS, Lexer } from "./chevrotain.js";

/**
 * The .mlpipe tokens. Reserved words can never be names; contextual keywords are tokens in the
 * `Identifier` category, so they match wherever the grammar expects a name (an input called `model`)
 * and act as keywords only where the grammar names them. Both use `longer_alt` so that `format` is
 * one identifier rather than `for` + `mat`.
 */

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: "comments" });

// Triple-quoted strings come before plain strings; the unterminated forms turn into MLP1002.
export const TripleString = createToken({ name: "TripleString", pattern: /"""[\s\S]*?"""/, line_breaks: true, label: "a string" });
export const UnterminatedTripleString = createToken({ name: "UnterminatedTripleString", pattern: /"""[\s\S]*/, line_breaks: true });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: "a string" });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/ });

// A number glued to letters (`8Gi`, `1e`) is one bad token, reported as MLP1009 rather than two tokens.
export const BadNumber = createToken({ name: "BadNumber", pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![eE][+-]?\d)[A-Za-z_][A-Za-z0-9_]*/ });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, label: "a number" });

function punct(name: string, pattern: string): TokenType {
  return createToken({ name, pattern, label: `'${pattern}'` });
}
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const DotDot = punct("DotDot", "..");
export const Dot = punct("Dot", ".");
export const EqEq = punct("EqEq", "==");
export const NotEq = punct("NotEq", "!=");
export const LtEq = punct("LtEq", "<=");
export const GtEq = punct("GtEq", ">=");
export const Lt = punct("Lt", "<");
export const Gt = punct("Gt", ">");
export const Equals = punct("Equals", "=");
export const Minus = punct("Minus", "-");
export const Question = punct("Question", "?");
export const Percent = punct("Percent", "%");

export const RESERVED_WORDS = [
  "import", "component", "pipeline", "tune", "serve", "if", "elif", "else", "for", "in",
  "finally", "true", "false", "null", "and", "or", "not",
] as const;

export const CONTEXTUAL_KEYWORDS = [
  "from", "of", "after", "parallel", "description", "image", "input", "output", "run", "args",
  "sideEffects", "env", "resources", "cpu", "memory", "ephemeralStorage", "gpu", "volumes", "retry",
  "backoff", "factor", "max", "timeout", "cache", "on", "off", "nodeSelector", "tolerations",
  "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets", "param", "schedule",
  "timezone", "concurrency", "always", "displayName", "reimport", "metadata", "objective", "maximize",
  "minimize", "goal", "metrics", "strategy", "algorithm", "earlyStopping", "search", "step", "trials",
  "failures", "with", "resume", "collector", "model", "version", "runtime", "protocol", "replicas",
  "scale", "canary", "mode", "transformer", "uniform", "log", "normal", "lognormal", "artifactRoot",
  "securityContext", "mig", "maxAge", "distributed",
] as const;

export type Keyword = (typeof RESERVED_WORDS)[number] | (typeof CONTEXTUAL_KEYWORDS)[number];

function tokenName(word: string): string {
  return "Kw" + word[0].toUpperCase() + word.slice(1);
}

/** Keyword tokens by word. */
export const K = Object.fromEntries([
  ...RESERVED_WORDS.map((w) => [w, createToken({ name: tokenName(w), pattern: new RegExp(w), longer_alt: Identifier, label: `'${w}'` })]),
  ...CONTEXTUAL_KEYWORDS.map((w) => [
    w,
    createToken({ name: tokenName(w), pattern: new RegExp(w), longer_alt: Identifier, categories: [Identifier], label: `'${w}'` }),
  ]),
]) as Record<Keyword, TokenType>;

// Longer keywords first where one is a prefix of another (`in` before `input` would cut `input`;
// longer_alt only falls back to Identifier, not to another keyword).
const keywordTokens = Object.entries(K)
  .sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1))
  .map(([, t]) => t);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  TripleString,
  UnterminatedTripleString,
  StringLiteral,
  UnterminatedString,
  BadNumber,
  NumberLiteral,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, Comma, Colon,
  DotDot, Dot, EqEq, NotEq, LtEq, GtEq, Lt, Gt, Equals, Minus, Question, Percent,
  ...keywordTokens,
  Identifier,
];

let built: InstanceType<typeof Lexer> | undefined;

/**
 * The lexer, built once, on first use: chevrotain's lexer construction is expensive, and a run that
 * reads no `.mlpipe` file never pays for it. Full positions give tokens the end offsets that tree
 * nodes take their extent from; lines and columns are computed by LineMap.
 */
export function mlpipeLexer(): InstanceType<typeof Lexer> {
  return (built ??= new Lexer(allTokens, { ensureOptimizations: GRAMMAR_CHECKS, positionTracking: "full", skipValidations: !GRAMMAR_CHECKS }));
}

export type { IToken };
