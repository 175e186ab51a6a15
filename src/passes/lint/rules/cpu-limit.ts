import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** A CPU limit (CFS throttling), reported at the limit. Off by default: many clusters require limits. */
export const cpuLimit: LintRule = {
  id: "mlpc/cpu-limit",
  code: M.lintCpuLimit.code,
  defaultSeverity: "off",
  description: "Leave out CPU limits, which throttle a step even on an idle node.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ settings }) => settings.resources?.cpu?.limit !== undefined)
      .map(({ step, settings }) => M.lintCpuLimit.at(settings.resources!.cpu!.limit!.loc, step.name)),
};
