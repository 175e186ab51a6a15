import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Program } from "../ir/types.js";

/** One file a back end produces, named relative to the output directory. */
export interface EmittedFile {
  /** A plain file name (no directory part) ending in `.<extension>` of its target. */
  readonly name: string;
  readonly content: string;
}

export interface EmitResult {
  readonly files: readonly EmittedFile[];
  /** MLP4xxx; any error means the run writes nothing. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Options of `mlpc compile` that some back end reads; the others ignore them. */
export interface EmitOptions {
  /** `--argo-kind`: what the Argo back end writes for a pipeline without a schedule. */
  readonly argoKind?: "workflow" | "workflow-template" | "cluster-workflow-template";
  /** `--argo-pod-gc`: the Workflow's `podGC` strategy, or `none` for no `podGC` (the default is `OnPodSuccess`). */
  readonly argoPodGC?: ArgoPodGCStrategy | "none";
  /** `--argo-ttl`: seconds the Workflow is kept after it completes, or `none` for no `ttlStrategy` (default a week). */
  readonly argoTtl?: number | "none";
  /** `--argo-artifact-repository`: the artifact repository's ConfigMap and key (`spec.artifactRepositoryRef`). */
  readonly argoArtifactRepository?: { readonly configMap: string; readonly key?: string };
}

/** Argo's pod GC strategies (`spec.podGC.strategy` in its schema), which `--argo-pod-gc` accepts. */
export const ARGO_POD_GC_STRATEGIES = ["OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"] as const;
export type ArgoPodGCStrategy = (typeof ARGO_POD_GC_STRATEGIES)[number];

/** A back end: a pure function from a valid program to files (names derived from IR names). */
export interface Backend {
  readonly name: BackendName;
  /** What its file names end with, without the leading dot (`kfp.yaml`). */
  readonly extension: string;
  emit(program: Program, options?: EmitOptions): EmitResult;
}

/** Every target `-t` accepts. `ir` is the program itself; `all` is `ir` plus every back end present. */
export const TARGET_NAMES = ["ir", "kfp", "argo", "katib", "kserve", "all"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
export type BackendName = Exclude<TargetName, "ir" | "all">;

/** The IR dump: `<root file name without .mlpipe>.ir.json`. */
export const IR_EXTENSION = "ir.json";

/**
 * A back end in the registry. It is loaded only when a run asks for it, so `mlpc check` and
 * `mlpc --help` never load YAML writers.
 */
export interface BackendEntry {
  readonly name: BackendName;
  readonly extension: string;
  load(): Promise<Backend>;
}

/**
 * The back ends this build has, in the order `-t all` runs them. Each milestone adds its line.
 */
export const BACKENDS: readonly BackendEntry[] = [
  { name: "kfp", extension: "kfp.yaml", load: async () => (await import("../backends/kfp/index.js")).kfpBackend },
  { name: "argo", extension: "argo.yaml", load: async () => (await import("../backends/argo/index.js")).argoBackend },
  { name: "katib", extension: "katib.yaml", load: async () => (await import("../backends/katib/index.js")).katibBackend },
  { name: "kserve", extension: "kserve.yaml", load: async () => (await import("../backends/kserve/index.js")).kserveBackend },
];

/** The registered back end called `name`, if this build has it. */
export function findBackend(name: string, registry: readonly BackendEntry[] = BACKENDS): BackendEntry | undefined {
  return registry.find((b) => b.name === name);
}

/** What `-t` can produce today, for messages: `ir`, the registered back ends, `all`. */
export function availableTargets(registry: readonly BackendEntry[] = BACKENDS): string[] {
  return ["ir", ...registry.map((b) => b.name), "all"];
}
