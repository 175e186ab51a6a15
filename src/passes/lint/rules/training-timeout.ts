import { M } from "../../../diagnostics/catalog.js";
import { requestedGpus } from "../../../kubernetes/gpu.js";
import type { Component, Settings } from "../../../ir/types.js";
import type { LintRule } from "../rule.js";
import { componentSteps } from "../query.js";

const TRAINING_WORDS = /(^|[^a-z])(train|training|fit|finetune|fine tune|fine tuning|sft)([^a-z]|$)/i;

/**
 * Why a step trains, or `undefined`: it requests GPUs, or its component's name has the word train,
 * training, fit, finetune, fine_tune or sft (`_` and `-` separate words). Descriptions are not read: "the
 * training reference", "a train/test split" name data, not work.
 */
export function trainingReason(component: Component, settings: Settings): string | undefined {
  if (requestedGpus(settings.resources) !== undefined) return "it requests GPUs";
  if (TRAINING_WORDS.test(component.name.replace(/[_-]/g, " "))) return `its component is '${component.name}'`;
  return undefined;
}

/** A training step without a timeout of its own or its component's (a pipeline-wide timeout does not count). */
export const trainingTimeout: LintRule = {
  id: "mlpc/training-timeout",
  code: M.lintTrainingTimeout.code,
  defaultSeverity: "warn",
  description: "Set a timeout on every step that trains (a GPU step, or a component named for training).",
  check: (resolved) =>
    componentSteps(resolved).flatMap(({ step, component, settings }) => {
      if (step.settings.timeout !== undefined || component.settings.timeout !== undefined) return [];
      const why = trainingReason(component, settings);
      return why === undefined ? [] : [M.lintTrainingTimeout.at(step.loc, step.name, why)];
    }),
};
