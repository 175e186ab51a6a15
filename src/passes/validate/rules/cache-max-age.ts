import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { allSettings } from "../../../ir/query/walk.js";
import type { ValidationRule } from "../rule.js";

/**
 * A cache `maxAge` is at least a second, and is not written together with `cache off` (where it
 * would limit nothing: a warning, since the pipeline still runs as the user meant).
 */
export const cacheMaxAge: ValidationRule = {
  id: "cache-max-age",
  codes: [M.cacheMaxAgeZero.code, M.cacheOffMaxAge.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of allSettings(program)) {
      const age = s.cacheMaxAge;
      if (age === undefined) continue;
      if (age.seconds <= 0) out.push(M.cacheMaxAgeZero.at(age.loc));
      if (s.caching?.value === false) out.push(M.cacheOffMaxAge.at(age.loc));
    }
    return out;
  },
};
