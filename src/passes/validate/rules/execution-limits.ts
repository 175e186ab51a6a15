import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { allSettings, walkNodes } from "../../../ir/query/walk.js";

const whole = (n: number): boolean => Number.isInteger(n);

/**
 * Numbers that bound how steps run make sense: a retry limit is a whole number ≥ 0, a backoff and a
 * timeout are longer than zero, a backoff factor is ≥ 1, a maximum backoff is not below the backoff,
 * a toleration's seconds are ≥ 0, and a loop's parallelism is a whole number ≥ 1.
 */
export const executionLimits: ValidationRule = {
  id: "execution-limits",
  codes: [M.retryLimit.code, M.durationNotPositive.code, M.backoffFactor.code, M.maxBackoffBelowBackoff.code, M.tolerationSeconds.code, M.loopParallelism.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of allSettings(program)) {
      const r = s.retry;
      if (r !== undefined) {
        if (!whole(r.limit) || r.limit < 0) out.push(M.retryLimit.at(r.loc, r.limit));
        if (r.backoffSeconds !== undefined && !(r.backoffSeconds > 0)) out.push(M.durationNotPositive.at(r.loc, "retry backoff"));
        if (r.factor !== undefined && !(r.factor >= 1)) out.push(M.backoffFactor.at(r.loc, r.factor));
        if (r.maxBackoffSeconds !== undefined && r.backoffSeconds !== undefined && r.maxBackoffSeconds < r.backoffSeconds) {
          out.push(M.maxBackoffBelowBackoff.at(r.loc, r.maxBackoffSeconds, r.backoffSeconds));
        }
      }
      if (s.timeout !== undefined && !(s.timeout.seconds > 0)) out.push(M.durationNotPositive.at(s.timeout.loc, "timeout"));
      for (const t of s.tolerations ?? []) {
        if (t.tolerationSeconds !== undefined && !(whole(t.tolerationSeconds) && t.tolerationSeconds >= 0)) {
          out.push(M.tolerationSeconds.at(t.loc, t.tolerationSeconds));
        }
      }
    }
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "loop" && node.parallelism !== undefined && !(whole(node.parallelism) && node.parallelism >= 1)) {
          out.push(M.loopParallelism.at(node.loc, node.parallelism));
        }
      }
    }
    return out;
  },
};
