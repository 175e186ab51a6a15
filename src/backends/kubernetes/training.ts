import type { CommandItem, Distributed, Settings, TrainingJobKind } from "../../ir/types.js";
import { record } from "../../ir/records.js";
import { UniqueNames } from "../../kubernetes/names.js";
import { affinity, envVars, keyValues, podVolumes, resourceRequirements, securityContext, tolerations } from "./pod.js";

/**
 * The Kubeflow training job a distributed step runs as, built once for every target (KFP's kubectl
 * step, Argo's resource template, Katib's trial template): a Trainer v2 `TrainJob` against a training
 * runtime, or a Training Operator v1 `PyTorchJob` or `TFJob`. The target gives the container's command
 * line with its own placeholders resolved, and how the job is named.
 *
 * Each node is one pod running the component's container with the step's effective settings: its
 * resources are per node (a TrainJob's `resourcesPerNode`, each replica's container), and the
 * placement (node selector, tolerations — with the GPU toleration — affinity), service account, pull
 * secrets and volumes apply to every replica: in a v1 job they are in each replica's pod template, in a
 * TrainJob they are a `runtimePatches` entry (manager `mlpc.dev/placement`) that patches the runtime's
 * `node` job, the only way a TrainJob sets pod fields.
 *
 * The shapes follow the CRDs and webhooks (`shared/upstream/training/README.md`): a PyTorchJob has
 * one `Master` (replicas 1) and `nodes - 1` `Worker`s, or Workers only when elastic (the webhook
 * requires Workers for an elastic policy), each with a container named `pytorch`; a TFJob has `nodes`
 * Workers with a container named `tensorflow`; a TrainJob's trainer container is the runtime's `node`.
 */
export interface TrainingJob {
  readonly manifest: Record<string, unknown>;
  readonly apiVersion: string;
  readonly kind: "TrainJob" | "PyTorchJob" | "TFJob";
  /** The resource's API group and plural, for permissions and `kubectl`. */
  readonly group: string;
  readonly plural: string;
  /** The container that trains (Katib's `primaryContainerName`). */
  readonly container: "node" | "pytorch" | "tensorflow";
  /** The condition type a finished job has (`status: "True"`) when it succeeded: `Complete` for a TrainJob, `Succeeded` for v1. */
  readonly succeeded: "Complete" | "Succeeded";
}

/** The container of every node: the component's image and its command line as the target writes it. */
export interface JobContainer {
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
}

