import { overrideSettings } from "../../ir/settings.js";
import type { Component, Pipeline, Settings, Step } from "../../ir/types.js";

/**
 * The settings a step runs with. A component declares defaults and its steps override them field by
 * field: maps (`env` by name, `volumes` by mount path, `nodeSelector`, `labels`, `annotations` by
 * key) merge, an override replacing the entry in place and new entries coming after; every other
 * setting is replaced as a whole.
 *
 * The pipeline's settings are the outermost defaults: `caching`, and the `labels`, `annotations`
 * and `imagePullSecrets` of every step's pod (KFP has no run-level place for them). Its
 * `serviceAccount` and `timeout` are about the run and are not step settings.
 */
export function effectiveSettings(pipeline: Pipeline, component: Component, step: Step): Settings {
  const run: Settings = {
    caching: pipeline.settings.caching,
    labels: pipeline.settings.labels,
    annotations: pipeline.settings.annotations,
    imagePullSecrets: pipeline.settings.imagePullSecrets,
  };
  return overrideSettings(overrideSettings(run, component.settings), step.settings);
}

