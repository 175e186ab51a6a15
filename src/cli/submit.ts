import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve as resolvePath } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { EmitOptions } from "../backends/contract.js";
import type { Loc, Pipeline, Program } from "../ir/types.js";
import { exitCodeFor } from "./report.js";
import { connect, kubeconfigBearer, SubmitFailure, type Cluster, type InvalidObject, type Submitted } from "./submit-cluster.js";
import { fieldLocation } from "./field-locations.js";
import type { AccessCheck } from "./access-review.js";
import type { KfpServerConfig } from "../config/types.js";
import { applyArgoArtifacts, artifactAssignments, kfpParameters, paramAssignments, typeProblem, type ArgoArguments } from "./run-inputs.js";
import type { KfpSubmission } from "./submit-kfp.js";
import { clientToken, contentHash, HASH_LABEL, RECOVERED_NOTE, TOKEN_LABEL } from "./identity.js";
import type { Document } from "../output/documents.js";
import { URI_SUFFIX } from "../backends/argo/artifacts.js";

/** The targets `submit` sends: KFP through its REST API, the others through the Kubernetes API. */
export const SUBMIT_TARGETS = ["argo", "kfp", "katib", "kserve"] as const;
export type SubmitTarget = (typeof SUBMIT_TARGETS)[number];

export interface SubmitOptions {
  readonly target: SubmitTarget;
  readonly pipeline?: string;
  readonly param: readonly string[];
  /** `--artifact NAME=URI`: artifact inputs of the run. */
  readonly artifact: readonly string[];
  /** `--kfp-host`, `--kfp-token-file`, `--kfp-ui`, `--experiment`, `--insecure-skip-tls-verify` (-t kfp). */
  readonly kfpHost?: string;
  readonly kfpTokenFile?: string;
  readonly kfpUi?: string;
  readonly experiment?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly dryRun?: boolean;
  readonly forceConflicts?: boolean;
  readonly argoKind: NonNullable<EmitOptions["argoKind"]>;
  readonly requestTimeout: number;
  readonly pretty?: boolean;
  /** `--watch`: follow the run to its end (src/cli/watch.ts). */
  readonly watch?: boolean;
  /** `--timeout`, in milliseconds (with `--watch`). */
  readonly timeout?: number;
}

/** What `submit` needs of the CLI: its compile path, output and environment (src/cli/main.ts). */
export interface SubmitHost {
  readonly compile: (target: SubmitTarget, options: EmitOptions) => Promise<{
    diagnostics: Diagnostic[];
    sources: Map<string, string>;
    documents: readonly Document[];
    programs: readonly Program[];
  }>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
  /** A problem with how mlpc was called (exit 2, `mlpc: …`). */
  readonly usage: (message: string) => Error;
  /** The `kfp` section of the inputs' config file (the first input's that has one). */
  readonly kfpConfig: () => Promise<KfpServerConfig | undefined>;
  /** Whether stdout is a terminal (`--watch`'s live display). */
  readonly stdoutIsTTY: boolean;
}

/** A manifest as submit sends it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * `mlpc submit`: compiles in memory, checks the run's parameters and artifacts, then creates (a
 * Workflow) or applies (everything else) each manifest on the cluster, or for `-t kfp` sends each
 * pipeline to the KFP API (`submitKfp`). Returns the exit code.
 */
