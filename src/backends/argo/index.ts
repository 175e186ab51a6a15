import type { Backend, EmitResult } from "../contract.js";
import type { Program } from "../../ir/types.js";
import { emitEach, printedEmitter, type PrintedResult } from "../emit.js";
import { KUBERNETES_KEY_ORDER } from "../../output/yaml.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { buildManifest, type ArgoOptions } from "./workflow.js";

/** The files `emitArgo` writes, and its result (see `printedEmitter`). */
export type { EmittedFile as ArgoFile, PrintedResult as ArgoResult } from "../emit.js";

export type { ArgoKind, ArgoOptions } from "./workflow.js";

/**
 * Compiles every pipeline of a resolved program to an Argo Workflows manifest: one document
 * `<pipeline-name>.argo.yaml` per pipeline (the name lowercased with `_` as `-`), a `Workflow` by
 * default, a `WorkflowTemplate` or `ClusterWorkflowTemplate` with `options.kind`, a `CronWorkflow` for
 * a pipeline with a schedule (see `buildManifest`). A pure function of the program and the options:
 * the same input gives the same bytes.
 *
 * What Argo cannot express is an error at the construct's location (MLP41xx) and that pipeline's file
 * is left out; diagnostics are reported once each, sorted by location.
 */
export function argoDocuments(resolved: ResolvedProgram, options: ArgoOptions = {}): EmitResult {
  return emitEach(resolved.program.pipelines, (pipeline, diagnostics) => {
    const manifest = buildManifest(resolved, pipeline, options, diagnostics);
    if (manifest === undefined) return undefined;
    const callees = [...resolved.pipelines.get(pipeline.name)!.calls.values()].map((c) => c.callee);
    return {
      kind: manifest.kind as string,
      declaration: { kind: "pipeline", name: pipeline.name },
      fileName: `${nameOn(resolved.names.argo, pipeline.name)}.argo.yaml`,
      objects: [manifest],
      sources: [...new Set([pipeline, ...callees])].map((p) => p.loc),
      keys: KUBERNETES_KEY_ORDER,
    };
  });
}

/** `argoDocuments` of a checked program, printed: the files `mlpc compile -t argo` writes. */
export const emitArgo: (program: Program, options?: ArgoOptions) => PrintedResult = printedEmitter(argoDocuments);

/** The options of `mlpc compile` the Argo back end reads (`EmitOptions` in `src/backends/contract.ts`). */
export interface ArgoCliOptions {
  readonly argoKind?: ArgoOptions["kind"];
  /** `--argo-pod-gc`: a strategy, or `none` for no `podGC`; absent for the default. */
  readonly argoPodGC?: string;
  /** `--argo-ttl`: seconds after completion, or `none` for no `ttlStrategy`; absent for the default. */
  readonly argoTtl?: number | "none";
  /** `--argo-artifact-repository`: the ConfigMap (and key) of the artifact repository to use. */
  readonly argoArtifactRepository?: { readonly configMap: string; readonly key?: string };
}

/**
 * The Argo back end in the shape of the CLI's back-end registry (`Backend` in `src/backends/contract.ts`).
 * It takes the `--argo-kind`, `--argo-pod-gc`, `--argo-ttl` and `--argo-artifact-repository` options.
 */
export const argoBackend: Backend = {
  name: "argo",
  extension: "argo.yaml",
  emit: (resolved, options) => argoDocuments(resolved, argoOptions(options)),
};

/** `ArgoOptions` from the CLI's: an absent option keeps the back end's default, `none` drops the field. */
export function argoOptions(options: ArgoCliOptions = {}): ArgoOptions {
  const { argoPodGC: gc, argoTtl: ttl } = options;
  return {
    kind: options.argoKind,
    podGC: gc === undefined ? undefined : gc === "none" ? null : { strategy: gc },
    ttlStrategy: ttl === undefined ? undefined : ttl === "none" ? null : { secondsAfterCompletion: ttl },
    artifactRepositoryRef: options.argoArtifactRepository,
  };
}
