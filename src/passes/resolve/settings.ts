import { overrideSettings } from "../../ir/settings.js";
import type { Component, Pipeline, Settings, Step, Tune } from "../../ir/types.js";

/**
 * Effective settings: the one place where the layers of settings are composed, outermost first, each
 * overriding the one before it as a step overrides its component (maps merge by key, the rest is
 * replaced; see `overrideSettings`):
 *
 * 1. the run's pipeline-wide settings — of the pipeline the run starts; a called pipeline's own do not
 *    apply (docs/language.md §12);
 * 2. the component's defaults;
 * 3. the step's (or the tune's) own.
 *
 * Of the run's settings, `caching` (and its `cacheMaxAge`) is the default of every task. Its `labels`, `annotations` and
 * `imagePullSecrets` are about the pods: a target with a run-level place for them (Argo's
 * `podMetadata`, `imagePullSecrets`) writes them there, a target without one (KFP) on every pod, hence
 * `podSettings`. Its `serviceAccount` and `timeout` are about the run, never a step's.
 */
export function composeSettings(...layers: readonly Settings[]): Settings {
  return layers.reduce((base, over) => overrideSettings(base, over), {});
}

/** What the run's pipeline sets for every task: the caching default and how long results are kept. */
export function runDefaults(run: Pipeline): Settings {
  return { caching: run.settings.caching, cacheMaxAge: run.settings.cacheMaxAge };
}

/** The run's defaults with its pod-wide settings, for a target that has no run-level place for them. */
export function runPodDefaults(run: Pipeline): Settings {
  const s = run.settings;
  return { caching: s.caching, cacheMaxAge: s.cacheMaxAge, labels: s.labels, annotations: s.annotations, imagePullSecrets: s.imagePullSecrets };
}

/** A step that runs a component, in a run of `run`. */
export function stepSettings(run: Pipeline, component: Component, step: Step): Settings {
  return composeSettings(runDefaults(run), component.settings, step.settings);
}

/** `stepSettings` with the run's labels, annotations and pull secrets on the step's pod. */
export function stepPodSettings(run: Pipeline, component: Component, step: Step): Settings {
  return composeSettings(runPodDefaults(run), component.settings, step.settings);
}

/** A step that runs a pipeline: only its own settings over the run's defaults (it has no pod). */
export function callSettings(run: Pipeline, step: Step): Settings {
  return composeSettings(runDefaults(run), step.settings);
}

/** A tune's trial of a component: the tune's settings over the component's (no run around it). */
export function tuneSettings(component: Component, tune: Tune): Settings {
  return composeSettings(component.settings, tune.settings);
}