export async function submit(opts: SubmitOptions, host: SubmitHost): Promise<number> {
  const runsPipelines = opts.target === "argo" || opts.target === "kfp";
  if (opts.pipeline !== undefined && !runsPipelines) throw host.usage("--pipeline picks one pipeline, which only -t argo and -t kfp submit.");
  if (opts.param.length > 0 && !runsPipelines) throw host.usage("--param gives the parameters of a pipeline run, which only -t argo and -t kfp submit.");
  if (opts.artifact.length > 0 && !runsPipelines) throw host.usage("--artifact gives the artifact inputs of a pipeline run, which only -t argo and -t kfp submit.");
  const kfpFlag = [
    ["--kfp-host", opts.kfpHost],
    ["--kfp-token-file", opts.kfpTokenFile],
    ["--kfp-ui", opts.kfpUi],
    ["--experiment", opts.experiment],
    ["--insecure-skip-tls-verify", opts.insecureSkipTlsVerify],
  ].find(([, v]) => v !== undefined);
  if (kfpFlag !== undefined && opts.target !== "kfp") throw host.usage(`${kfpFlag[0]} is an option of -t kfp.`);
  if (opts.forceConflicts === true && opts.target === "kfp") throw host.usage("--force-conflicts is an option of server-side apply, which -t kfp does not use.");
  if (opts.timeout !== undefined && opts.watch !== true) throw host.usage("--timeout is how long --watch follows the run; give --watch too.");
  if (opts.watch === true && opts.dryRun === true) throw host.usage("--watch follows a run, which --dry-run does not start.");

  const compiled = await host.compile(opts.target, { argoKind: opts.argoKind });
  const { diagnostics, sources } = compiled;
  const finish = (): number => {
    host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), sources, { color: host.color }));
    return exitCodeFor(diagnostics);
  };
  if (hasErrors(diagnostics)) return finish();

  let documents = compiled.documents;
  if (opts.pipeline !== undefined) {
    const pipelines = [...new Set(compiled.programs.flatMap((p) => p.pipelines.map((q) => q.name)))];
    if (!pipelines.includes(opts.pipeline)) {
      finish();
      throw host.usage(`there is no pipeline '${opts.pipeline}' in the sources; the pipelines are ${pipelines.map((p) => `'${p}'`).join(", ") || "none"}.`);
    }
    documents = documents.filter((d) => d.declaration.kind === "pipeline" && d.declaration.name === opts.pipeline);
  }
  if (documents.length === 0) {
    finish();
    throw host.usage(`the sources have nothing to submit to -t ${opts.target}.`);
  }
  const items = documents.flatMap((doc) => doc.objects.map((o) => ({ doc, manifest: structuredClone(o) as Manifest })));

  // Run parameters and artifacts, before anything is sent.
  const runs = items.filter((i) => i.doc.declaration.kind === "pipeline");
  const runCount = new Set(runs.map((r) => r.doc.declaration.name)).size;
  for (const [flag, given] of [["--param", opts.param], ["--artifact", opts.artifact]] as const) {
    if (given.length > 0 && runCount !== 1) {
      finish();
      throw host.usage(`${flag} needs one pipeline, and the sources have ${runCount}; pick one with --pipeline NAME.`);
    }
  }
  const pipelines = new Map<string, Pipeline>();
  for (const program of compiled.programs) for (const p of program.pipelines) pipelines.set(p.name, p);
  if (opts.target === "kfp") return submitKfp(documents, pipelines, opts, host, diagnostics, finish);
  for (const { doc, manifest } of runs) {
    const pipeline = pipelines.get(doc.declaration.name);
    const args = argumentBlock(manifest);
    // Without an arguments block there is no artifact input: the names are still checked (MLP9074).
    if (pipeline !== undefined) diagnostics.push(...applyArgoArtifacts(args ?? {}, pipeline, opts.artifact));
    diagnostics.push(...applyParams(manifest, pipeline, opts.param, doc.declaration.name));
  }
  if (hasErrors(diagnostics)) return finish();
  const { watchKindOf } = await import("./watch.js");
  const watched = items.filter((i) => watchKindOf(i.manifest) !== undefined && (i.manifest.kind !== "Workflow" || createsIt(i.manifest)));
  if (opts.watch === true && watched.length !== 1) {
    finish();
    throw host.usage(
      watched.length === 0
        ? `--watch follows a run (a Workflow, an Experiment, an InferenceService), and -t ${opts.target} submits none here${opts.target === "argo" ? " (a WorkflowTemplate or a CronWorkflow is not a run)" : ""}.`
        : `--watch follows one run, and the sources submit ${watched.length}; pick one with --pipeline NAME or submit one file.`,
    );
  }

  try {
    const cluster = await connect(
      { kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace, requestTimeout: opts.requestTimeout },
      host.env,
      kubeconfigFile(opts.kubeconfig, host.cwd, host.env),
    );
    // Every permission first (also for --dry-run), so that a missing one is known before anything exists.
    const denials = await cluster.review(items.map((i) => ({ manifest: i.manifest, create: createsIt(i.manifest) })));
    if (denials.length > 0) {
      diagnostics.push(...denials.map((d) => ({ ...d.diagnostic, loc: items[d.index].doc.sources[0] })));
      return finish();
    }
    const token = clientToken();
    let follow: Submitted | undefined;
    for (const { doc, manifest } of items) {
      try {
        const sent = await send(cluster, manifest, opts, host, token);
        if (watched[0]?.manifest === manifest) follow = sent;
      } catch (err) {
        if (err instanceof SubmitFailure && err.invalid !== undefined) {
          diagnostics.push(...fieldDiagnostics(err.invalid, manifest, compiled.programs, doc.sources[0]));
          return finish();
        }
        throw atDeclaration(err, M.clusterInvalid.code, doc.sources[0]);
      }
    }
    if (opts.watch === true && follow !== undefined) {
      if (diagnostics.length > 0) host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), sources, { color: host.color }));
      const { followRun, kubeFollow, watchAgain } = await import("./watch.js");
      const kind = watchKindOf(watched[0].manifest)!;
      const again = watchAgain(`${kind.label}/${follow.name}`, { namespace: follow.namespace, context: opts.context, kubeconfig: opts.kubeconfig });
      return await followRun(kubeFollow(cluster, kind, follow.name, again, host.env, host.stderr), opts.timeout, host);
    }
  } catch (err) {
    if (!(err instanceof SubmitFailure)) throw err;
    diagnostics.push(err.diagnostic);
    return finish();
  }
  if (diagnostics.length > 0) host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), sources, { color: host.color }));
  return exitCodeFor(diagnostics);
}

