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
  codes: [M.invalidValue.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of program.serves) {
      if (s.canary !== undefined && !(s.canary.percent >= 0 && s.canary.percent <= 100)) {
        out.push(M.invalidValue.at(s.canary.loc, "canary traffic percentage", `${s.canary.percent} is not between 0 and 100`));
      }
      const { minReplicas: min, maxReplicas: max } = s;
      if (min !== undefined && !(Number.isInteger(min) && min >= 0)) {
        out.push(M.invalidValue.at(s.loc, "minimum replica count", `${min} is not a whole number of 0 or more`));
      }
      if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
        out.push(M.invalidValue.at(s.loc, "maximum replica count", `${max} is not a whole number of 1 or more`));
      }
      if (min !== undefined && max !== undefined && min > max) {
        out.push(M.invalidValue.at(s.loc, "replica range", `the minimum ${min} is above the maximum ${max}`));
      }
      if (s.scale !== undefined && !(s.scale.target > 0)) {
        out.push(M.invalidValue.at(s.scale.loc, "autoscaling target", `${s.scale.target} is not above zero`));
      }
    }
    return out;
  },
};
