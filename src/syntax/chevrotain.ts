import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * chevrotain, loaded from the self-contained bundle it ships beside its sources. The package's entry
 * point is its unbundled sources, which import hundreds of lodash-es modules: 0.3 s of every `mlpc`
 * start on a typical machine, against 0.02 s for the bundle (same version, same code). Falls back to
 * the entry point if a future version moves the bundle.
 */
async function load(): Promise<typeof import("chevrotain")> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain"); // …/chevrotain/lib/src/api.js
    return (await import(new URL("../chevrotain.mjs", pathToFileURL(entry)).href)) as typeof import("chevrotain");
  } catch {
    return await import("chevrotain");
  }
}

const chevrotain = await load();

export const { createToken, Lexer, CstParser, EOF, generateCstDts, tokenMatcher, LLkLookaheadStrategy } = chevrotain;

/**
 * Whether chevrotain checks the grammar (ambiguities, left recursion, token patterns) when the lexer
 * and parser are built: about 100 ms of every start, for a grammar that only changes with mlpc
 * itself, so the CLI skips it and test/syntax/grammar-checks.test.ts builds both with it on
 * (`MLPC_GRAMMAR_CHECKS=1`), so a grammar mistake still fails CI.
 */
export const GRAMMAR_CHECKS = process.env.MLPC_GRAMMAR_CHECKS === "1";
