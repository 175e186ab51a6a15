import { contentHash, RECOVERED_NOTE } from "./identity.js";
import type { Schedule } from "../ir/types.js";
import { M } from "../diagnostics/catalog.js";
import { SubmitFailure } from "./submit-cluster.js";
import { KfpApi, type KfpConnection, type KfpRequest } from "./kfp-api.js";

/**
 * `mlpc submit -t kfp`: a compiled pipeline to a run on a Kubeflow Pipelines server, through its REST
 * API v2beta1 (`../shared/upstream/kfp/api`). What each step sends is planned by pure functions
 * (`*Request`), so `--dry-run` prints exactly what a submit would send.
 *
 * Nothing is created twice. The pipeline is found by name (one per namespace) before it is created;
 * each version is named after the hash of its content (`fit-<12 hex>`), so an unchanged file reuses
 * its version and a changed one adds a version; the experiment is found by name; a run's name carries
 * a client token made for this submit, so after a create whose outcome is unknown (5xx, a reset
 * connection, a timeout) mlpc lists runs by that name before it creates again. A recurring run is
 * named after the pipeline and carries the hash of what it runs, so a re-submit of the same schedule
 * changes nothing.
 */

/** One pipeline to run: the compiled file and what the run needs. */
export interface KfpSubmission {
  /** The pipeline's KFP name (`pipelineInfo.name`). */
  readonly name: string;
  readonly description?: string;
  /** The compiled file's text (PipelineSpec, and PlatformSpec when there is one) and its file name. */
  readonly fileName: string;
  readonly content: string;
  /** `runtime_config.parameters`, typed. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly schedule?: Schedule;
}

export interface KfpOptions {
  readonly namespace?: string;
  readonly experiment?: string;
  /** The KFP UI's address, for the run's link. */
  readonly ui?: string;
  /** A random token for this submit (hex), in the run's name. */
  readonly clientToken: string;
}

/** What the API returns, as far as submit reads it. */
interface Pipeline {
  readonly pipeline_id: string;
  readonly name?: string;
}
interface PipelineVersion {
  readonly pipeline_version_id: string;
  readonly name?: string;
}
interface Experiment {
  readonly experiment_id: string;
}
interface Run {
  readonly run_id: string;
  readonly display_name?: string;
}
interface RecurringRun {
  readonly recurring_run_id: string;
  readonly display_name?: string;
  readonly description?: string;
}

/** A version's name: the pipeline's, then the hash of the compiled file. */
export function versionName(sub: KfpSubmission): string {
  return `${sub.name}-${contentHash(sub.content)}`;
}

/** A run's display name: the pipeline's, then this submit's client token. */
export function runName(sub: KfpSubmission, opts: KfpOptions): string {
  return `${sub.name}-${opts.clientToken}`;
}

/** A `filter` query parameter: the JSON of a v2beta1 `Filter` with one EQUALS predicate. */
export function equalsFilter(key: string, value: string): string {
  return JSON.stringify({ predicates: [{ key, operation: "EQUALS", string_value: value }] });
}

// -------------------------------------------------------------------------------------------------
// The requests (pure)

/** `ListPipelines` by name in the namespace. */
export function findPipelineRequest(sub: KfpSubmission, opts: KfpOptions): KfpRequest {
  return { method: "GET", path: "/apis/v2beta1/pipelines", query: { namespace: opts.namespace, filter: equalsFilter("name", sub.name), page_size: "1" } };
}

/** `CreatePipeline`: the pipeline without a version; its versions are uploaded. */
export function createPipelineRequest(sub: KfpSubmission, opts: KfpOptions): KfpRequest {
  return {
    method: "POST",
    path: "/apis/v2beta1/pipelines",
    json: { name: sub.name, display_name: sub.name, ...(sub.description === undefined ? {} : { description: sub.description }), ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }) },
  };
}

/** `ListPipelineVersions` of the pipeline with this content's version name. */
export function findVersionRequest(sub: KfpSubmission, pipelineId: string): KfpRequest {
  return { method: "GET", path: `/apis/v2beta1/pipelines/${encodeURIComponent(pipelineId)}/versions`, query: { filter: equalsFilter("name", versionName(sub)), page_size: "1" } };
}

