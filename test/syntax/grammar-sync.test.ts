import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTEXTUAL_KEYWORDS, RESERVED_WORDS } from "../../src/syntax/lexer.js";
import { ruleNames } from "../../src/syntax/parser.js";

const ebnf = readFileSync(new URL("../../grammar/mlpipe.ebnf", import.meta.url), "utf8");
// Comments removed, so a keyword mentioned only in prose does not count as being in the grammar.
const productions = ebnf.replace(/\(\*[\s\S]*?\*\)/g, "");
const header = /\(\*[\s\S]*?\*\)/.exec(ebnf)![0];

const ebnfRules = new Set([...productions.matchAll(/^([a-zA-Z][A-Za-z]*)\s*=/gm)].map((m) => m[1]));
const quotedWords = new Set([...productions.matchAll(/"([A-Za-z][A-Za-z]*)"/g)].map((m) => m[1]));

describe("grammar/mlpipe.ebnf is in sync with the parser", () => {
  it("defines every parser rule", () => {
    const missing = ruleNames().filter((r) => !ebnfRules.has(r));
    expect(missing).toEqual([]);
  });

  it("has no rule the parser lacks, except lexical ones", () => {
    const lexical = new Set(["Comment", "Identifier", "Number", "String", "TripleString", "Escape"]);
    const parserRules = new Set(ruleNames());
    const extra = [...ebnfRules].filter((r) => !parserRules.has(r) && !lexical.has(r));
    expect(extra).toEqual([]);
  });

  it("uses every keyword of the lexer in a production", () => {
    const missing = [...RESERVED_WORDS, ...CONTEXTUAL_KEYWORDS].filter((k) => !quotedWords.has(k));
    expect(missing).toEqual([]);
  });

  it("has no keyword the lexer lacks", () => {
    const lexer = new Set<string>([...RESERVED_WORDS, ...CONTEXTUAL_KEYWORDS]);
    expect([...quotedWords].filter((w) => !lexer.has(w) && !/^[a-zA-Z]$/.test(w))).toEqual([]);
  });

  it("lists reserved and contextual keywords in its header as the lexer does", () => {
    const section = (title: string, next: string) =>
      new Set(header.slice(header.indexOf(title), header.indexOf(next)).split(/\s+/).filter((w) => /^[a-zA-Z]+$/.test(w)));
    const reserved = section("can never be names:", "Every other keyword");
    const contextual = section("as a name anywhere else", "*)");
    for (const w of RESERVED_WORDS) expect(reserved.has(w), w).toBe(true);
    for (const w of CONTEXTUAL_KEYWORDS) expect(contextual.has(w), w).toBe(true);
  });
});
