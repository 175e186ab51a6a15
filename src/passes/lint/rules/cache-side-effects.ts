import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** `cache on` where the resolved cacheability says side effects make the step uncacheable. */
export const cacheSideEffects: LintRule = {
  id: "mlpc/cache-side-effects",
  code: M.lintCacheSideEffects.code,
  defaultSeverity: "warn",
  description: "Do not turn caching on for a step whose component declares side effects.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ cache, settings }) => !cache.cacheable && cache.reason.kind === "sideEffects" && settings.caching?.value === true)
      .map(({ step, component, settings }) => M.lintCacheSideEffects.at(settings.caching!.loc, step.name, component.name)),
};
