import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

/** A tune without `trials N` (Katib's `maxTrialCount`). */
export const tuneTrialBudget: LintRule = {
  id: "mlpc/tune-trial-budget",
  code: M.lintTuneNoTrialBudget.code,
  defaultSeverity: "warn",
  description: "Give every tune a maximum number of trials.",
  check: (resolved) => resolved.program.tunes.filter((t) => t.maxTrials === undefined).map((t) => M.lintTuneNoTrialBudget.at(t.loc, t.name)),
};
