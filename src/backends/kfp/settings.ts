import type { Component, EnvVar, KeyValue, Pipeline, Settings, Step, Volume } from "../../ir/types.js";

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
  return override(override(run, component.settings), step.settings);
}

function override(base: Settings, over: Settings): Settings {
  return {
    env: mergeBy(base.env, over.env, (e: EnvVar) => e.name),
    resources: over.resources ?? base.resources,
    volumes: mergeBy(base.volumes, over.volumes, (v: Volume) => v.mountPath),
    retry: over.retry ?? base.retry,
    timeout: over.timeout ?? base.timeout,
    caching: over.caching ?? base.caching,
    nodeSelector: mergeBy(base.nodeSelector, over.nodeSelector, (kv: KeyValue) => kv.key),
    tolerations: over.tolerations ?? base.tolerations,
    affinity: over.affinity ?? base.affinity,
    labels: mergeBy(base.labels, over.labels, (kv: KeyValue) => kv.key),
    annotations: mergeBy(base.annotations, over.annotations, (kv: KeyValue) => kv.key),
    serviceAccount: over.serviceAccount ?? base.serviceAccount,
    imagePullSecrets: over.imagePullSecrets ?? base.imagePullSecrets,
  };
}

function mergeBy<T>(base: readonly T[] | undefined, over: readonly T[] | undefined, key: (t: T) => string): readonly T[] | undefined {
  if (over === undefined) return base;
  if (base === undefined) return over;
  const overrides = new Map(over.map((t) => [key(t), t]));
  const merged = base.map((t) => overrides.get(key(t)) ?? t);
  const present = new Set(base.map(key));
  return [...merged, ...over.filter((t) => !present.has(key(t)))];
}
