import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { exitCodeFor } from "./report.js";
import { claimInterrupt } from "./cleanup.js";
import { plainDisplay, ttyDisplay } from "./watch-display.js";
import { experimentProgress, inferenceServiceProgress, kfpRunProgress, workflowProgress, type Progress } from "./watch-status.js";
import { abortableSleep, SubmitFailure, type Cluster } from "./submit-cluster.js";
import type { KfpConnection } from "./kfp-api.js";
import type { SubmitHost } from "./submit.js";

/**
 * `mlpc watch KIND/NAME` and `mlpc submit --watch`: follows a run until it ends and exits with its
 * outcome — 0 succeeded, 1 failed, 124 `--timeout` reached, 130 interrupted (Ctrl-C). Watching never
 * changes the run: a timeout or Ctrl-C only stops watching, and says how to watch again.
 */

/** Exit codes of a watch, besides 2 for a usage or connection problem. */
export const WATCH_EXIT = { succeeded: 0, failed: 1, timedOut: 124, interrupted: 130 } as const;

/** A kind of Kubernetes object `watch` follows. */
export interface WatchKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** The name in `KIND/NAME` that `mlpc watch` prints (`workflow`). */
  readonly label: string;
  readonly progress: (object: unknown) => Progress;
}

const WORKFLOW: WatchKind = { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", label: "workflow", progress: workflowProgress };
const EXPERIMENT: WatchKind = { apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", label: "experiment", progress: experimentProgress };
const ISVC: WatchKind = { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", label: "inferenceservice", progress: inferenceServiceProgress };

/** The kinds by each name `KIND/NAME` accepts (kubectl's names and short names). */
const KINDS: Readonly<Record<string, WatchKind>> = {
  workflow: WORKFLOW,
  workflows: WORKFLOW,
  wf: WORKFLOW,
  experiment: EXPERIMENT,
  experiments: EXPERIMENT,
  inferenceservice: ISVC,
  inferenceservices: ISVC,
  isvc: ISVC,
};

/** The kind a manifest `submit --watch` sent is followed as, if it is a run. */
export function watchKindOf(manifest: { apiVersion: string; kind: string }): WatchKind | undefined {
  return [WORKFLOW, EXPERIMENT, ISVC].find((k) => k.apiVersion === manifest.apiVersion && k.kind === manifest.kind);
}

/** What `KIND/NAME` names: a Kubernetes object, or a KFP run (`run/ID`). */
export type WatchRef = { readonly kind: WatchKind; readonly name: string } | { readonly kind: "run"; readonly name: string };

/** `KIND/NAME`, or why it is not one (a usage error). */
export function parseWatchRef(text: string): WatchRef | string {
  const slash = text.indexOf("/");
  const kind = slash < 0 ? "" : text.slice(0, slash).toLowerCase();
  const name = slash < 0 ? "" : text.slice(slash + 1);
  if (slash < 0 || name === "" || name.includes("/")) return `'${text}' is not KIND/NAME, such as workflow/fit-x7k2p or run/RUN_ID.`;
  if (kind === "run" || kind === "runs") return { kind: "run", name };
  if (kind === "cronworkflow" || kind === "cronworkflows" || kind === "cwf") {
    return "a CronWorkflow is a schedule, not a run: watch one of the Workflows it creates, with workflow/NAME (argo cron get lists them).";
  }
  const found = KINDS[kind];
  if (found === undefined) return `mlpc watch follows workflow (wf), experiment, inferenceservice (isvc) or run (KFP), not '${kind}'.`;
  return { kind: found, name };
}

/** What a watch shows and says. */
export interface Follow {
  /** `workflow/fit-x7k2p`. */
  readonly label: string;
  /** The command that watches it again (said after a timeout or Ctrl-C). */
  readonly again: string;
  readonly progress: (object: unknown) => Progress;
  /** Calls `onObject` with each version of the run until it returns true or `signal` is aborted. */
  readonly source: (onObject: (object: unknown) => boolean, signal: AbortSignal) => Promise<void>;
}

/** What a watch needs of the CLI. */
export interface WatchHost {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (the live display) — unless `CI` is set. */
  readonly stdoutIsTTY: boolean;
  readonly now?: () => number;
  /** The terminal's width (default: this process's stdout's, when it is a terminal). */
  readonly columns?: number;
}

/**
 * Follows `follow` until its run ends, `timeoutMs` passes or SIGINT comes; returns the exit code.
 * Failures of the API are thrown (`SubmitFailure`).
 */
export async function followRun(follow: Follow, timeoutMs: number | undefined, host: WatchHost): Promise<number> {
  const now = host.now ?? Date.now;
  const ci = host.env.CI !== undefined && host.env.CI !== "" && host.env.CI !== "false";
  const columns = host.columns ?? (process.stdout.isTTY ? process.stdout.columns : undefined);
  const display = host.stdoutIsTTY && !ci ? ttyDisplay(host.stdout, follow.label, now, columns) : plainDisplay(host.stdout, follow.label, now);
  const controller = new AbortController();
  let stopped: "timeout" | "interrupt" | undefined;
  const release = claimInterrupt(() => {
    stopped ??= "interrupt";
    controller.abort();
  });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stopped ??= "timeout";
          controller.abort();
        }, timeoutMs);
  let final: Progress | undefined;
  try {
    await follow.source((object) => {
      const p = follow.progress(object);
      display.update(p);
      if (p.state !== "succeeded" && p.state !== "failed") return false;
      final = p;
      return true;
    }, controller.signal);
  } finally {
    clearTimeout(timer);
    release();
    display.close();
  }
  if (final !== undefined) return final.state === "succeeded" ? WATCH_EXIT.succeeded : WATCH_EXIT.failed;
  if (stopped === "timeout") {
    host.stderr(`mlpc: stopped watching after ${durationText(timeoutMs ?? 0)} (--timeout); ${follow.label} goes on. Watch it again with: ${follow.again}\n`);
    return WATCH_EXIT.timedOut;
  }
  host.stderr(`mlpc: stopped watching (interrupted); ${follow.label} goes on: nothing was stopped or deleted. Watch it again with: ${follow.again}\n`);
  return WATCH_EXIT.interrupted;
}

/** `30m`, `1h30m`, `1.5s` for a number of milliseconds. */
function durationText(ms: number): string {
  if (ms % 1000 !== 0) return `${ms / 1000}s`;
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", sec > 0 || s === 0 ? `${sec}s` : ""].join("");
}

/**
 * A Kubernetes object followed through a cluster connection (a watch stream; lists polled when the
 * cluster refuses the watch, said on `note`).
 */
export function kubeFollow(cluster: Cluster, kind: WatchKind, name: string, again: string, env: Readonly<Record<string, string | undefined>>, note: (text: string) => void): Follow {
  return {
    label: `${kind.label}/${name}`,
    again,
    progress: kind.progress,
    source: (onObject, signal) => cluster.follow({ apiVersion: kind.apiVersion, kind: kind.kind, name }, onObject, signal, { pollMs: pollBase(env), note }),
  };
}

/** The longest wait between two polls of a KFP run whose state does not change. */
const MAX_POLL_MS = 30_000;

/** The first wait between polls: `MLPC_POLL_MS` (tests make it small), else one second. */
function pollBase(env: Readonly<Record<string, string | undefined>>): number {
  const given = Number(env.MLPC_POLL_MS);
  return env.MLPC_POLL_MS !== undefined && Number.isFinite(given) && given >= 0 ? given : 1000;
}

/**
 * A KFP run, polled with `GET /apis/v2beta1/runs/{run_id}` (reads are retried as submit's are):
 * the wait starts at a second and doubles up to 30 s while nothing changes, and starts again from a
 * second after a change.
 */
export function kfpFollow(conn: KfpConnection, runId: string, again: string, env: Readonly<Record<string, string | undefined>>): Follow {
  return {
    label: `run/${runId}`,
    again,
    progress: kfpRunProgress,
    source: async (onObject, signal) => {
      const { KfpApi } = await import("./kfp-api.js");
      const api = new KfpApi(conn);
      const base = pollBase(env);
      let delay = base;
      let seen = "";
      while (!signal.aborted) {
        const run = await api.get<unknown>({ method: "GET", path: `/apis/v2beta1/runs/${encodeURIComponent(runId)}` });
        if (signal.aborted || onObject(run)) return;
        const p = kfpRunProgress(run);
        const key = JSON.stringify([p.phase, p.counts, p.detail]);
        delay = key === seen ? Math.min(Math.max(delay * 2, 1), MAX_POLL_MS) : base;
        seen = key;
        await abortableSleep(delay, signal);
      }
    },
  };
}


// -------------------------------------------------------------------------------------------------
// mlpc watch

export interface WatchOptions {
  /** `--timeout`, in milliseconds. */
  readonly timeout?: number;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly requestTimeout: number;
  readonly kfpHost?: string;
  readonly kfpTokenFile?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly pretty?: boolean;
}

/** `mlpc watch KIND/NAME`: connects (the cluster, or the KFP API for `run/ID`) and follows. */
export async function watchCommand(refText: string, opts: WatchOptions, host: SubmitHost & WatchHost): Promise<number> {
  const ref = parseWatchRef(refText);
  if (typeof ref === "string") throw host.usage(ref);
  const diagnostics: Diagnostic[] = [];
  const fail = (): number => {
    host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), new Map(), { color: host.color }));
    return exitCodeFor(diagnostics);
  };
  try {
    if (ref.kind === "run") {
      const { kfpServer } = await import("./submit.js");
      const server = await kfpServer(opts, host, diagnostics);
      if (server === undefined) return fail();
      const { retryBase } = await import("./retry.js");
      const conn = { host: server.apiHost, token: server.token, insecure: opts.insecureSkipTlsVerify === true, timeoutMs: opts.requestTimeout * 1000, retryBase: retryBase(host.env), namespace: opts.namespace };
      const again = watchAgain(`run/${ref.name}`, { kfpHost: server.apiHost, namespace: opts.namespace });
      return await followRun(kfpFollow(conn, ref.name, again, host.env), opts.timeout, host);
    }
    const { connect } = await import("./submit-cluster.js");
    const { kubeconfigFile } = await import("./submit.js");
    const cluster = await connect(
      { kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace, requestTimeout: opts.requestTimeout },
      host.env,
      kubeconfigFile(opts.kubeconfig, host.cwd, host.env),
    );
    const again = watchAgain(`${ref.kind.label}/${ref.name}`, { namespace: cluster.namespace, context: opts.context, kubeconfig: opts.kubeconfig });
    return await followRun(kubeFollow(cluster, ref.kind, ref.name, again, host.env, host.stderr), opts.timeout, host);
  } catch (err) {
    if (!(err instanceof SubmitFailure)) throw err;
    diagnostics.push(err.diagnostic);
    return fail();
  }
}

/** `mlpc watch REF` with the options that find it again. */
export function watchAgain(ref: string, where: { namespace?: string; context?: string; kubeconfig?: string; kfpHost?: string }): string {
  const parts = ["mlpc watch", ref];
  if (where.namespace !== undefined) parts.push(`-n ${where.namespace}`);
  if (where.context !== undefined) parts.push(`--context ${where.context}`);
  if (where.kubeconfig !== undefined) parts.push(`--kubeconfig ${where.kubeconfig}`);
  if (where.kfpHost !== undefined) parts.push(`--kfp-host ${where.kfpHost}`);
  return parts.join(" ");
}