/** `UploadPipelineVersion`: the compiled file as multipart form data, named after its hash. */
export function uploadVersionRequest(sub: KfpSubmission, pipelineId: string): KfpRequest {
  const hash = contentHash(sub.content);
  return {
    method: "POST",
    path: "/apis/v2beta1/pipelines/upload_version",
    query: {
      name: versionName(sub),
      display_name: versionName(sub),
      pipelineid: pipelineId,
      description: `Uploaded by mlpc; content sha256 ${hash}.`,
      tags: JSON.stringify({ "mlpc-content-sha256": hash }),
    },
    upload: { fileName: sub.fileName, content: sub.content },
  };
}

/** `ListExperiments` by display name in the namespace. */
export function findExperimentRequest(name: string, opts: KfpOptions): KfpRequest {
  return { method: "GET", path: "/apis/v2beta1/experiments", query: { namespace: opts.namespace, filter: equalsFilter("display_name", name), page_size: "1" } };
}

/** `CreateExperiment`. */
export function createExperimentRequest(name: string, opts: KfpOptions): KfpRequest {
  return { method: "POST", path: "/apis/v2beta1/experiments", json: { display_name: name, ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }) } };
}

/** The reference to the version a run runs. */
function versionReference(pipelineId: string, versionId: string): { pipeline_id: string; pipeline_version_id: string } {
  return { pipeline_id: pipelineId, pipeline_version_id: versionId };
}

/** `CreateRun` in the experiment (the default experiment when there is none). */
export function createRunRequest(sub: KfpSubmission, opts: KfpOptions, ids: { pipeline: string; version: string; experiment?: string }): KfpRequest {
  const hash = contentHash(`${sub.content}\n${JSON.stringify(sub.parameters)}`);
  return {
    method: "POST",
    path: "/apis/v2beta1/runs",
    json: {
      display_name: runName(sub, opts),
      description: `Submitted by mlpc; content sha256 ${hash}; client token ${opts.clientToken}.`,
      ...(ids.experiment === undefined ? {} : { experiment_id: ids.experiment }),
      pipeline_version_reference: versionReference(ids.pipeline, ids.version),
      runtime_config: { parameters: sub.parameters },
    },
  };
}

/** `ListRuns` by this submit's run name: finds a run an earlier attempt created. */
export function findRunRequest(sub: KfpSubmission, opts: KfpOptions, experiment: string | undefined): KfpRequest {
  return { method: "GET", path: "/apis/v2beta1/runs", query: { namespace: opts.namespace, experiment_id: experiment, filter: equalsFilter("display_name", runName(sub, opts)), page_size: "1" } };
}

/**
 * KFP's cron has a seconds field first (`0 0 3 * * *`), so a five-field expression gets `0 `; a
 * macro (`@daily`) is kept.
 */
export function kfpCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  return fields.length === 5 ? `0 ${fields.join(" ")}` : cron.trim();
}

/** How many runs of a recurring run may run at once: one unless the schedule allows overlap. */
function maxConcurrency(schedule: Schedule): string {
  return schedule.concurrency === "Allow" ? "10" : "1";
}

/** The hash a recurring run carries: of the version it runs, its parameters and its schedule. */
function recurringHash(sub: KfpSubmission, schedule: Schedule): string {
  return contentHash(`${sub.content}\n${JSON.stringify(sub.parameters)}\n${kfpCron(schedule.cron)}\n${maxConcurrency(schedule)}`);
}

/** `CreateRecurringRun`, named after the pipeline. */
export function createRecurringRunRequest(sub: KfpSubmission, schedule: Schedule, ids: { pipeline: string; version: string; experiment?: string }): KfpRequest {
  return {
    method: "POST",
    path: "/apis/v2beta1/recurringruns",
    json: {
      display_name: sub.name,
      description: `Submitted by mlpc; content sha256 ${recurringHash(sub, schedule)}.`,
      ...(ids.experiment === undefined ? {} : { experiment_id: ids.experiment }),
      pipeline_version_reference: versionReference(ids.pipeline, ids.version),
      runtime_config: { parameters: sub.parameters },
      max_concurrency: maxConcurrency(schedule),
      trigger: { cron_schedule: { cron: kfpCron(schedule.cron) } },
      mode: "ENABLE",
      no_catchup: true,
    },
  };
}

