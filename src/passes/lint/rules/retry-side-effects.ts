import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/**
 * Retries of a step that is not idempotent. The IR's mark for that is `sideEffects` (the component
 * writes outside its outputs), so a retry may repeat the write.
 */
export const retrySideEffects: LintRule = {
  id: "mlpc/retry-side-effects",
  code: M.lintRetrySideEffects.code,
  defaultSeverity: "warn",
  description: "Do not retry a step whose component declares side effects.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ component, settings }) => component.sideEffects && (settings.retry?.limit ?? 0) > 0)
      // The finding is at the retry setting: a component's retry is one finding however many steps run it.
      .map(({ component, settings }) => M.lintRetrySideEffects.at(settings.retry!.loc, component.name)),
};
