import type { AffinityTerm, EnvVar, Expr, KeyValue, Resources, Settings, Toleration, Volume } from "../../ir/types.js";
import { record } from "../../ir/records.js";
import { plainNumber } from "../../output/numbers.js";
import { requestedGpus } from "../../kubernetes/gpu.js";
import { kfpSanitize, truncateName, type UniqueNames } from "../../kubernetes/names.js";

/**
 * Kubernetes pod-spec pieces from mlpc settings (`core/v1` `EnvVar`, `ResourceRequirements`, `Volume`,
 * `Toleration`, `Affinity`), shared by the back ends that write pods (Katib trials, KServe predictors
 * and transformers).
 */

/** A settings map (`labels`, `nodeSelector`…) as an object, keys in the user's order. */
export function keyValues(kvs: readonly KeyValue[] | undefined): Record<string, string> | undefined {
  if (kvs === undefined || kvs.length === 0) return undefined;
  const out: Record<string, string> = record();
  for (const kv of kvs) out[kv.key] = kv.value;
  return out;
}

/** The text of a literal, as an environment variable or a command-line argument holds it. */
export function literalText(expr: Expr): string | undefined {
  switch (expr.kind) {
    case "string":
      return expr.value;
    case "number":
      return plainNumber(expr.value);
    case "bool":
      return expr.value ? "true" : "false";
    case "list":
    case "struct":
    case "null": {
      const json = literalJson(expr);
      return json === undefined ? undefined : JSON.stringify(json);
    }
    default:
      return undefined;
  }
}

/**
 * The JSON value of a literal (lists and structs reach a container as JSON, as in every back end;
 * Argo's `withItems` takes them so), or `undefined` when part of it is computed at run time.
 */
export function literalJson(expr: Expr): unknown {
  switch (expr.kind) {
    case "string":
    case "number":
    case "bool":
      return expr.value;
    case "null":
      return null;
    case "list": {
      const items = expr.items.map(literalJson);
      return items.includes(undefined) ? undefined : items;
    }
    case "struct": {
      const out: Record<string, unknown> = record();
      for (const f of expr.fields) {
        const v = literalJson(f.value);
        if (v === undefined) return undefined;
        out[f.name] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** `env` entries: literal values as text, Secret and ConfigMap keys and pod fields as references. */
export function envVars(env: readonly EnvVar[] | undefined): Record<string, unknown>[] | undefined {
  if (env === undefined || env.length === 0) return undefined;
  return env.map((e) => {
    const s = e.source;
    switch (s.kind) {
      case "value":
        return { name: e.name, value: literalText(s.value) ?? "" };
      case "secret":
        return { name: e.name, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } };
      case "configMap":
        return { name: e.name, valueFrom: { configMapKeyRef: { name: s.configMap, key: s.key } } };
      case "fieldPath":
        return { name: e.name, valueFrom: { fieldRef: { fieldPath: s.fieldPath } } };
    }
  });
}

/**
 * `resources`: quantities as written; GPUs (or MIG slices, `nvidia.com/mig-1g.10gb`) as a limit
 * (Kubernetes sets the request to it).
 */
export function resourceRequirements(r: Resources | undefined): Record<string, unknown> | undefined {
  if (r === undefined) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const add = (name: string, q: Resources["cpu"]): void => {
    if (q?.request !== undefined) requests[name] = q.request.value;
    if (q?.limit !== undefined) limits[name] = q.limit.value;
  };
  add("cpu", r.cpu);
  add("memory", r.memory);
  add("ephemeral-storage", r.ephemeralStorage);
  const gpus = requestedGpus(r);
  if (gpus !== undefined) limits[gpus.resource] = plainNumber(gpus.count);
  const out: Record<string, unknown> = record();
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(requests).length > 0) out.requests = requests;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Tolerations as written, plus the toleration of the GPU resource's taint (`nvidia.com/gpu`, the
 * taint GPU node pools carry, also for MIG slices) when the pod asks for GPUs and no toleration of
 * that key is written.
 */
export function tolerations(settings: Settings): Record<string, unknown>[] | undefined {
  const out = (settings.tolerations ?? []).map(toleration);
  const key = requestedGpus(settings.resources)?.taintKey;
  if (key !== undefined && !(settings.tolerations ?? []).some((t) => t.key === key)) out.push({ key, operator: "Exists", effect: "NoSchedule" });
  return out.length > 0 ? out : undefined;
}

function toleration(t: Toleration): Record<string, unknown> {
  return { key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds };
}

/** Node affinity: terms without a weight are required (all of them, one selector term), the others preferred. */
export function affinity(terms: readonly AffinityTerm[] | undefined): Record<string, unknown> | undefined {
  if (terms === undefined || terms.length === 0) return undefined;
  const expression = (t: AffinityTerm) => ({ key: t.key, operator: t.operator, values: t.values.length > 0 ? [...t.values] : undefined });
  const required = terms.filter((t) => t.weight === undefined);
  const preferred = terms.filter((t) => t.weight !== undefined);
  const nodeAffinity: Record<string, unknown> = {};
  if (required.length > 0) {
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchExpressions: required.map(expression) }] };
  }
  if (preferred.length > 0) {
    nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = preferred.map((t) => ({ weight: t.weight, preference: { matchExpressions: [expression(t)] } }));
  }
  return { nodeAffinity };
}

/** A pod volume and its mount. */
export interface PodVolume {
  readonly volume: Record<string, unknown>;
  readonly mount: Record<string, unknown>;
}

/**
 * Pod volumes for mlpc volumes. mlpc's volumes are keyed by mount path and have no name, so each is
 * named after its mount path (`/dev/shm` → `dev-shm`), numbered when two paths give the same name.
 */
export function podVolumes(volumes: readonly Volume[] | undefined, names: UniqueNames): PodVolume[] {
  return (volumes ?? []).map((v) => {
    const name = names.take(truncateName(kfpSanitize(v.mountPath), 50) || "volume");
    const s = v.source;
    let source: Record<string, unknown>;
    let readOnly: boolean | undefined;
    switch (s.kind) {
      case "pvc":
        source = { persistentVolumeClaim: { claimName: s.claim, readOnly: s.readOnly ? true : undefined } };
        readOnly = s.readOnly ? true : undefined;
        break;
      case "emptyDir": {
        const emptyDir = { medium: s.medium, sizeLimit: s.sizeLimit?.value };
        source = { emptyDir };
        break;
      }
      case "secret":
        source = { secret: { secretName: s.secret, optional: s.optional ? true : undefined } };
        break;
      case "configMap":
        source = { configMap: { name: s.configMap, optional: s.optional ? true : undefined } };
        break;
    }
    return { volume: { name, ...source }, mount: { name, mountPath: v.mountPath, readOnly } };
  });
}

/** A container's `securityContext`: who it runs as. */
export function securityContext(settings: Settings): Record<string, unknown> | undefined {
  const sc = settings.securityContext;
  if (sc === undefined) return undefined;
  return { runAsUser: sc.runAsUser, runAsGroup: sc.runAsGroup, runAsNonRoot: sc.runAsNonRoot };
}
