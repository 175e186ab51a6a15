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
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of allSettings(program)) {
      const r = s.retry;
      if (r !== undefined) {
        if (!whole(r.limit) || r.limit < 0) out.push(M.invalidValue.at(r.loc, "retry limit", `${r.limit} is not a whole number of 0 or more`));
        if (r.backoffSeconds !== undefined && !(r.backoffSeconds > 0)) out.push(M.invalidValue.at(r.loc, "retry backoff", "it must be longer than zero"));
        if (r.factor !== undefined && !(r.factor >= 1)) out.push(M.invalidValue.at(r.loc, "backoff factor", `${r.factor} is less than 1, so retries would come sooner each time`));
        if (r.maxBackoffSeconds !== undefined && r.backoffSeconds !== undefined && r.maxBackoffSeconds < r.backoffSeconds) {
          out.push(M.invalidValue.at(r.loc, "maximum backoff", `${r.maxBackoffSeconds}s is less than the backoff of ${r.backoffSeconds}s`));
        }
      }
      if (s.timeout !== undefined && !(s.timeout.seconds > 0)) out.push(M.invalidValue.at(s.timeout.loc, "timeout", "it must be longer than zero"));
      for (const t of s.tolerations ?? []) {
        if (t.tolerationSeconds !== undefined && !(whole(t.tolerationSeconds) && t.tolerationSeconds >= 0)) {
          out.push(M.invalidValue.at(t.loc, "toleration seconds", `${t.tolerationSeconds} is not a whole number of 0 or more`));
        }
      }
    }
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "loop" && node.parallelism !== undefined && !(whole(node.parallelism) && node.parallelism >= 1)) {
          out.push(M.invalidValue.at(node.loc, "loop parallelism", `${node.parallelism} is not a whole number of 1 or more`));
        }
      }
    }
    return out;
  },
};
