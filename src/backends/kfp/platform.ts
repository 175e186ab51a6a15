import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { AffinityTerm, Loc, Settings } from "../../ir/types.js";
import { tolerations as podTolerations } from "../kubernetes/pod.js";
import { plainNumber } from "../../output/numbers.js";

type Config = Record<string, unknown>;

/**
 * The `KubernetesExecutorConfig` of one executor (a Struct under
 * `platforms.kubernetes.deploymentSpec.executors.<label>` of the PlatformSpec document), with the
 * field names of kubernetes_executor_config.proto in their JSON form; `undefined` when the step needs
 * none. Names of Secrets, ConfigMaps and claims are constants, written both in the deprecated name
 * field and as `…NameParameter.runtimeValue.constant`, as kfp-kubernetes does.
 */
export function executorConfig(settings: Settings, diagnostics: Diagnostic[]): Config | undefined {
  const config: Config = {};
  const constant = (name: string) => ({ runtimeValue: { constant: name } });

  // Environment variables from Secrets and ConfigMaps: one entry per Secret or ConfigMap, in the
  // order each is first used.
  const secretEnv = new Map<string, { envVar: string; secretKey: string }[]>();
  const configMapEnv = new Map<string, { configMapKey: string; envVar: string }[]>();
  for (const env of settings.env ?? []) {
    const s = env.source;
    if (s.kind === "secret") push(secretEnv, s.secret, { envVar: env.name, secretKey: s.key });
    else if (s.kind === "configMap") push(configMapEnv, s.configMap, { configMapKey: s.key, envVar: env.name });
  }
  if (secretEnv.size > 0) {
    config.secretAsEnv = [...secretEnv].map(([name, keyToEnv]) => ({ keyToEnv, optional: false, secretName: name, secretNameParameter: constant(name) }));
  }
  if (configMapEnv.size > 0) {
    config.configMapAsEnv = [...configMapEnv].map(([name, keyToEnv]) => ({
      configMapName: name,
      configMapNameParameter: constant(name),
      keyToEnv,
      optional: false,
    }));
  }
  // Pod fields through the downward API.
  const fieldPaths = (settings.env ?? []).flatMap((e) => (e.source.kind === "fieldPath" ? [{ fieldPath: e.source.fieldPath, name: e.name }] : []));
  if (fieldPaths.length > 0) config.fieldPathAsEnv = fieldPaths;

  // Volumes. The KFP driver names a Secret's or ConfigMap's pod volume after the Secret or ConfigMap,
  // so two mounts of one of them (or a Secret and a ConfigMap of the same name) would give the pod two
  // volumes of one name, which Kubernetes rejects (MLP4005).
  const secretVolumes: Config[] = [];
  const configMapVolumes: Config[] = [];
  const pvcMounts: Config[] = [];
  const emptyDirs: Config[] = [];
  const volumeNames = new Map<string, string>();
  const claimVolumeName = (name: string, mountPath: string, loc: Loc): void => {
    const other = volumeNames.get(name);
    if (other !== undefined) diagnostics.push(M.kfpVolumeNameClash.at(loc, mountPath, name, other));
    else volumeNames.set(name, mountPath);
  };
  for (const v of settings.volumes ?? []) {
    const s = v.source;
    switch (s.kind) {
      case "secret":
        claimVolumeName(s.secret, v.mountPath, v.loc);
        secretVolumes.push({ mountPath: v.mountPath, optional: s.optional, secretName: s.secret, secretNameParameter: constant(s.secret) });
        break;
      case "configMap":
        claimVolumeName(s.configMap, v.mountPath, v.loc);
        configMapVolumes.push({ configMapName: s.configMap, configMapNameParameter: constant(s.configMap), mountPath: v.mountPath, optional: s.optional });
        break;
      case "pvc":
        if (s.readOnly) diagnostics.push(M.kfpReadOnlyPvc.at(v.loc, v.mountPath));
        pvcMounts.push({ constant: s.claim, mountPath: v.mountPath, pvcNameParameter: constant(s.claim) });
        break;
      case "emptyDir": {
        // KFP needs a volume name; mlpc's volumes have none, so they are numbered in mount order.
        const volumeName = `emptydir-vol-${emptyDirs.length + 1}`;
        claimVolumeName(volumeName, v.mountPath, v.loc);
        emptyDirs.push({ medium: s.medium, mountPath: v.mountPath, sizeLimit: s.sizeLimit?.value, volumeName });
        break;
      }
    }
  }
  if (secretVolumes.length > 0) config.secretAsVolume = secretVolumes;
  if (configMapVolumes.length > 0) config.configMapAsVolume = configMapVolumes;
  if (pvcMounts.length > 0) config.pvcMount = pvcMounts;
  if (emptyDirs.length > 0) config.emptyDirMounts = emptyDirs;

  // Scheduling.
  const nodeSelector = settings.nodeSelector ?? [];
  if (nodeSelector.length > 0) config.nodeSelector = { labels: keyValues(nodeSelector) };
  // As written, plus the GPU resource's toleration for a step that asks for GPUs (shared with the
  // other targets: GPU node pools carry that taint).
  const tolerations = podTolerations(settings) ?? [];
  if (tolerations.length > 0) {
    config.tolerations = tolerations.map((t) => ({
      effect: t.effect,
      key: t.key,
      operator: t.operator,
      // int64 in proto3 JSON is a string.
      tolerationSeconds: typeof t.tolerationSeconds === "number" ? plainNumber(t.tolerationSeconds) : undefined,
      value: t.value,
    }));
  }
  const affinity = nodeAffinity(settings.affinity ?? []);
  if (affinity.length > 0) config.nodeAffinity = affinity;

  // The pod.
  const labels = settings.labels ?? [];
  const annotations = settings.annotations ?? [];
  if (labels.length > 0 || annotations.length > 0) {
    config.podMetadata = {
      annotations: annotations.length > 0 ? keyValues(annotations) : undefined,
      labels: labels.length > 0 ? keyValues(labels) : undefined,
    };
  }
  const pullSecrets = settings.imagePullSecrets ?? [];
  if (pullSecrets.length > 0) config.imagePullSecret = pullSecrets.map((s) => ({ secretName: s.name, secretNameParameter: constant(s.name) }));

  // The security context: IDs are int64, which proto JSON writes as strings.
  const sc = settings.securityContext;
  if (sc !== undefined) {
    config.securityContext = {
      runAsGroup: sc.runAsGroup === undefined ? undefined : plainNumber(sc.runAsGroup),
      runAsNonRoot: sc.runAsNonRoot,
      runAsUser: sc.runAsUser === undefined ? undefined : plainNumber(sc.runAsUser),
    };
  }
  if (settings.timeout !== undefined) config.activeDeadlineSeconds = plainNumber(settings.timeout.seconds);

  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Node affinity terms: every required expression in one term (Kubernetes ANDs the expressions of a
 * term and ORs terms, and mlpc's required expressions must all hold), then one weighted term per
 * preferred expression, in the order written.
 */
function nodeAffinity(terms: readonly AffinityTerm[]): Config[] {
  const expression = (t: AffinityTerm) => ({ key: t.key, operator: t.operator, values: t.values.length > 0 ? [...t.values] : undefined });
  const required = terms.filter((t) => t.weight === undefined);
  const out: Config[] = [];
  if (required.length > 0) out.push({ matchExpressions: required.map(expression) });
  for (const t of terms) if (t.weight !== undefined) out.push({ matchExpressions: [expression(t)], weight: t.weight });
  return out;
}

function keyValues(kvs: readonly { readonly key: string; readonly value: string }[]): Map<string, string> {
  return new Map(kvs.map((kv) => [kv.key, kv.value]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
