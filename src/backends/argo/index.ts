import { sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../ir/types.js";
import { KUBERNETES_KEY_ORDER, toYaml } from "../../output/yaml.js";
import { argoName } from "../../kubernetes/names.js";
import { buildManifest, type ArgoOptions } from "./workflow.js";

export type { ArgoKind, ArgoOptions } from "./workflow.js";

/** One file the Argo back end writes. */
export interface ArgoFile {
  /** `<pipeline name as Kubernetes writes it>.argo.yaml`. */
  readonly name: string;
  readonly content: string;
}

/** What `emitArgo` produces. Any error diagnostic means the program must not be written. */
export interface ArgoResult {
  readonly files: ArgoFile[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Compiles every pipeline of a validated program to an Argo Workflows manifest: one
 * `<pipeline-name>.argo.yaml` per pipeline (the name lowercased with `_` as `-`), a `Workflow` by
 * default, a `WorkflowTemplate` or `ClusterWorkflowTemplate` with `options.kind`, a `CronWorkflow` for
 * a pipeline with a schedule (see `buildManifest`). A pure function of the program and the options:
 * the same input gives the same bytes.
 *
 * What Argo cannot express is an error at the construct's location (MLP41xx) and that pipeline's file
 * is left out; diagnostics are reported once each, sorted by location.
 */
export function emitArgo(program: Program, options: ArgoOptions = {}): ArgoResult {
  const diagnostics: Diagnostic[] = [];
  const files: ArgoFile[] = [];
  for (const pipeline of program.pipelines) {
    const manifest = buildManifest(program, pipeline, options, diagnostics);
    if (manifest === undefined) continue;
    files.push({ name: `${argoName(pipeline.name)}.argo.yaml`, content: toYaml([manifest], { keys: KUBERNETES_KEY_ORDER }) });
  }
  return { files, diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)) };
}

/** The options of `mlpc compile` the Argo back end reads (`EmitOptions` in `src/cli/targets.ts`). */
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
 * The Argo back end in the shape of the CLI's back-end registry (`Backend` in `src/cli/targets.ts`).
 * It takes the `--argo-kind`, `--argo-pod-gc`, `--argo-ttl` and `--argo-artifact-repository` options.
 */
export const argoBackend = {
  name: "argo",
  extension: "argo.yaml",
  emit: (program: Program, options?: ArgoCliOptions) => emitArgo(program, argoOptions(options)),
} as const;

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
