// Types and constants only: the CLI imports this module without loading any back end or the YAML writer.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Document } from "../output/documents.js";
import type { ResolvedProgram } from "../passes/resolve/index.js";

export type { Document, EmittedFile } from "../output/documents.js";

/**
 * The back-end contract: a back end is a pure function from a resolved program (see
 * `src/passes/resolve/`) to documents, one per file, and its diagnostics (MLP4xxx). The CLI keeps a
 * registry of back ends (`src/cli/targets.ts`) and prints the documents with `printDocument`.
 */
export interface Backend {
  readonly name: BackendName;
  /** What its file names end with, without the leading dot (`kfp.yaml`). */
  readonly extension: string;
  emit(resolved: ResolvedProgram, options?: EmitOptions): EmitResult;
}

export interface EmitResult {
  readonly documents: readonly Document[];
  /** MLP4xxx, once each, sorted by location; any error means the run writes nothing. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Every back end, by the name `-t` takes. */
export type BackendName = "kfp" | "argo" | "katib" | "kserve" | "rbac";

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
