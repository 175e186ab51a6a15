import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { AffinityTerm, EnvVar, Loc, RequestLimit, Resources, Settings, Toleration, Volume } from "../../ir/types.js";
import { checkAffinityOperator, checkAffinityWeight, checkEmptyDirMedium, checkFlag, checkNumber, checkSecurityContextField, checkSecurityContextId, checkTolerationEffect, checkTolerationOperator } from "../common/settings.js";
import { fieldPathProblem, numberText, parseDuration } from "../common/values.js";
import { optionLoc } from "./location.js";
import { lowerDistributedFields, type DistributedField } from "../common/distributed.js";

/** A duration: whole seconds, or text such as `"90s"`, `"30m"`, `"4h"`, `"1h30m"`. */
export type DurationSpec = number | string;
/** A Kubernetes quantity: `2`, `0.5`, `"500m"`, `"8Gi"`. */
export type QuantitySpec = number | string;
/**
 * A quantity for both request and limit, `[request, limit]`, or `{ limit }` alone (Kubernetes then
 * requests the limit; the language's `cpu .. 2`).
 */
export type RequestLimitSpec = QuantitySpec | readonly [QuantitySpec, QuantitySpec] | { readonly limit: QuantitySpec };

/** An environment variable read from a Secret or a ConfigMap key, or from a field of the pod. */
export type EnvFrom =
  | { readonly kind: "secretKey" | "configMapKey"; readonly name: string; readonly key: string }
  | { readonly kind: "fieldPath"; readonly fieldPath: string };

/**
 * A field of the step's pod as an env value, through the Kubernetes downward API: `metadata.name`,
 * `metadata.namespace`, `metadata.labels['key']`, `metadata.annotations['key']`, `spec.nodeName`, … —
 * the language's `fieldPath("…")`.
 */
export function fieldPath(path: string): EnvFrom {
  return { kind: "fieldPath", fieldPath: path };
}

/** What a volume mounts. */
export type VolumeSpec =
  | { readonly kind: "pvc"; readonly claim: string; readonly readOnly?: boolean }
  | { readonly kind: "emptyDir"; readonly medium?: "Memory"; readonly size?: QuantitySpec }
  | { readonly kind: "secret"; readonly name: string; readonly optional?: boolean }
  | { readonly kind: "configMap"; readonly name: string; readonly optional?: boolean };

/** A Secret key as an env value, or (without a key) a Secret mounted as a volume. */
export function secret(name: string, options?: { optional?: boolean }): VolumeSpec;
export function secret(name: string, key: string): EnvFrom;
export function secret(name: string, key?: string | { optional?: boolean }): EnvFrom | VolumeSpec {
  if (typeof key === "string") return { kind: "secretKey", name, key };
  return key?.optional ? { kind: "secret", name, optional: true } : { kind: "secret", name };
}

/** A ConfigMap key as an env value, or (without a key) a ConfigMap mounted as a volume. */
export function configMap(name: string, options?: { optional?: boolean }): VolumeSpec;
export function configMap(name: string, key: string): EnvFrom;
export function configMap(name: string, key?: string | { optional?: boolean }): EnvFrom | VolumeSpec {
  if (typeof key === "string") return { kind: "configMapKey", name, key };
  return key?.optional ? { kind: "configMap", name, optional: true } : { kind: "configMap", name };
}

/** An existing PersistentVolumeClaim. */
export function pvc(claim: string, options: { readOnly?: boolean } = {}): VolumeSpec {
  return options.readOnly ? { kind: "pvc", claim, readOnly: true } : { kind: "pvc", claim };
}

/** A scratch directory that lives as long as the pod; `medium: "Memory"` for tmpfs. */
export function emptyDir(options: { medium?: "Memory"; size?: QuantitySpec } = {}): VolumeSpec {
  return { kind: "emptyDir", ...options };
}

