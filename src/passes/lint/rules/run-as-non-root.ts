import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/**
 * A step whose effective security context neither sets `runAsNonRoot: true` nor a non-zero
 * `runAsUser`: the image's user decides, which is root for most images. Off by default: many
 * clusters enforce it with Pod Security admission instead.
 */
export const runAsNonRoot: LintRule = {
  id: "mlpc/run-as-non-root",
  code: M.lintRunAsNonRoot.code,
  defaultSeverity: "off",
  description: "Run every step's container as a user other than root.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ settings }) => settings.securityContext?.runAsNonRoot !== true && !((settings.securityContext?.runAsUser ?? 0) > 0))
      .map(({ step }) => M.lintRunAsNonRoot.at(step.loc, step.name)),
};