/** How a job is named: `generateName` (a prefix the API server completes), so that every run creates its own. */
export interface JobMetadata {
  readonly generateName: string;
  /** Annotations the target needs on the job (Argo reads output locations back from them). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The manager of the TrainJob's runtime patch that carries the pods' placement and settings. */
export const PLACEMENT_PATCH_MANAGER = "mlpc.dev/placement";

/** The default runtime of a TrainJob: Kubeflow Trainer's PyTorch runtime. */
export const DEFAULT_RUNTIME = "torch-distributed";

const KINDS = {
  trainjob: { apiVersion: "trainer.kubeflow.org/v1alpha1", kind: "TrainJob", group: "trainer.kubeflow.org", plural: "trainjobs", container: "node", succeeded: "Complete" },
  pytorchjob: { apiVersion: "kubeflow.org/v1", kind: "PyTorchJob", group: "kubeflow.org", plural: "pytorchjobs", container: "pytorch", succeeded: "Succeeded" },
  tfjob: { apiVersion: "kubeflow.org/v1", kind: "TFJob", group: "kubeflow.org", plural: "tfjobs", container: "tensorflow", succeeded: "Succeeded" },
} as const;

/** The job kind of a block: a TrainJob unless `job` says otherwise. */
export function trainingJobKind(d: Distributed): TrainingJobKind {
  return d.job?.value ?? "trainjob";
}

/** The resource facts of a job kind, without building the job (permissions, conditions). */
export function trainingJobType(d: Distributed): Omit<TrainingJob, "manifest"> {
  return KINDS[trainingJobKind(d)];
}

/** The job for a distributed step with these effective settings (see `TrainingJob`). */
export function trainingJob(d: Distributed, settings: Settings, container: JobContainer, metadata: JobMetadata): TrainingJob {
  const type = trainingJobType(d);
  const meta = compact({
    generateName: metadata.generateName,
    labels: keyValues(settings.labels),
    annotations: mergeMaps(keyValues(settings.annotations), metadata.annotations),
  });
  const volumes = podVolumes(settings.volumes, new UniqueNames());
  const spec = trainingJobKind(d) === "trainjob" ? trainJobSpec(d, settings, container, volumes) : v1JobSpec(d, settings, container, volumes, type.container);
  return { ...type, manifest: { apiVersion: type.apiVersion, kind: type.kind, metadata: meta, spec } };
}

type PodVolume = ReturnType<typeof podVolumes>[number];

function trainJobSpec(d: Distributed, settings: Settings, container: JobContainer, volumes: readonly PodVolume[]): Record<string, unknown> {
  const podSpec = compact({
    affinity: affinity(settings.affinity),
    containers: volumes.length > 0 || settings.securityContext !== undefined ? [compact({ name: "node", securityContext: securityContext(settings), volumeMounts: mounts(volumes) })] : undefined,
    imagePullSecrets: pullSecrets(settings),
    nodeSelector: keyValues(settings.nodeSelector),
    serviceAccountName: settings.serviceAccount?.name,
    tolerations: tolerations(settings),
    volumes: volumes.length > 0 ? volumes.map((v) => v.volume) : undefined,
  });
  const patch =
    Object.keys(podSpec).length === 0
      ? undefined
      : [{ manager: PLACEMENT_PATCH_MANAGER, trainingRuntimeSpec: { template: { spec: { replicatedJobs: [{ name: "node", template: { spec: { template: { spec: podSpec } } } }] } } } }];
  return compact({
    runtimeRef: { apiGroup: "trainer.kubeflow.org", kind: "ClusterTrainingRuntime", name: d.runtime?.name ?? DEFAULT_RUNTIME },
    trainer: compact({
      image: container.image,
      command: container.command.length > 0 ? [...container.command] : undefined,
      args: container.args.length > 0 ? [...container.args] : undefined,
      env: envVars(settings.env),
      numNodes: d.nodes?.value,
      numProcPerNode: d.procsPerNode?.value,
      resourcesPerNode: resourceRequirements(settings.resources),
    }),
    runtimePatches: patch,
    activeDeadlineSeconds: settings.timeout?.seconds,
  });
}

const RESTART_POLICIES = { onFailure: "OnFailure", never: "Never", always: "Always", exitCode: "ExitCode" } as const;

function v1JobSpec(d: Distributed, settings: Settings, container: JobContainer, volumes: readonly PodVolume[], name: string): Record<string, unknown> {
  const template = compact({
    metadata: settings.labels === undefined && settings.annotations === undefined ? undefined : compact({ labels: keyValues(settings.labels), annotations: keyValues(settings.annotations) }),
    spec: compact({
      affinity: affinity(settings.affinity),
      containers: [
        compact({
          name,
          image: container.image,
          command: container.command.length > 0 ? [...container.command] : undefined,
          args: container.args.length > 0 ? [...container.args] : undefined,
          env: envVars(settings.env),
          resources: resourceRequirements(settings.resources),
          securityContext: securityContext(settings),
          volumeMounts: mounts(volumes),
        }),
      ],
      imagePullSecrets: pullSecrets(settings),
      nodeSelector: keyValues(settings.nodeSelector),
      serviceAccountName: settings.serviceAccount?.name,
      tolerations: tolerations(settings),
      volumes: volumes.length > 0 ? volumes.map((v) => v.volume) : undefined,
    }),
  });
  const replica = (replicas: number): Record<string, unknown> =>
    compact({ replicas, restartPolicy: d.restart === undefined ? undefined : RESTART_POLICIES[d.restart.value], template });
  const nodes = d.nodes?.value ?? 1;
  const runPolicy = compact({ activeDeadlineSeconds: settings.timeout?.seconds, backoffLimit: d.backoffLimit?.value });
  const common = { runPolicy: Object.keys(runPolicy).length > 0 ? runPolicy : undefined };
  if (trainingJobKind(d) === "tfjob") return compact({ ...common, tfReplicaSpecs: { Worker: replica(nodes) } });
  const replicas: Record<string, unknown> = record();
  if (d.elastic !== undefined) replicas.Worker = replica(nodes);
  else {
    replicas.Master = replica(1);
    if (nodes > 1) replicas.Worker = replica(nodes - 1);
  }
  return compact({
    ...common,
    elasticPolicy: d.elastic === undefined ? undefined : { rdzvBackend: "c10d", minReplicas: d.elastic.min, maxReplicas: d.elastic.max },
    nprocPerNode: d.procsPerNode === undefined ? undefined : String(d.procsPerNode.value),
    pytorchReplicaSpecs: replicas,
  });
}

/**
 * The command line a job runs, for a step that gives the inputs in `present`: an `if x [ … ] else
 * [ … ]` is decided here, since a job's container has no launcher to decide it at run time.
 */
export function presentItems(items: readonly CommandItem[], present: ReadonlySet<string>): CommandItem[] {
  return items.flatMap((item) => (item.kind === "ifPresent" ? presentItems(present.has(item.input) ? item.then : item.otherwise, present) : [item]));
}

/**
 * A `generateName` prefix for the job of `component` in `pipeline`: a DNS-1035 label (lowercase
 * letters, digits and `-`, starting with a letter) that leaves room for the API server's 5 random
 * characters within 63.
 */
export function jobNamePrefix(pipeline: string, component: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  let base = [clean(pipeline), clean(component)].filter((s) => s !== "").join("-");
  if (!/^[a-z]/.test(base)) base = `job-${base}`;
  base = base.slice(0, 57).replace(/-+$/, "");
  return `${base}-`;
}

function mounts(volumes: readonly PodVolume[]): Record<string, unknown>[] | undefined {
  return volumes.length > 0 ? volumes.map((v) => v.mount) : undefined;
}

function pullSecrets(settings: Settings): Record<string, unknown>[] | undefined {
  const s = settings.imagePullSecrets;
  return s === undefined || s.length === 0 ? undefined : s.map((p) => ({ name: p.name }));
}

function mergeMaps(a: Record<string, string> | undefined, b: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (a === undefined && b === undefined) return undefined;
  return { ...(a ?? {}), ...(b ?? {}) };
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = record();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
