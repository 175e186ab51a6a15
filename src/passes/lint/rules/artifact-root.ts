import { M } from "../../../diagnostics/catalog.js";
import { walkNodes } from "../../../ir/query/walk.js";
import type { LintRule } from "../rule.js";

/**
 * A pipeline without `artifactRoot` (KFP's pipeline root, Argo's artifact location) that no other
 * pipeline calls: a called pipeline's artifacts go where its caller's go.
 */
export const artifactRoot: LintRule = {
  id: "mlpc/artifact-root",
  code: M.lintArtifactRoot.code,
  defaultSeverity: "warn",
  description: "Say where a pipeline's artifacts go with artifactRoot.",
  check: (resolved) => {
    const called = new Set(resolved.program.pipelines.flatMap((p) => walkNodes(p).flatMap(({ node }) => (node.kind === "step" && node.call.kind === "pipeline" ? [node.call.name] : []))));
    return resolved.program.pipelines.filter((p) => p.artifactRoot === undefined && !called.has(p.name)).map((p) => M.lintArtifactRoot.at(p.loc, p.name));
  },
};
