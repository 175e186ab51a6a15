import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** A memory request with no memory limit, reported at the request. */
export const memoryWithoutLimit: LintRule = {
  id: "mlpc/memory-without-limit",
  code: M.lintMemoryWithoutLimit.code,
  defaultSeverity: "warn",
  description: "Give a step that requests memory a memory limit.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ settings }) => settings.resources?.memory?.request !== undefined && settings.resources.memory.limit === undefined)
      .map(({ step, settings }) => M.lintMemoryWithoutLimit.at(settings.resources!.memory!.request!.loc, step.name)),
};
