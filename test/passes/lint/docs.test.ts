import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rulesIndexMarkdown } from "../../../src/passes/lint/docs.js";
import { LINT_RULES } from "../../../src/passes/lint/index.js";
import { IN_CI, UPDATE, writeAtomically } from "../../golden/update.js";
import { docExamples, lintWith } from "./helpers.js";

/** docs/rules: one page per rule whose examples stay true, and the index generated from LINT_RULES. */
const DIR = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));

describe("docs/rules", () => {
  it("README.md is what LINT_RULES generates", () => {
    const expected = rulesIndexMarkdown(LINT_RULES);
    if (UPDATE && !IN_CI) writeAtomically(`${DIR}README.md`, expected);
    const committed = existsSync(`${DIR}README.md`) ? readFileSync(`${DIR}README.md`, "utf8") : "";
    expect(committed, "docs/rules/README.md differs from LINT_RULES; run npm run golden:update").toBe(expected);
  });

  it("has one page per rule and none for a rule that does not exist", () => {
    const pages = readdirSync(DIR).filter((n) => n !== "README.md").sort();
    expect(pages).toEqual(LINT_RULES.map((r) => `${r.id.slice("mlpc/".length)}.md`).sort());
  });

  for (const rule of LINT_RULES) {
    it(`${rule.id}: the page's heading names it and its code; its bad example reports it, its good one does not`, () => {
      const path = `${DIR}${rule.id.slice("mlpc/".length)}.md`;
      expect(readFileSync(path, "utf8").split("\n")[0]).toBe(`# ${rule.id} (${rule.code})`);
      const { bad, good } = docExamples(path);
      const found = lintWith(rule, bad);
      expect(found.length, rule.id).toBeGreaterThan(0);
      expect(new Set(found.map((d) => d.code))).toEqual(new Set([rule.code]));
      expect(lintWith(rule, good)).toEqual([]);
    });
  }
});

describe("the rule table", () => {
  it("has unique ids of the form mlpc/<kebab-case> and unique MLP50xx codes", () => {
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^mlpc\/[a-z]+(-[a-z]+)*$/);
      expect(r.code).toMatch(/^MLP50\d\d$/);
      expect(r.description).toMatch(/^[A-Z].*\.$/);
    }
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
    expect(new Set(LINT_RULES.map((r) => r.code)).size).toBe(LINT_RULES.length);
    expect(LINT_RULES.length).toBeGreaterThanOrEqual(20);
  });
});
