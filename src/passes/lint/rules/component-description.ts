import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

export const componentDescription: LintRule = {
  id: "mlpc/component-description",
  code: M.lintComponentDescription.code,
  defaultSeverity: "warn",
  description: "Describe every component.",
  check: (resolved) =>
    resolved.program.components.filter((c) => (c.description ?? "").trim() === "").map((c) => M.lintComponentDescription.at(c.loc, c.name)),
};
