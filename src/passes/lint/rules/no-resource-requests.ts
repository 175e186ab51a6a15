import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** A step whose effective settings (run, component, step) request neither CPU nor memory, or one of them. */
export const noResourceRequests: LintRule = {
  id: "mlpc/no-resource-requests",
  code: M.lintNoResourceRequests.code,
  defaultSeverity: "warn",
  description: "Request CPU and memory for every step.",
  check: (resolved) =>
    componentSteps(resolved).flatMap(({ step, settings }) => {
      const missing = [settings.resources?.cpu?.request === undefined ? "CPU" : "", settings.resources?.memory?.request === undefined ? "memory" : ""].filter((w) => w !== "");
      return missing.length === 0 ? [] : [M.lintNoResourceRequests.at(step.loc, step.name, missing.join(" or "))];
    }),
};
