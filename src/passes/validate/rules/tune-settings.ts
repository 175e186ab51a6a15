import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { calleeOutputs, resolveCall } from "../../../ir/query/callee.js";
import { isNumeric, typeName, withArticle } from "../../../ir/query/types.js";

const positiveWhole = (n: number): boolean => Number.isInteger(n) && n >= 1;

/**
 * The light checks of a `tune` (Katib Experiment): trial counts are positive whole numbers, parallel and
 * failed trials do not exceed the trial budget, a search range is not empty, and the objective and
 * additional metrics are outputs of the tuned component (or pipeline).
 */
export const tuneSettings: ValidationRule = {
  id: "tune-settings",
  codes: [M.trialCount.code, M.failedTrialCount.code, M.parallelTrialsAboveTotal.code, M.failedTrialsAboveTotal.code, M.searchRangeEmpty.code, M.searchSpaceEmpty.code, M.unknownMetric.code, M.nonNumericMetric.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const t of program.tunes) {
      const counts: [string, number | undefined][] = [
        ["trial count", t.maxTrials],
        ["parallel trial count", t.parallelTrials],
      ];
      for (const [what, n] of counts) {
        if (n !== undefined && !positiveWhole(n)) out.push(M.trialCount.at(t.loc, what, n));
      }
      if (t.maxFailedTrials !== undefined && !(Number.isInteger(t.maxFailedTrials) && t.maxFailedTrials >= 0)) {
        out.push(M.failedTrialCount.at(t.loc, t.maxFailedTrials));
      }
      if (t.maxTrials !== undefined && t.parallelTrials !== undefined && t.parallelTrials > t.maxTrials) {
        out.push(M.parallelTrialsAboveTotal.at(t.loc, t.parallelTrials, t.maxTrials));
      }
      if (t.maxTrials !== undefined && t.maxFailedTrials !== undefined && t.maxFailedTrials > t.maxTrials) {
        out.push(M.failedTrialsAboveTotal.at(t.loc, t.maxFailedTrials, t.maxTrials));
      }
      for (const s of t.search) {
        if (s.min !== undefined && s.max !== undefined && !(s.min < s.max)) {
          out.push(M.searchRangeEmpty.at(s.loc, s.name, s.min, s.max));
        }
        if ((s.type === "discrete" || s.type === "categorical") && s.values !== undefined && s.values.length === 0) {
          out.push(M.searchSpaceEmpty.at(s.loc, s.name));
        }
      }

      const callee = resolveCall(program, t.target);
      if (callee === undefined) continue; // unknown-references reports it
      const outputTypes = new Map(calleeOutputs(callee).map((o) => [o.name, o.type]));
      const outputs = [...outputTypes.keys()];
      const metrics: { name: string; loc: Loc }[] = [
        { name: t.objective.metric, loc: t.objective.loc },
        ...t.objective.additionalMetrics,
        ...t.objective.strategies.map((s) => ({ name: s.metric, loc: s.loc })),
      ];
      for (const m of metrics) {
        const type = outputTypes.get(m.name);
        if (type === undefined) out.push(M.unknownMetric.at(m.loc, callee.name, m.name, didYouMean(m.name, outputs)));
        else if (!isNumeric(type)) out.push(M.nonNumericMetric.at(m.loc, m.name, withArticle(typeName(type))));
      }
    }
    return out;
  },
};
