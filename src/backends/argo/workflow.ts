import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Pipeline } from "../../ir/types.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { pipelineCachePlan } from "../../passes/optimize/index.js";
import { compareCodePoints } from "../../output/yaml.js";
import { keyValues, literalText } from "../kubernetes/pod.js";
import { artifactRoot, uriParameter, type ArtifactRoot } from "./artifacts.js";
import { compact } from "./container.js";
import { pipelineTemplate, type WorkflowContext } from "./dag.js";
import { DEFAULT_CACHE_MAX_AGE } from "./memoize.js";
import { MAX_ARGO_NAME_LENGTH, UniqueNames } from "../../kubernetes/names.js";
import { templateTexts } from "../../ir/template-text.js";

type Spec = Record<string, unknown>;

/** Which Argo resource a pipeline without a schedule becomes. */
export type ArgoKind = "workflow" | "workflow-template" | "cluster-workflow-template";

/** Options of the Argo back end. */
export interface ArgoOptions {
  /** `workflow` (default): a `Workflow` with `generateName`; or a (cluster) workflow template. */
  readonly kind?: ArgoKind;
  /**
   * `spec.podGC`; `null` leaves it out. Default `{ strategy: OnPodSuccess }`: pods of steps that
   * succeeded are deleted as soon as they finish, failed ones stay for their logs.
   */
  readonly podGC?: { readonly strategy?: string; readonly deleteDelayDuration?: string } | null;
  /** `spec.ttlStrategy`; `null` leaves it out. Default: the Workflow is deleted a week after it ends. */
  readonly ttlStrategy?: { readonly secondsAfterCompletion?: number; readonly secondsAfterSuccess?: number; readonly secondsAfterFailure?: number } | null;
  /** How long memoized results stay valid (`memoize.maxAge`) where the source sets no `cache … maxAge`. Default `168h`. */
  readonly cacheMaxAge?: string;
  /**
   * `spec.artifactRepositoryRef`: the artifact repository (a ConfigMap, and a key in it) the Workflow
   * stores artifacts in, instead of the namespace's default. With `artifactRoot`, output artifacts are
   * key-only, so this repository's bucket is the one `artifactRoot` must name.
   */
  readonly artifactRepositoryRef?: { readonly configMap: string; readonly key?: string };
}

const API_VERSION = "argoproj.io/v1alpha1";
const KIND_NAMES: Readonly<Record<ArgoKind, string>> = {
  workflow: "Workflow",
  "workflow-template": "WorkflowTemplate",
  "cluster-workflow-template": "ClusterWorkflowTemplate",
};
/** The longest CronWorkflow name Argo accepts (it appends a timestamp to name its Workflows). */
const MAX_CRON_NAME = 52;
const ONE_WEEK = 7 * 24 * 3600;

/**
 * The Argo manifest of one pipeline, or `undefined` when it has errors (reported in `diagnostics`):
 * a `Workflow` (`generateName: <name>-`), a `WorkflowTemplate` or `ClusterWorkflowTemplate`
 * (`name`), or, for a pipeline with a `schedule` compiled as a Workflow, a `CronWorkflow` whose
 * `workflowSpec` is that Workflow's spec.
 *
 * The spec: the pipeline's DAG as the entrypoint, its parameters as `arguments` (defaults as values),
 * the exit handler as `onExit`, the run's service account, timeout, pull secrets, labels and
 * annotations (on the resource and, through `podMetadata`, on every pod), and `podGC`/`ttlStrategy`
 * defaults; then the templates: DAGs first (the entrypoint, loops, sub-pipelines, the exit handler),
 * then the container templates in order of first use.
 */
