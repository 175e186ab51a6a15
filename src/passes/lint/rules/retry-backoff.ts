import { M } from "../../../diagnostics/catalog.js";
import { allSettings } from "../../../ir/query/walk.js";
import type { LintRule } from "../rule.js";

/** `retry N` (N > 0) without `backoff`: every retry starts at once. */
export const retryBackoff: LintRule = {
  id: "mlpc/retry-backoff",
  code: M.lintRetryWithoutBackoff.code,
  defaultSeverity: "warn",
  description: "Give every retry a backoff.",
  check: (resolved) => {
    const seen = new Set<object>();
    return allSettings(resolved.program).flatMap((s) => {
      const retry = s.retry;
      if (retry === undefined || retry.limit === 0 || retry.backoffSeconds !== undefined || seen.has(retry)) return [];
      seen.add(retry);
      return [M.lintRetryWithoutBackoff.at(retry.loc, retry.limit)];
    });
  },
};