/** `ListRecurringRuns` by the pipeline's name. */
export function findRecurringRunRequest(sub: KfpSubmission, opts: KfpOptions, experiment: string | undefined): KfpRequest {
  return { method: "GET", path: "/apis/v2beta1/recurringruns", query: { namespace: opts.namespace, experiment_id: experiment, filter: equalsFilter("display_name", sub.name), page_size: "1" } };
}

// -------------------------------------------------------------------------------------------------
// Dry run

/** What `--dry-run` prints: every request a submit would send, with the ids it would learn as `<…>`. */
export function dryRunText(subs: readonly KfpSubmission[], opts: KfpOptions, host: string): string {
  const lines: string[] = [`KFP dry run: nothing is sent to ${host}. A submit would send:`];
  const show = (req: KfpRequest, when?: string): void => {
    // Shown decoded, as a reader wants to check it; the request itself is URL-encoded.
    const query = Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join("&");
    lines.push(`${req.method} ${decodeURIComponent(req.path)}${query === "" ? "" : `?${query}`}${when === undefined ? "" : `   (${when})`}`);
    if (req.json !== undefined) lines.push(...JSON.stringify(req.json, null, 2).split("\n").map((l) => `  ${l}`));
    if (req.upload !== undefined) lines.push(`  uploadfile: ${req.upload.fileName} (${Buffer.byteLength(req.upload.content)} bytes)`);
  };
  const experiment = opts.experiment === undefined ? undefined : `<experiment_id of '${opts.experiment}'>`;
  if (opts.experiment !== undefined) {
    show(findExperimentRequest(opts.experiment, opts));
    show(createExperimentRequest(opts.experiment, opts), "when there is none");
  }
  for (const sub of subs) {
    const pipeline = `<pipeline_id of '${sub.name}'>`;
    const version = `<pipeline_version_id of '${versionName(sub)}'>`;
    const ids = { pipeline, version, experiment };
    show(findPipelineRequest(sub, opts));
    show(createPipelineRequest(sub, opts), "when there is none");
    show(findVersionRequest(sub, pipeline));
    show(uploadVersionRequest(sub, pipeline), "when there is none");
    if (sub.schedule !== undefined) {
      show(findRecurringRunRequest(sub, opts, experiment));
      show(createRecurringRunRequest(sub, sub.schedule, ids), "when there is none");
    } else show(createRunRequest(sub, opts, ids));
  }
  return lines.join("\n") + "\n";
}

// -------------------------------------------------------------------------------------------------
// Submitting

/**
 * Submits each pipeline; prints a line per object found or created; returns the ids of the runs
 * created (not of recurring runs). Failures are thrown as `SubmitFailure`.
 */
export async function submitToKfp(subs: readonly KfpSubmission[], opts: KfpOptions, conn: KfpConnection, print: (line: string) => void): Promise<string[]> {
  const runs: string[] = [];
  const api = new KfpApi(conn);
  const experiment = opts.experiment === undefined ? undefined : await ensureExperiment(api, opts.experiment, opts, print);
  for (const sub of subs) {
    const pipeline = await ensurePipeline(api, sub, opts, print);
    const version = await ensureVersion(api, sub, pipeline, print);
    const ids = { pipeline, version, experiment };
    if (sub.schedule !== undefined) await ensureRecurringRun(api, sub, sub.schedule, opts, ids, print);
    else runs.push(await createRun(api, sub, opts, ids, print));
  }
  return runs;
}

/** The first item of a list response's field, or undefined. */
async function first<T>(api: KfpApi, req: KfpRequest, field: string): Promise<T | undefined> {
  const list = await api.get<Record<string, T[] | undefined>>(req);
  return list[field]?.[0];
}


