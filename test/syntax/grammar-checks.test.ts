/**
 * The CLI builds the lexer and the parser without chevrotain's grammar checks (they cost every start
 * about 80 ms, for a grammar that changes only with mlpc): here they run, in a fresh process with
 * MLPC_GRAMMAR_CHECKS=1, so that an ambiguous alternative, left recursion or an unreachable token
 * still fails the suite.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../../dist/syntax/", import.meta.url));

it("builds the lexer and parser with chevrotain's grammar checks on, without a definition error", () => {
  const script = `
    const { mlpipeParser } = await import(${JSON.stringify(`${DIST}parser.js`)});
    const { mlpipeLexer } = await import(${JSON.stringify(`${DIST}lexer.js`)});
    const { GRAMMAR_CHECKS } = await import(${JSON.stringify(`${DIST}chevrotain.js`)});
    console.log(JSON.stringify({ checks: GRAMMAR_CHECKS, parser: mlpipeParser().definitionErrors.length, lexer: mlpipeLexer().lexerDefinitionErrors.length }));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, MLPC_GRAMMAR_CHECKS: "1" }, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout)).toEqual({ checks: true, parser: 0, lexer: 0 });
});

it("skips them in a normal run", () => {
  const script = `const { GRAMMAR_CHECKS } = await import(${JSON.stringify(`${DIST}chevrotain.js`)}); console.log(GRAMMAR_CHECKS);`;
  const env = { ...process.env };
  delete env.MLPC_GRAMMAR_CHECKS;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  expect(r.stdout.trim()).toBe("false");
});