/**
 * A 422's field errors, each at the construct its field comes from (src/cli/field-locations.ts), or
 * at the declaration when the path names none; the field path is in the message either way.
 */
function fieldDiagnostics(invalid: InvalidObject, manifest: Manifest, programs: readonly Program[], declaration: Loc | undefined): Diagnostic[] {
  return invalid.causes.map((c) => M.clusterFieldInvalid.at(fieldLocation(manifest, c.field, programs) ?? declaration, invalid.kind, invalid.name, c.field, c.message.replace(/\.$/, "")));
}

/**
 * `-t kfp`: checks each pipeline's run inputs (`--param` typed into `runtime_config.parameters`;
 * `--artifact`, which the KFP API cannot pass), finds the API server and the token, then sends the
 * requests (src/cli/submit-kfp.ts), or with `--dry-run` prints them.
 */
async function submitKfp(
  documents: readonly Document[],
  pipelines: ReadonlyMap<string, Pipeline>,
  opts: SubmitOptions,
  host: SubmitHost,
  diagnostics: Diagnostic[],
  finish: () => number,
): Promise<number> {
  // The compile's "a KFP file carries no schedule" (MLP4023) is what submit does: a recurring run.
  const shown = diagnostics.filter((d) => d.code !== M.kfpNoSchedule.code);
  diagnostics.splice(0, diagnostics.length, ...shown);
  const { printDocument } = await import("../output/documents.js");
  const subs: KfpSubmission[] = [];
  for (const doc of documents) {
    const pipeline = pipelines.get(doc.declaration.name);
    if (pipeline === undefined) throw new Error(`the KFP document of '${doc.declaration.name}' has no pipeline`);
    const inputs = kfpParameters(pipeline, opts.param);
    diagnostics.push(...inputs.diagnostics);
    for (const [name] of artifactAssignments(pipeline, opts.artifact, diagnostics)) diagnostics.push(M.kfpNoArtifactInputs.at(undefined, name));
    const schedule = pipeline.schedule;
    if (schedule?.timezone !== undefined) diagnostics.push(M.kfpCronTimezone.at(schedule.timezone.loc, schedule.timezone.name));
    const info = (doc.objects[0] as { pipelineInfo?: { name?: string } }).pipelineInfo;
    const file = printDocument(doc);
    subs.push({
      name: info?.name ?? doc.declaration.name,
      description: pipeline.description,
      fileName: file.name,
      content: file.content,
      parameters: inputs.parameters,
      schedule,
    });
  }
  if (hasErrors(diagnostics)) return finish();
  if (opts.watch === true && (subs.length !== 1 || subs[0].schedule !== undefined)) {
    finish();
    throw host.usage(
      subs.length !== 1
        ? `--watch follows one run, and the sources submit ${subs.length}; pick one with --pipeline NAME.`
        : "--watch follows a run, and a pipeline with a schedule becomes a recurring run, which starts its runs later.",
    );
  }

  const server = await kfpServer(opts, host, diagnostics);
  if (hasErrors(diagnostics) || server === undefined) return finish();
  const { apiHost, ui, token } = server;
  if (opts.insecureSkipTlsVerify === true) diagnostics.push(M.insecureTls.at(undefined, apiHost));

  const { dryRunText, submitToKfp } = await import("./submit-kfp.js");
  const { retryBase } = await import("./retry.js");
  const kfpOpts = { namespace: opts.namespace, experiment: opts.experiment, ui, clientToken: clientToken() };
  if (opts.dryRun === true) host.stdout(dryRunText(subs, kfpOpts, apiHost));
  else {
    const conn = {
      host: apiHost,
      token,
      insecure: opts.insecureSkipTlsVerify === true,
      timeoutMs: opts.requestTimeout * 1000,
      retryBase: retryBase(host.env),
      namespace: opts.namespace,
    };
    try {
      // What KFP's multi-user mode will check, asked first, when the cluster knows the same user.
      const review = opts.namespace !== undefined && (server.tokenFromKubeconfig || opts.kubeconfig !== undefined || opts.context !== undefined);
      if (review) {
        const denied = await kfpDenials(subs, kfpOpts, opts, host);
        if (denied.length > 0) {
          diagnostics.push(...denied.map((d) => ({ ...d, loc: documents[0].sources[0] })));
          return finish();
        }
      }
      const runIds: string[] = [];
      for (const [i, sub] of subs.entries()) {
        try {
          runIds.push(...(await submitToKfp([sub], kfpOpts, conn, (line) => host.stdout(`${line}\n`))));
        } catch (err) {
          throw atDeclaration(err, M.kfpInvalid.code, documents[i].sources[0]);
        }
      }
      if (opts.watch === true && runIds.length === 1) {
        // The warnings so far (with their source lines) before the run's lines.
        if (diagnostics.length > 0) finish();
        const { followRun, kfpFollow, watchAgain } = await import("./watch.js");
        const again = watchAgain(`run/${runIds[0]}`, { namespace: opts.namespace, kfpHost: apiHost });
        return await followRun(kfpFollow(conn, runIds[0], again, host.env), opts.timeout, host);
      }
    } catch (err) {
      if (!(err instanceof SubmitFailure)) throw err;
      diagnostics.push(err.diagnostic);
      return finish();
    }
  }
  return diagnostics.length > 0 ? finish() : exitCodeFor(diagnostics);
}