async function ensureExperiment(api: KfpApi, name: string, opts: KfpOptions, print: (line: string) => void): Promise<string> {
  const look = () => first<Experiment>(api, findExperimentRequest(name, opts), "experiments");
  const found = await look();
  if (found !== undefined) return found.experiment_id;
  const made = await api.createOnce(createExperimentRequest(name, opts), look);
  print(`experiment ${name} created (experiment_id ${made.value.experiment_id})${made.recovered ? RECOVERED_NOTE : ""}`);
  return made.value.experiment_id;
}

async function ensurePipeline(api: KfpApi, sub: KfpSubmission, opts: KfpOptions, print: (line: string) => void): Promise<string> {
  const look = () => first<Pipeline>(api, findPipelineRequest(sub, opts), "pipelines");
  const found = await look();
  if (found !== undefined) return found.pipeline_id;
  const made = await api.createOnce(createPipelineRequest(sub, opts), look);
  print(`pipeline ${sub.name} created (pipeline_id ${made.value.pipeline_id})${made.recovered ? RECOVERED_NOTE : ""}`);
  return made.value.pipeline_id;
}

async function ensureVersion(api: KfpApi, sub: KfpSubmission, pipelineId: string, print: (line: string) => void): Promise<string> {
  const name = versionName(sub);
  const look = () => first<PipelineVersion>(api, findVersionRequest(sub, pipelineId), "pipeline_versions");
  const found = await look();
  if (found !== undefined) {
    print(`pipeline version ${name} unchanged (pipeline_version_id ${found.pipeline_version_id})`);
    return found.pipeline_version_id;
  }
  const made = await api.createOnce(uploadVersionRequest(sub, pipelineId), look);
  print(`pipeline version ${name} uploaded (pipeline_version_id ${made.value.pipeline_version_id})${made.recovered ? RECOVERED_NOTE : ""}`);
  return made.value.pipeline_version_id;
}

async function createRun(api: KfpApi, sub: KfpSubmission, opts: KfpOptions, ids: { pipeline: string; version: string; experiment?: string }, print: (line: string) => void): Promise<string> {
  const look = () => first<Run>(api, findRunRequest(sub, opts, ids.experiment), "runs");
  const made = await api.createOnce(createRunRequest(sub, opts, ids), look);
  print(`run ${runName(sub, opts)} created (run_id ${made.value.run_id})${made.recovered ? RECOVERED_NOTE : ""}`);
  if (opts.ui !== undefined) print(`Run page: ${opts.ui.replace(/\/+$/, "")}/#/runs/details/${made.value.run_id}`);
  return made.value.run_id;
}

async function ensureRecurringRun(
  api: KfpApi,
  sub: KfpSubmission,
  schedule: Schedule,
  opts: KfpOptions,
  ids: { pipeline: string; version: string; experiment?: string },
  print: (line: string) => void,
): Promise<void> {
  const req = createRecurringRunRequest(sub, schedule, ids);
  const description = (req.json as { description: string }).description;
  const look = () => first<RecurringRun>(api, findRecurringRunRequest(sub, opts, ids.experiment), "recurringRuns");
  const found = await look();
  const page = (id: string): void => {
    if (opts.ui !== undefined) print(`Recurring run page: ${opts.ui.replace(/\/+$/, "")}/#/recurringrun/details/${id}`);
  };
  if (found !== undefined) {
    if (found.description !== description) {
      const where = opts.experiment === undefined ? "the default experiment" : `experiment '${opts.experiment}'`;
      throw new SubmitFailure(M.recurringRunExists.at(undefined, sub.name, where));
    }
    print(`recurring run ${sub.name} unchanged (recurring_run_id ${found.recurring_run_id})`);
    page(found.recurring_run_id);
    return;
  }
  const made = await api.createOnce(req, look);
  print(`recurring run ${sub.name} created (recurring_run_id ${made.value.recurring_run_id}, cron ${kfpCron(schedule.cron)})${made.recovered ? RECOVERED_NOTE : ""}`);
  page(made.value.recurring_run_id);
}