/** Container settings, shared by components, steps, tunes and serves. */
export interface ContainerSettings {
  /** Environment variables: literal values, `secret(name, key)` / `configMap(name, key)`, or `fieldPath(path)`. */
  readonly env?: Readonly<Record<string, string | number | boolean | EnvFrom>>;
  /** What the container asks of its node (the language's `resources { … }`). */
  readonly resources?: {
    /** CPU cores: `2`, `"500m"`; `[request, limit]` or `{ limit }` for both ends. */
    readonly cpu?: RequestLimitSpec;
    /** Memory: `"8Gi"`, `"512Mi"`; `[request, limit]` or `{ limit }` for both ends. */
    readonly memory?: RequestLimitSpec;
    /** The node's local disk the container may use: `"50Gi"`. */
    readonly ephemeralStorage?: RequestLimitSpec;
    /**
     * GPU count, or count and accelerator type (`nvidia-tesla-a100`); with `mig` (a MIG profile such
     * as `"1g.10gb"`), the count is of slices of that profile.
     */
    readonly gpu?: number | { readonly count: number; readonly type?: string; readonly mig?: string };
  };
  /** Mounts by path: `pvc()`, `emptyDir()`, `secret()`, `configMap()`. */
  readonly volumes?: Readonly<Record<string, VolumeSpec>>;
  /** How long the container may run before it is stopped and counts as failed. */
  readonly timeout?: DurationSpec;
  /** Node labels the pod must run on: `{ "cloud.google.com/gke-accelerator": "nvidia-l4" }`. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints the pod tolerates: `key`, `operator` (`Equal` by default), `value`, `effect`, and `seconds` for `NoExecute`. */
  readonly tolerations?: readonly {
    readonly key?: string;
    readonly operator?: "Exists" | "Equal";
    readonly value?: string;
    readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
    readonly seconds?: DurationSpec;
  }[];
  /** Node-affinity terms: required, or preferred when a `weight` is given. */
  readonly affinity?: readonly {
    readonly key: string;
    readonly operator?: AffinityTerm["operator"];
    readonly values?: readonly string[];
    readonly weight?: number;
  }[];
  /** Labels on the pod. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the pod. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The Kubernetes service account the pod runs as. */
  readonly serviceAccount?: string;
  /** Secrets with the registry credentials to pull the image. */
  readonly imagePullSecrets?: readonly string[];
  /** Who the container runs as: user and group IDs (whole numbers from 0), and whether it must not be root. */
  readonly securityContext?: {
    /** The user ID the container's processes run as. */
    readonly runAsUser?: number;
    /** The primary group ID of the container's processes. */
    readonly runAsGroup?: number;
    /** Refuse to start the container if its image would run it as root. */
    readonly runAsNonRoot?: boolean;
  };
}

/** Settings of components and steps: container settings plus retries and caching. */
export interface StepSettings extends ContainerSettings {
  /** Retry count, or count with backoff. */
  readonly retry?: number | { readonly limit: number; readonly backoff?: DurationSpec; readonly factor?: number; readonly max?: DurationSpec };
  /** Whether results may be reused from the cache, and for how long (see `CacheSpec`). */
  readonly cache?: CacheSpec;
  /** Run as a training job on several nodes (the language's `distributed { … }`; see `DistributedSpec`). */
  readonly distributed?: DistributedSpec;
}

/**
 * A step that trains on several nodes, as one Kubeflow training job the step creates and waits for
 * (the language's `distributed { … }`). A step's `distributed` overrides its component's field by field.
 */
export interface DistributedSpec {
  /** The job kind: a Trainer v2 `TrainJob` (the default), or a Training Operator v1 `PyTorchJob` or `TFJob`. */
  readonly job?: "trainjob" | "pytorchjob" | "tfjob";
  /** The TrainJob's training runtime, a ClusterTrainingRuntime such as `"torch-distributed"`. */
  readonly runtime?: string;
  /** How many nodes (pods) train. */
  readonly nodes?: number;
  /** Processes per node, usually one per GPU. */
  readonly procsPerNode?: number;
  /** Elastic training (PyTorchJob): the least and the most nodes. */
  readonly elastic?: { readonly min: number; readonly max: number };
  /** What a v1 job's pods do when their container fails. */
  readonly restart?: "onFailure" | "never" | "always" | "exitCode";
  /** How many times a v1 job is retried before it is marked failed. */
  readonly backoffLimit?: number;
}

