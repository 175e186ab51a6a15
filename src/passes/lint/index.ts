import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedProgram } from "../resolve/index.js";
import type { LintRule, RuleSeverity } from "./rule.js";

import { artifactRoot } from "./rules/artifact-root.js";
import { cacheSideEffects } from "./rules/cache-side-effects.js";
import { componentDescription } from "./rules/component-description.js";
import { duplicateEnv } from "./rules/duplicate-env.js";
import { gpuWithoutType } from "./rules/gpu-without-type.js";
import { imageDigest } from "./rules/image-digest.js";
import { literalCredential } from "./rules/literal-credential.js";
import { nameNearLimit } from "./rules/name-near-limit.js";
import { noResourceRequests } from "./rules/no-resource-requests.js";
import { pipelineDescription } from "./rules/pipeline-description.js";
import { runAsNonRoot } from "./rules/run-as-non-root.js";
import { retryBackoff } from "./rules/retry-backoff.js";
import { retrySideEffects } from "./rules/retry-side-effects.js";
import { scheduleTimezone } from "./rules/schedule-timezone.js";
import { serveResources } from "./rules/serve-resources.js";
import { trainingTimeout } from "./rules/training-timeout.js";
import { tuneFailureBudget } from "./rules/tune-failure-budget.js";
import { tuneTrialBudget } from "./rules/tune-trial-budget.js";
import { unboundedLoop } from "./rules/unbounded-loop.js";
import { unusedOutput } from "./rules/unused-output.js";
import { unusedParameter } from "./rules/unused-parameter.js";

export type { LintRule, RuleSeverity } from "./rule.js";

/** Every lint rule, in the order they run. */
export const LINT_RULES: readonly LintRule[] = [
  literalCredential,
  imageDigest,
  gpuWithoutType,
  noResourceRequests,
  runAsNonRoot,
  trainingTimeout,
  retrySideEffects,
  retryBackoff,
  cacheSideEffects,
  unusedOutput,
  unusedParameter,
  unboundedLoop,
  duplicateEnv,
  nameNearLimit,
  pipelineDescription,
  componentDescription,
  artifactRoot,
  scheduleTimezone,
  tuneTrialBudget,
  tuneFailureBudget,
  serveResources,
];

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
    // A setting of a component that several steps run is one finding, at the setting, not one per step.
    const seen = new Set<string>();
    for (const d of rule.check(resolved)) {
      const key = d.loc === undefined ? d.message : `${d.loc.file}:${d.loc.line}:${d.loc.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...d, severity });
    }
  }
  return out;
}

/** The rule whose diagnostics carry `code`, if a lint rule does. */
export function lintRuleOfCode(code: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.code === code);
}
