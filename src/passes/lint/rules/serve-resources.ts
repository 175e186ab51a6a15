import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

/** A serve whose predictor requests no CPU and no memory. */
export const serveResources: LintRule = {
  id: "mlpc/serve-resources",
  code: M.lintServeNoResources.code,
  defaultSeverity: "warn",
  description: "Give every serve's predictor CPU and memory resources.",
  check: (resolved) =>
    resolved.program.serves
      .filter((s) => s.settings.resources?.cpu === undefined && s.settings.resources?.memory === undefined)
      .map((s) => M.lintServeNoResources.at(s.loc, s.name)),
};
