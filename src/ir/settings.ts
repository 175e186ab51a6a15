import type { Distributed, EnvVar, KeyValue, Settings, Volume } from "./types.js";

/** Whether a node selector value or a required or preferred affinity value of the pod is `value` (a GPU model asked for). */
export function selectsValue(settings: Settings, value: string): boolean {
  return (settings.nodeSelector ?? []).some((kv) => kv.value === value) || (settings.affinity ?? []).some((a) => a.values.includes(value));
}

/**
 * `over` applied on top of `base`, the way a step's settings override its component's (and a tune's
 * its component's): maps (`env` by name, `volumes` by mount path, `nodeSelector`, `labels`,
 * `annotations` by key) merge, an override replacing the entry in place and new entries coming
 * after; every other setting is replaced whole.
 */
export function overrideSettings(base: Settings, over: Settings): Settings {
  return {
    env: mergeBy(base.env, over.env, (e: EnvVar) => e.name),
    resources: over.resources ?? base.resources,
    volumes: mergeBy(base.volumes, over.volumes, (v: Volume) => v.mountPath),
    retry: over.retry ?? base.retry,
    timeout: over.timeout ?? base.timeout,
    caching: over.caching ?? base.caching,
    cacheMaxAge: over.cacheMaxAge ?? base.cacheMaxAge,
    nodeSelector: mergeBy(base.nodeSelector, over.nodeSelector, (kv: KeyValue) => kv.key),
    tolerations: over.tolerations ?? base.tolerations,
    affinity: over.affinity ?? base.affinity,
    labels: mergeBy(base.labels, over.labels, (kv: KeyValue) => kv.key),
    annotations: mergeBy(base.annotations, over.annotations, (kv: KeyValue) => kv.key),
    serviceAccount: over.serviceAccount ?? base.serviceAccount,
    imagePullSecrets: over.imagePullSecrets ?? base.imagePullSecrets,
    securityContext: over.securityContext ?? base.securityContext,
    distributed: overrideDistributed(base.distributed, over.distributed),
  };
}

function mergeBy<T>(base: readonly T[] | undefined, over: readonly T[] | undefined, key: (t: T) => string): readonly T[] | undefined {
  if (over === undefined) return base;
  if (base === undefined) return over;
  const overrides = new Map(over.map((t) => [key(t), t]));
  const present = new Set(base.map(key));
  return [...base.map((t) => overrides.get(key(t)) ?? t), ...over.filter((t) => !present.has(key(t)))];
}

/**
 * A step's `distributed` block over its component's: field by field, so `distributed { nodes 8 }` scales
 * the component's job; a block that names another job kind replaces the component's.
 */
function overrideDistributed(base: Distributed | undefined, over: Distributed | undefined): Distributed | undefined {
  if (over === undefined || base === undefined) return over ?? base;
  // Another job kind has other fields: the step's block replaces the component's whole.
  if (over.job !== undefined && over.job.value !== (base.job?.value ?? "trainjob")) return over;
  const merged: Record<string, unknown> = { kind: "distributed" };
  for (const key of ["job", "runtime", "nodes", "procsPerNode", "elastic", "restart", "backoffLimit"] as const) {
    const value = over[key] ?? base[key];
    if (value !== undefined) merged[key] = value;
  }
  merged.loc = over.loc;
  return merged as unknown as Distributed;
}