/**
 * The permissions KFP's API server checks in multi-user mode before it creates what submit sends —
 * it asks the cluster a SubjectAccessReview on the group `pipelines.kubeflow.org`: `create` on `runs`
 * (named after the run) for a run, on `jobs` for a recurring run, on `experiments` for an experiment
 * mlpc may create — asked here with SelfSubjectAccessReviews through the kubeconfig. A kubeconfig
 * that cannot be used, or a cluster that answers no reviews, asks nothing: KFP's own 403 then speaks.
 */
async function kfpDenials(subs: readonly KfpSubmission[], kfpOpts: { namespace?: string; experiment?: string; clientToken: string }, opts: SubmitOptions, host: SubmitHost): Promise<Diagnostic[]> {
  const namespace = kfpOpts.namespace!;
  const file = kubeconfigFile(opts.kubeconfig, host.cwd, host.env);
  if (typeof file !== "string") return [];
  const { runName } = await import("./submit-kfp.js");
  const checks: AccessCheck[] = [];
  const at = { group: KFP_GROUP, namespace };
  if (kfpOpts.experiment !== undefined) checks.push({ ...at, verb: "create", resource: "experiments", purpose: `create experiment '${kfpOpts.experiment}'` });
  for (const sub of subs) {
    if (sub.schedule !== undefined) checks.push({ ...at, verb: "create", resource: "jobs", name: sub.name, purpose: `create recurring run '${sub.name}'` });
    else checks.push({ ...at, verb: "create", resource: "runs", name: runName(sub, kfpOpts), purpose: `create run '${runName(sub, kfpOpts)}'` });
  }
  try {
    const cluster = await connect({ kubeconfig: opts.kubeconfig, context: opts.context, namespace, requestTimeout: opts.requestTimeout }, host.env, file);
    const denied = await cluster.reviewChecks(checks);
    return denied.map((d) =>
      M.kfpAccessDenied.at(undefined, d.user === undefined ? "you" : `the user '${d.user}'`, d.check.verb, `${d.check.resource}.${KFP_GROUP}`, namespace, d.check.purpose),
    );
  } catch (err) {
    if (err instanceof SubmitFailure) return [];
    throw err;
  }
}

