import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedProgram } from "../resolve/index.js";
import type { LintRule, RuleSeverity } from "./rule.js";

export type { LintRule, RuleSeverity } from "./rule.js";

/** Every lint rule, in the order they run. */
export const LINT_RULES: readonly LintRule[] = [];

/**
 * Runs the lint rules over a resolved (valid) program. `levelOf` gives a rule's configured level (from
 * the config file); a rule without one runs at its default. `off` skips the rule, `warn` and `error`
 * set the severity of what it reports.
 */
export function lint(resolved: ResolvedProgram, levelOf: (ruleId: string) => RuleSeverity | undefined = () => undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of LINT_RULES) {
    const level = levelOf(rule.id) ?? rule.defaultSeverity;
    if (level === "off") continue;
    const severity = level === "error" ? "error" : "warning";
    for (const d of rule.check(resolved)) out.push({ ...d, severity });
  }
  return out;
}

/** The rule whose diagnostics carry `code`, if a lint rule does. */
export function lintRuleOfCode(code: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.code === code);
}
