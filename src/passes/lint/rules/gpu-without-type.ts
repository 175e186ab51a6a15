import { M } from "../../../diagnostics/catalog.js";
import { requestedGpus } from "../../../kubernetes/gpu.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

/** GPUs without a model and without any node selector or affinity that could pick one. */
export const gpuWithoutType: LintRule = {
  id: "mlpc/gpu-without-type",
  code: M.lintGpuWithoutType.code,
  defaultSeverity: "warn",
  description: "Name the accelerator type of a step that requests GPUs.",
  check: (resolved) =>
    componentSteps(resolved)
      .filter(({ settings: s }) => requestedGpus(s.resources) !== undefined && s.resources?.gpu?.type === undefined && (s.nodeSelector ?? []).length === 0 && (s.affinity ?? []).length === 0)
      .map(({ step, settings }) => M.lintGpuWithoutType.at(settings.resources!.gpu!.loc, step.name)),
};