/** The API group KFP's multi-user authorization checks (its backend's `RbacPipelinesGroup`). */
const KFP_GROUP = "pipelines.kubeflow.org";

/**
 * A server's "invalid" answer (`code`) is reported at the declaration the object was compiled from
 * (its first source location), so that the user sees which pipeline, tune or serve it was.
 */
function atDeclaration(err: unknown, code: string, loc: Loc | undefined): unknown {
  if (!(err instanceof SubmitFailure) || err.diagnostic.code !== code || err.diagnostic.loc !== undefined || loc === undefined) return err;
  return new SubmitFailure({ ...err.diagnostic, loc });
}

/** The options that say which KFP API server to talk to and with which token. */
export type KfpServerOptions = Pick<SubmitOptions, "kfpHost" | "kfpUi" | "kfpTokenFile" | "kubeconfig" | "context" | "dryRun">;

/** Where the KFP API server is, and who mlpc is to it. */
export interface KfpServer {
  readonly apiHost: string;
  readonly ui?: string;
  readonly token?: string;
  /** The token is the kubeconfig user's: the Kubernetes API server knows the same user. */
  readonly tokenFromKubeconfig: boolean;
}

/**
 * The KFP API server (`--kfp-host`, else `kfp.host`), its UI (`--kfp-ui`, else `kfp.uiUrl`) and the
 * bearer token: `--kfp-token-file`, else `KFP_TOKEN`, else (unless a dry run, which sends nothing)
 * the kubeconfig user's. Undefined, with the reasons in `diagnostics`, when one cannot be used.
 */
