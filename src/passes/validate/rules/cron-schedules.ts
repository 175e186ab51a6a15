import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { cronProblem } from "../util/cron.js";
import { isTimeZone } from "../util/timezones.js";

/** A pipeline schedule is a five-field cron expression or a macro, in a known IANA time zone. */
export const cronSchedules: ValidationRule = {
  id: "cron-schedules",
  codes: [M.invalidCron.code, M.invalidTimezone.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const p of program.pipelines) {
      const s = p.schedule;
      if (s === undefined) continue;
      const problem = cronProblem(s.cron);
      if (problem !== undefined) out.push(M.invalidCron.at(s.loc, s.cron, problem));
      if (s.timezone !== undefined && !isTimeZone(s.timezone.name)) out.push(M.invalidTimezone.at(s.timezone.loc, s.timezone.name));
    }
    return out;
  },
};
