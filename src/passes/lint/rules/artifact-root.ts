import { M } from "../../../diagnostics/catalog.js";
import type { LintRule } from "../rule.js";

/** A pipeline that a run starts without `artifactRoot` (KFP's pipeline root, Argo's artifact location). */
export const artifactRoot: LintRule = {
  id: "mlpc/artifact-root",
  code: M.lintArtifactRoot.code,
  defaultSeverity: "warn",
  description: "Say where a pipeline's artifacts go with artifactRoot.",
  check: (resolved) => resolved.program.pipelines.filter((p) => p.artifactRoot === undefined).map((p) => M.lintArtifactRoot.at(p.loc, p.name)),
};