export function buildManifest(resolved: ResolvedProgram, pipeline: Pipeline, options: ArgoOptions, diagnostics: Diagnostic[]): Spec | undefined {
  const errorsBefore = diagnostics.filter((d) => d.severity === "error").length;
  const program = resolved.program;
  const ctx: WorkflowContext = {
    program,
    top: pipeline,
    run: resolved.pipelines.get(pipeline.name)!,
    names: resolved.names,
    diagnostics,
    cacheMaxAge: options.cacheMaxAge ?? DEFAULT_CACHE_MAX_AGE,
    cachePlan: pipelineCachePlan(resolved, pipeline.name),
    templateNames: new UniqueNames(MAX_ARGO_NAME_LENGTH),
    dagTemplates: [],
    leafTemplates: [],
    leafByBody: new Map(),
    pipelineTemplates: new Map(),
    pullSecrets: new Set(),
    uris: { root: artifactRoot(pipeline), pipeline: pipeline.name },
    uriOutputs: new Map(),
  };
  const { name: entrypoint, exit } = pipelineTemplate(ctx, pipeline);
  const name = nameOn(resolved.names.argo, pipeline.name);
  const s = pipeline.settings;
  for (const p of s.imagePullSecrets ?? []) ctx.pullSecrets.add(p.name);

  const kind = options.kind ?? "workflow";
  const schedule = pipeline.schedule;
  if (schedule !== undefined && kind !== "workflow") diagnostics.push(M.argoScheduleOnTemplate.at(schedule.loc, schedule.cron));
  const cron = schedule !== undefined && kind === "workflow";
  if (cron && name.length > MAX_CRON_NAME) diagnostics.push(M.argoCronNameTooLong.at(pipeline.loc, name, name.length));
  for (const t of templateTexts(program, pipeline)) {
    diagnostics.push(t.kind === "braces" ? M.argoTemplateText.at(t.loc, t.text) : M.argoBraceBeforeValue.at(t.loc));
  }

  const labels = keyValues(s.labels);
  const annotations = keyValues(s.annotations);
  const podGC = options.podGC === undefined ? { strategy: "OnPodSuccess" } : options.podGC;
  const ttl = options.ttlStrategy === undefined ? { secondsAfterCompletion: ONE_WEEK } : options.ttlStrategy;
  const spec: Spec = compact({
    entrypoint,
    arguments: pipelineArguments(pipeline, ctx.uris.root),
    onExit: exit,
    serviceAccountName: s.serviceAccount?.name,
    activeDeadlineSeconds: s.timeout?.seconds,
    imagePullSecrets: ctx.pullSecrets.size > 0 ? [...ctx.pullSecrets].sort(compareCodePoints).map((n) => ({ name: n })) : undefined,
    podMetadata: labels === undefined && annotations === undefined ? undefined : compact({ labels, annotations }),
    artifactRepositoryRef: options.artifactRepositoryRef === undefined ? undefined : compact({ ...options.artifactRepositoryRef }),
    podGC: podGC === null ? undefined : compact({ strategy: podGC.strategy, deleteDelayDuration: podGC.deleteDelayDuration }),
    ttlStrategy: ttl === null ? undefined : compact({ secondsAfterCompletion: ttl.secondsAfterCompletion, secondsAfterSuccess: ttl.secondsAfterSuccess, secondsAfterFailure: ttl.secondsAfterFailure }),
    templates: [...ctx.dagTemplates.map(orderDagTemplate), ...ctx.leafTemplates],
  });
  if (diagnostics.filter((d) => d.severity === "error").length > errorsBefore) return undefined;

  if (cron) {
    return {
      apiVersion: API_VERSION,
      kind: "CronWorkflow",
      metadata: compact({ name, labels, annotations }),
      spec: compact({
        schedules: [schedule.cron],
        timezone: schedule.timezone?.name,
        concurrencyPolicy: schedule.concurrency,
        workflowMetadata: labels === undefined && annotations === undefined ? undefined : compact({ labels, annotations }),
        workflowSpec: spec,
      }),
    };
  }
  const metadata = kind === "workflow" ? compact({ generateName: `${name}-`, labels, annotations }) : compact({ name, labels, annotations });
  return { apiVersion: API_VERSION, kind: KIND_NAMES[kind], metadata, spec };
}

/**
 * The pipeline's parameters as the Workflow's arguments: defaults as values, the others to be given
 * (`argo submit -p name=value`). An artifact parameter is given as its URI, the parameter
 * `<name>-uri` (see `inputArtifactKey`).
 */
function pipelineArguments(pipeline: Pipeline, root: ArtifactRoot | undefined): Spec | undefined {
  const parameters: Spec[] = [];
  const artifacts: Spec[] = [];
  for (const p of pipeline.params) {
    if (p.type.kind === "artifact") {
      parameters.push({ name: uriParameter(p.name) });
      artifacts.push({ name: p.name, [root?.field ?? "s3"]: { key: inputArtifactKey(p.name) } });
      continue;
    }
    const value = p.default === undefined ? undefined : literalText(p.default);
    parameters.push(value === undefined ? { name: p.name } : { name: p.name, value });
  }
  const out: Spec = {};
  if (parameters.length > 0) out.parameters = parameters;
  if (artifacts.length > 0) out.artifacts = artifacts;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The key of the artifact a run is given as pipeline parameter `name`. Argo takes only parameters at
 * submission (`argo submit -p`), and an argument artifact needs a location; so the run gives the
 * artifact's URI as the parameter `<name>-uri`, and the argument is a key-only artifact whose key is
 * that URI without its `scheme://bucket/` (a bare key stays as it is), computed by Argo when it starts
 * the run (the controller substitutes workflow parameters, `{{=…}}` expressions included, into the
 * entrypoint's input artifacts). A key-only artifact is read from the workflow's artifact repository
 * (the executor relocates it there: bucket, endpoint and credentials), as the outputs under
 * `artifactRoot` are written to it, so the URI must be in the repository's bucket. The location field
 * follows the repository's kind where `artifactRoot` says it (`gcs` for `gs://`), else `s3`; Argo
 * keeps only the key of a key-only artifact either way.
 */
export function inputArtifactKey(name: string): string {
  return `{{=sprig.regexReplaceAll('^[A-Za-z][A-Za-z0-9+.-]*://[^/]*/', workflow.parameters['${uriParameter(name)}'], '')}}`;
}

/** A DAG template's keys in a fixed order: name, inputs, outputs, parallelism, dag. */
function orderDagTemplate(t: Spec): Spec {
  return compact({ name: t.name, inputs: t.inputs, outputs: t.outputs, parallelism: t.parallelism, dag: t.dag });
}