export async function kfpServer(
  opts: KfpServerOptions,
  host: Pick<SubmitHost, "kfpConfig" | "cwd" | "env">,
  diagnostics: Diagnostic[],
): Promise<KfpServer | undefined> {
  const config = await host.kfpConfig();
  const apiHost = opts.kfpHost ?? config?.host;
  const ui = opts.kfpUi ?? config?.uiUrl;
  if (apiHost === undefined) diagnostics.push(M.kfpNoHost.at(undefined));
  else if (!isHttpUrl(apiHost)) diagnostics.push(M.kfpBadUrl.at(undefined, opts.kfpHost !== undefined ? "--kfp-host" : "kfp.host", apiHost));
  if (ui !== undefined && !isHttpUrl(ui)) diagnostics.push(M.kfpBadUrl.at(undefined, opts.kfpUi !== undefined ? "--kfp-ui" : "kfp.uiUrl", ui));
  let token = kfpToken(opts.kfpTokenFile, host, diagnostics);
  let tokenFromKubeconfig = false;
  if (token === undefined && opts.kfpTokenFile === undefined && opts.dryRun !== true) {
    // The kubeconfig's user, when there is a kubeconfig (a missing one matters only when named).
    const file = kubeconfigFile(opts.kubeconfig, host.cwd, host.env);
    if (typeof file === "string") {
      const found = await kubeconfigBearer(file, opts.context);
      if (typeof found === "string" || found === undefined) {
        token = found;
        tokenFromKubeconfig = found !== undefined;
      } else diagnostics.push(found);
    } else if (opts.kubeconfig !== undefined) diagnostics.push(file);
  }
  if (hasErrors(diagnostics) || apiHost === undefined) return undefined;
  return { apiHost, ui, token, tokenFromKubeconfig };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "";
  } catch {
    return false;
  }
}

/** The bearer token: the first line of `--kfp-token-file`, else `KFP_TOKEN`, else none (the caller then asks the kubeconfig). */
function kfpToken(file: string | undefined, host: Pick<SubmitHost, "cwd" | "env">, diagnostics: Diagnostic[]): string | undefined {
  if (file === undefined) {
    const env = host.env.KFP_TOKEN?.trim();
    return env === undefined || env === "" ? undefined : env;
  }
  let text: string;
  try {
    text = readFileSync(resolvePath(host.cwd, file), "utf8");
  } catch (err) {
    diagnostics.push(M.kfpTokenUnreadable.at(undefined, file, (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message));
    return undefined;
  }
  const token = text.split(/\r?\n/)[0].trim();
  if (token === "") diagnostics.push(M.kfpTokenUnreadable.at(undefined, file, "it is empty"));
  return token === "" ? undefined : token;
}

/**
 * Which kubeconfig to read: `--kubeconfig`, else the first file of `KUBECONFIG` that exists, else
 * `~/.kube/config`; `in-cluster` inside a pod without either; a diagnostic when there is none.
 */
export function kubeconfigFile(given: string | undefined, cwd: string, env: SubmitHost["env"]): string | "in-cluster" | Diagnostic {
  if (given !== undefined) {
    const path = resolvePath(cwd, given);
    return existsSync(path) ? path : M.badKubeconfig.at(undefined, given, "no such file");
  }
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== "") {
    const files = list.split(delimiter).filter((f) => f !== "");
    const found = files.map((f) => resolvePath(cwd, f)).find((f) => existsSync(f));
    return found ?? M.noKubeconfig.at(undefined, `none of the files KUBECONFIG names exists (${files.join(", ")})`);
  }
  const home = env.HOME;
  if (home !== undefined && home !== "" && existsSync(join(home, ".kube", "config"))) return join(home, ".kube", "config");
  if (env.KUBERNETES_SERVICE_HOST !== undefined && env.KUBERNETES_SERVICE_PORT !== undefined) return "in-cluster";
  return M.noKubeconfig.at(undefined, "KUBECONFIG is not set, ~/.kube/config does not exist and mlpc is not running in a cluster");
}

/**
 * Creates a Workflow (its name generated), applies anything else; prints what happened. A created
 * Workflow carries the hash of its content and this submit's client token as labels, by which a
 * create whose outcome is unknown is looked for before it is sent again.
 */
