import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { LintRule } from "../../../src/passes/lint/index.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";

/** Checks `text` (it must pass `check` without errors), resolves it and runs `rule` alone. */
export function lintWith(rule: LintRule, text: string): Diagnostic[] {
  const r = checkSource({ "main.mlpipe": text });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col} ${d.message}`)).toEqual([]);
  return rule.check(resolve(r.program!));
}

/** `CODE line:col-endLine:endCol` of each diagnostic. */
export function spans(found: readonly Diagnostic[]): string[] {
  return found.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col}-${d.loc?.endLine}:${d.loc?.endCol}`);
}

/** The bad and the good `mlpipe` example of a rule's doc page. */
export function docExamples(path: string): { bad: string; good: string } {
  const text = readFileSync(path, "utf8");
  const block = (heading: string): string => {
    const m = new RegExp(`## ${heading}\\n\\n\`\`\`mlpipe\\n([\\s\\S]*?)\`\`\``).exec(text);
    expect(m, `${path}: ## ${heading} with an mlpipe block`).not.toBeNull();
    return m![1]!;
  };
  return { bad: block("Bad"), good: block("Good") };
}
