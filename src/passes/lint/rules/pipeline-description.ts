import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

export const pipelineDescription: LintRule = {
  id: "mlpc/pipeline-description",
  code: M.lintPipelineDescription.code,
  defaultSeverity: "warn",
  description: "Describe every pipeline.",
  check: (resolved) =>
    resolved.program.pipelines.filter((p) => (p.description ?? "").trim() === "").map((p) => M.lintPipelineDescription.at(p.loc, p.name)),
};