async function send(cluster: Cluster, manifest: Manifest, opts: SubmitOptions, host: SubmitHost, token: string): Promise<Submitted> {
  const create = createsIt(manifest);
  if (create) {
    const labels = (manifest.metadata.labels ?? {}) as Record<string, string>;
    manifest.metadata.labels = { ...labels, [HASH_LABEL]: contentHash(JSON.stringify(manifest)), [TOKEN_LABEL]: token };
  }
  const result = await cluster.submit(manifest, { create, dryRun: opts.dryRun === true, force: opts.forceConflicts === true });
  const ns = result.namespace === undefined ? "" : ` in namespace ${result.namespace}`;
  const dry = opts.dryRun === true ? " (server dry run: nothing was stored)" : "";
  const found = result.recovered === true ? RECOVERED_NOTE : "";
  host.stdout(`${result.resource}/${result.name} ${create ? "created" : "applied"}${ns}${dry}${found}\n`);
  if (create && opts.dryRun !== true && opts.watch !== true) {
    host.stdout(`Watch it with: mlpc watch workflow/${result.name}${result.namespace === undefined ? "" : ` -n ${result.namespace}`} (or argo watch ${result.name}${result.namespace === undefined ? "" : ` -n ${result.namespace}`})\n`);
  }
  return result;
}

/** A Workflow with a generated name is created (a new run each time); everything else is applied. */
function createsIt(manifest: Manifest): boolean {
  return manifest.kind === "Workflow" && manifest.metadata.name === undefined;
}

// -------------------------------------------------------------------------------------------------
// Run parameters

/** The `arguments` of a Workflow (`spec.arguments`) or a CronWorkflow (`spec.workflowSpec.arguments`). */
function argumentBlock(manifest: Manifest): ArgoArguments | undefined {
  const spec = manifest.spec as { arguments?: ArgoArguments; workflowSpec?: { arguments?: ArgoArguments } } | undefined;
  return spec?.arguments ?? spec?.workflowSpec?.arguments;
}

/**
 * Sets each `--param NAME=VALUE` in the manifest's arguments, typed by the pipeline's parameter of
 * that name (an artifact parameter is its URI, `NAME-uri`, a String); for a Workflow, a parameter
 * left without a value is an error.
 */
export function applyParams(manifest: Manifest, pipeline: Pipeline | undefined, given: readonly string[], name: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const args = argumentBlock(manifest)?.parameters ?? [];
  const seen = new Set<string>();
  for (const [key, value] of paramAssignments(given, diagnostics)) {
    seen.add(key);
    const entry = args.find((a) => a.name === key);
    if (entry === undefined) {
      diagnostics.push(M.unknownParam.at(undefined, key, name, args.map((a) => `'${a.name}'`).join(", ") || "none"));
      continue;
    }
    const param = pipeline?.params.find((p) => p.name === key);
    const problem = param === undefined ? undefined : typeProblem(param, value);
    if (problem !== undefined) {
      diagnostics.push(M.paramType.at(undefined, key, problem.type, value, problem.expected));
      continue;
    }
    entry.value = value;
  }
  if (manifest.kind === "Workflow") {
    for (const a of args) {
      if (a.value !== undefined || seen.has(a.name)) continue;
      // An artifact input's URI parameter (`NAME-uri`) is given with --artifact NAME=URI.
      const artifact = pipeline?.params.find((p) => p.type.kind === "artifact" && `${p.name}${URI_SUFFIX}` === a.name);
      if (artifact !== undefined) diagnostics.push(M.paramMissing.at(artifact.loc, "artifact input", artifact.name, name, `--artifact ${artifact.name}=URI`));
      else diagnostics.push(M.paramMissing.at(pipeline?.params.find((p) => p.name === a.name)?.loc, "parameter", a.name, name, `--param ${a.name}=VALUE`));
    }
  }
  return diagnostics;
}
