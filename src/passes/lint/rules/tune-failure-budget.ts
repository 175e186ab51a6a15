import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

/** `failures F` equal to `trials N` (more is `check`'s MLP2146): the budget never stops a broken experiment early. */
export const tuneFailureBudget: LintRule = {
  id: "mlpc/tune-failure-budget",
  code: M.lintTuneFailuresBudget.code,
  defaultSeverity: "warn",
  description: "Allow a tune fewer failed trials than it runs.",
  check: (resolved) =>
    resolved.program.tunes
      .filter((t) => t.maxTrials !== undefined && t.maxFailedTrials !== undefined && t.maxFailedTrials >= t.maxTrials)
      .map((t) => M.lintTuneFailuresBudget.at(t.loc, t.name, t.maxFailedTrials!)),
};