/**
 * Caching on or off, or `{ enabled?, maxAge? }`: `maxAge` is how long a cached result may be reused
 * (`"24h"`; the language's `cache on maxAge "24h"`), `enabled` left out keeps the default.
 */
export type CacheSpec = boolean | { readonly enabled?: boolean; readonly maxAge?: DurationSpec };

/** Settings of a whole pipeline. */
export interface PipelineSettings {
  /** The default for every step. */
  readonly cache?: CacheSpec;
  /** Labels on the run (the Argo Workflow, the KFP run's pods). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the run. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The service account every step runs as, unless a step sets its own. */
  readonly serviceAccount?: string;
  /** How long the whole run may take. */
  readonly timeout?: DurationSpec;
  /** Secrets with registry credentials, for every step's image. */
  readonly imagePullSecrets?: readonly string[];
}

const keyValues = (o: Readonly<Record<string, string>>, loc: Loc) => Object.entries(o).map(([key, value]) => ({ key, value: String(value), loc }));

/** Converts builder settings to the IR's, reporting what cannot be read with the language's codes. */
export function toSettings(s: StepSettings, loc: Loc, report: (d: Diagnostic) => void): Settings {
  const out: { -readonly [K in keyof Settings]: Settings[K] } = {};
  /** Where the option at `path` is written (the call's location when the loader cannot tell). */
  const at = (...path: readonly (string | number)[]): Loc => optionLoc(loc, ...path);
  const flag = (what: string, v: unknown, where: Loc = loc): boolean => {
    if (v === undefined) return false;
    const problem = checkFlag(`'${what}'`, v, where);
    if (problem !== undefined) report(problem);
    return v === true;
  };
  const duration = (v: DurationSpec, where: Loc): number | undefined => {
    const seconds = parseDuration(String(v));
    if (seconds === undefined) report(M.invalidDuration.at(where, String(v)));
    return seconds;
  };
  if (s.env !== undefined) {
    out.env = Object.entries(s.env).map(([name, v]): EnvVar => {
      const loc = at("env", name);
      if (typeof v === "object") {
        if (v.kind === "fieldPath") {
          const problem = fieldPathProblem(v.fieldPath);
          if (problem !== undefined) report(M.invalidFieldPath.at(loc, problem));
          return { kind: "env", name, source: { kind: "fieldPath", fieldPath: v.fieldPath }, loc };
        }
        const source = v.kind === "secretKey" ? { kind: "secret" as const, secret: v.name, key: v.key } : { kind: "configMap" as const, configMap: v.name, key: v.key };
        return { kind: "env", name, source, loc };
      }
      const text = typeof v === "number" ? numberText(v) : String(v);
      return { kind: "env", name, source: { kind: "value", value: { kind: "string", value: text, loc } }, loc };
    });
  }
  if (s.resources !== undefined) {
    const r = s.resources;
    const rl = (v: RequestLimitSpec, key: string): RequestLimit => {
      const where = at("resources", key);
      const q = (x: QuantitySpec) => ({ value: typeof x === "number" ? numberText(x) : x, loc: where });
      if (typeof v === "object" && !Array.isArray(v)) return { limit: q((v as { limit: QuantitySpec }).limit) };
      const [req, lim] = Array.isArray(v) ? v : [v, v];
      return { request: q(req as QuantitySpec), limit: q(lim as QuantitySpec) };
    };
    const res: { -readonly [K in keyof Resources]: Resources[K] } = { kind: "resources", loc: at("resources") };
    if (r.cpu !== undefined) res.cpu = rl(r.cpu, "cpu");
    if (r.memory !== undefined) res.memory = rl(r.memory, "memory");
    if (r.ephemeralStorage !== undefined) res.ephemeralStorage = rl(r.ephemeralStorage, "ephemeralStorage");
    if (r.gpu !== undefined) {
      const g = typeof r.gpu === "number" ? { count: r.gpu } : r.gpu;
      const where = at("resources", "gpu");
      const problem = checkNumber("GPU count", g.count, true, where);
      if (problem !== undefined) report(problem);
      else res.gpu = { count: g.count, ...(g.type === undefined ? {} : { type: g.type }), ...(g.mig === undefined ? {} : { mig: g.mig }), loc: where };
    }
    out.resources = res;
  }
  if (s.volumes !== undefined) {
    out.volumes = Object.entries(s.volumes).map(([mountPath, v]): Volume => {
      const loc = at("volumes", mountPath);
      switch (v.kind) {
        case "pvc":
          return { kind: "volume", mountPath, source: { kind: "pvc", claim: v.claim, readOnly: flag("readOnly", v.readOnly, loc) }, loc };
        case "emptyDir": {
          const source: { kind: "emptyDir"; medium?: "Memory"; sizeLimit?: { value: string; loc: Loc } } = { kind: "emptyDir" };
          if (v.medium !== undefined) {
            const problem = checkEmptyDirMedium(v.medium, loc);
            if (problem !== undefined) report(problem);
            else if (v.medium === "Memory") source.medium = v.medium;
          }
          if (v.size !== undefined) source.sizeLimit = { value: typeof v.size === "number" ? numberText(v.size) : v.size, loc };
          return { kind: "volume", mountPath, source, loc };
        }
        case "secret":
          return { kind: "volume", mountPath, source: { kind: "secret", secret: v.name, optional: flag("optional", v.optional, loc) }, loc };
        case "configMap":
          return { kind: "volume", mountPath, source: { kind: "configMap", configMap: v.name, optional: flag("optional", v.optional, loc) }, loc };
      }
    });
  }
  const badRetry = s.retry === undefined ? undefined : checkNumber("retry count", typeof s.retry === "number" ? s.retry : s.retry.limit, true, at("retry"));
  if (badRetry !== undefined) report(badRetry);
  else if (s.retry !== undefined) {
    const r = typeof s.retry === "number" ? { limit: s.retry } : s.retry;
    const retry: { -readonly [K in keyof NonNullable<Settings["retry"]>]: NonNullable<Settings["retry"]>[K] } = { kind: "retry", limit: r.limit, loc: at("retry") };
    if (r.backoff !== undefined) {
      const b = duration(r.backoff, at("retry", "backoff"));
      if (b !== undefined) retry.backoffSeconds = b;
      if (r.factor !== undefined) {
        const problem = checkNumber("backoff factor", r.factor, false, at("retry", "factor"));
        if (problem !== undefined) report(problem);
        else retry.factor = r.factor;
      }
      if (r.max !== undefined) {
        const m = duration(r.max, at("retry", "max"));
        if (m !== undefined) retry.maxBackoffSeconds = m;
      }
    }
    out.retry = retry;
  }
  if (s.timeout !== undefined) {
    const t = duration(s.timeout, at("timeout"));
    if (t !== undefined) out.timeout = { seconds: t, loc: at("timeout") };
  }
  if (s.cache !== undefined) {
    const c = typeof s.cache === "object" ? s.cache : { enabled: s.cache };
    if (c.enabled !== undefined) out.caching = { value: flag(typeof s.cache === "object" ? "cache.enabled" : "cache", c.enabled, at("cache")), loc: at("cache") };
    if (c.maxAge !== undefined) {
      const age = duration(c.maxAge, at("cache", "maxAge"));
      if (age !== undefined) out.cacheMaxAge = { seconds: age, loc: at("cache", "maxAge") };
    }
  }
  if (s.nodeSelector !== undefined) out.nodeSelector = keyValues(s.nodeSelector, at("nodeSelector"));
  if (s.tolerations !== undefined) {
    s.tolerations.forEach((t, i) => {
      const problems = [
        t.operator === undefined ? undefined : checkTolerationOperator(t.operator, at("tolerations", i, "operator")),
        t.effect === undefined ? undefined : checkTolerationEffect(t.effect, at("tolerations", i, "effect")),
      ];
      for (const p of problems) if (p !== undefined) report(p);
    });
    out.tolerations = s.tolerations.map((t, i): Toleration => {
      const loc = at("tolerations", i);
      const tol: { -readonly [K in keyof Toleration]: Toleration[K] } = {
        kind: "toleration",
        operator: t.operator === "Equal" || (t.operator === undefined && t.value !== undefined) ? "Equal" : "Exists",
        loc,
      };
      if (t.key !== undefined) tol.key = t.key;
      if (t.value !== undefined) tol.value = t.value;
      if (t.effect !== undefined && checkTolerationEffect(t.effect, loc) === undefined) tol.effect = t.effect;
      if (t.seconds !== undefined) {
        const n = duration(t.seconds, at("tolerations", i, "seconds"));
        if (n !== undefined) tol.tolerationSeconds = n;
      }
      return tol;
    });
  }
  if (s.affinity !== undefined) {
    out.affinity = s.affinity.flatMap((a, i): AffinityTerm[] => {
      const loc = at("affinity", i);
      // As in the language: a term without a key or with an unknown operator is left out, a bad weight dropped.
      if (a.key === undefined) {
        report(M.affinityNoKey.at(loc));
        return [];
      }
      const badOperator = a.operator === undefined ? undefined : checkAffinityOperator(a.operator, loc);
      if (badOperator !== undefined) {
        report(badOperator);
        return [];
      }
      const term: { -readonly [K in keyof AffinityTerm]: AffinityTerm[K] } = { kind: "affinity", key: a.key, operator: a.operator ?? "In", values: [...(a.values ?? [])], loc };
      if (a.weight !== undefined) {
        const badWeight = checkAffinityWeight(a.weight, loc);
        if (badWeight !== undefined) report(badWeight);
        else term.weight = a.weight;
      }
      return [term];
    });
  }
  if (s.labels !== undefined) out.labels = keyValues(s.labels, loc);
  if (s.annotations !== undefined) out.annotations = keyValues(s.annotations, loc);
  if (s.serviceAccount !== undefined) out.serviceAccount = { name: s.serviceAccount, loc };
  if (s.imagePullSecrets !== undefined) out.imagePullSecrets = s.imagePullSecrets.map((name) => ({ name, loc }));
  // Not an object at all: the option check says so (MLP2007).
  if (typeof s.securityContext === "object" && s.securityContext !== null) {
    const { runAsUser, runAsGroup, runAsNonRoot } = s.securityContext;
    let ok = true;
    for (const [field, value] of Object.entries(s.securityContext)) {
      if (value === undefined) continue;
      const problem =
        field === "runAsUser" || field === "runAsGroup"
          ? checkSecurityContextId(field, value, loc)
          : field === "runAsNonRoot"
            ? checkFlag(field, value, loc)
            : checkSecurityContextField(field, loc);
      if (problem !== undefined) {
        report(problem);
        ok = false;
      }
    }
    if (ok) {
      const sc: { -readonly [K in keyof NonNullable<Settings["securityContext"]>]: NonNullable<Settings["securityContext"]>[K] } = { loc };
      if (runAsUser !== undefined) sc.runAsUser = runAsUser;
      if (runAsGroup !== undefined) sc.runAsGroup = runAsGroup;
      if (runAsNonRoot !== undefined) sc.runAsNonRoot = runAsNonRoot;
      out.securityContext = sc;
    }
  }
  if (typeof s.distributed === "object" && s.distributed !== null) {
    const fields: DistributedField[] = Object.entries(s.distributed)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ({ name, value: value as DistributedField["value"], nameLoc: at("distributed", name), loc: at("distributed", name) }));
    const diagnostics: Diagnostic[] = [];
    out.distributed = lowerDistributedFields(fields, at("distributed"), diagnostics);
    diagnostics.forEach(report);
  }
  return out;
}
