import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

export const scheduleTimezone: LintRule = {
  id: "mlpc/schedule-timezone",
  code: M.lintScheduleTimezone.code,
  defaultSeverity: "warn",
  description: "Give every schedule a time zone.",
  check: (resolved) =>
    resolved.program.pipelines.flatMap((p) => (p.schedule !== undefined && p.schedule.timezone === undefined ? [M.lintScheduleTimezone.at(p.schedule.loc, p.schedule.cron)] : [])),
};
