import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";

/**
 * The light checks of a `serve` (KServe InferenceService): a canary gets 0–100 % of the traffic,
 * replica counts are whole numbers with the minimum (≥ 0) not above the maximum (≥ 1), and an
 * autoscaling target is above zero.
 */
export const serveSettings: ValidationRule = {
  id: "serve-settings",
  codes: [M.canaryPercent.code, M.minReplicas.code, M.maxReplicas.code, M.replicaRange.code, M.scaleTarget.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of program.serves) {
      if (s.canary !== undefined && !(s.canary.percent >= 0 && s.canary.percent <= 100)) {
        out.push(M.canaryPercent.at(s.canary.loc, s.canary.percent));
      }
      const { minReplicas: min, maxReplicas: max } = s;
      if (min !== undefined && !(Number.isInteger(min) && min >= 0)) {
        out.push(M.minReplicas.at(s.loc, min));
      }
      if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
        out.push(M.maxReplicas.at(s.loc, max));
      }
      if (min !== undefined && max !== undefined && min > max) {
        out.push(M.replicaRange.at(s.loc, min, max));
      }
      if (s.scale !== undefined && !(s.scale.target > 0)) {
        out.push(M.scaleTarget.at(s.scale.loc, s.scale.target));
      }
    }
    return out;
  },
};
