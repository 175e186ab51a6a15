/**
 * What `mlpc watch` (and `submit --watch`) reads from each kind of run: a `Progress`, from the object
 * as the API returns it. Pure functions, one per kind; the display (watch-display.ts) prints them and
 * the follower (watch.ts) stops when `state` is `succeeded` or `failed`.
 */

/** Where a run is: still going (`pending`, `running`) or ended (`succeeded`, `failed`). */
export type RunState = "pending" | "running" | "succeeded" | "failed";

/** How many units (steps of a run, trials of an experiment) are where. */
export interface Counts {
  /** `steps` or `trials`. */
  readonly unit: string;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pending: number;
}

/** One reading of a run. */
export interface Progress {
  readonly state: RunState;
  /** The engine's own word for where the run is: `Running`, `SUCCEEDED`, `Ready`… */
  readonly phase: string;
  readonly counts?: Counts;
  /** What else is worth a line: the running steps, the best trial so far, the URL. */
  readonly detail?: string;
  /** Why it failed: the failing step and its message, a condition's reason and message. */
  readonly failure?: string;
  /** When the run started (RFC 3339), when the object says. */
  readonly startedAt?: string;
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

// -------------------------------------------------------------------------------------------------
// Argo Workflow

/** Node types that run something (a step), as Argo names them in `status.nodes[*].type`. */
const LEAF_TYPES = new Set(["Pod", "Container", "Suspend", "Skipped", "HTTP", "Plugin"]);

/**
 * An Argo Workflow: its `status.phase` (Pending, Running, Succeeded, Failed, Error) and its steps
 * from `status.nodes`. A step is a node that runs something (a Pod, a Suspend, a Skipped node…);
 * the attempts of a retried step are one step, the `Retry` node that holds them. A failed run names
 * its first failed step (by start time) and that node's message, else the Workflow's
 * `status.message`.
 */
export function workflowProgress(workflow: unknown): Progress {
  const status = obj(obj(workflow).status);
  const phase = str(status.phase) ?? "Pending";
  const nodes = Object.values(obj(status.nodes)).map(obj);
  const attempts = new Set(nodes.filter((n) => n.type === "Retry").flatMap((n) => (Array.isArray(n.children) ? n.children.filter((c): c is string => typeof c === "string") : [])));
  const steps = nodes.filter((n) => (n.type === "Retry" || LEAF_TYPES.has(String(n.type))) && !attempts.has(String(n.id)));
  const counts = { unit: "steps", done: 0, running: 0, failed: 0, skipped: 0, pending: 0 };
  const running: string[] = [];
  for (const n of steps) {
    const p = str(n.phase) ?? "Pending";
    if (n.type === "Skipped" || p === "Skipped" || p === "Omitted") counts.skipped++;
    else if (p === "Succeeded") counts.done++;
    else if (p === "Failed" || p === "Error") counts.failed++;
    else if (p === "Running") {
      counts.running++;
      running.push(stepName(n));
    } else counts.pending++;
  }
  const state: RunState = phase === "Succeeded" ? "succeeded" : phase === "Failed" || phase === "Error" ? "failed" : phase === "Running" ? "running" : "pending";
  let failure: string | undefined;
  if (state === "failed") {
    const failed = steps
      .filter((n) => n.phase === "Failed" || n.phase === "Error")
      .sort((a, b) => String(a.startedAt ?? "").localeCompare(String(b.startedAt ?? "")))[0];
    const message = str(failed?.message) ?? str(status.message);
    failure = failed === undefined ? message : `step ${stepName(failed)} ${String(failed.phase).toLowerCase()}${message === undefined ? "" : `: ${message}`}`;
  }
  return {
    state,
    phase,
    counts,
    ...(running.length > 0 && state !== "succeeded" && state !== "failed" ? { detail: `running: ${running.sort().join(", ")}` } : {}),
    ...(failure === undefined ? {} : { failure }),
    ...(str(status.startedAt) === undefined ? {} : { startedAt: str(status.startedAt) }),
  };
}

/** A node as the user knows it: its display name (the task's name), else its name. */
function stepName(node: Obj): string {
  return str(node.displayName) ?? str(node.name) ?? String(node.id);
}

// -------------------------------------------------------------------------------------------------
// KFP run

/**
 * A KFP run (v2beta1 `Run`): its `state` (RuntimeState) and its tasks' states from
 * `run_details.task_details`. SUCCEEDED ends it well; FAILED and CANCELED end it badly (with the
 * run's `error.message`, else the first failed task's); SKIPPED tasks were cached or not run. A
 * task that holds other tasks (`child_tasks`: the root DAG, a loop, a condition) is not counted.
 */
export function kfpRunProgress(run: unknown): Progress {
  const r = obj(run);
  const phase = str(r.state) ?? "PENDING";
  const tasks = list(obj(r.run_details).task_details).filter((t) => list(t.child_tasks).length === 0);
  const counts = { unit: "tasks", done: 0, running: 0, failed: 0, skipped: 0, pending: 0 };
  const running: string[] = [];
  for (const t of tasks) {
    const s = str(t.state) ?? "PENDING";
    if (s === "SUCCEEDED") counts.done++;
    else if (s === "SKIPPED") counts.skipped++;
    else if (s === "FAILED" || s === "CANCELED") counts.failed++;
    else if (s === "RUNNING" || s === "CANCELING") {
      counts.running++;
      running.push(str(t.display_name) ?? String(t.task_id));
    } else counts.pending++;
  }
  const state: RunState = phase === "SUCCEEDED" ? "succeeded" : phase === "FAILED" || phase === "CANCELED" ? "failed" : phase === "PENDING" || phase === "RUNTIME_STATE_UNSPECIFIED" ? "pending" : "running";
  let failure: string | undefined;
  if (state === "failed") {
    const task = tasks.find((t) => t.state === "FAILED" || t.state === "CANCELED");
    const message = str(obj(r.error).message) ?? str(obj(task?.error).message);
    const who = task === undefined ? `run ${phase.toLowerCase()}` : `task ${str(task.display_name) ?? String(task.task_id)} ${String(task.state).toLowerCase()}`;
    failure = message === undefined ? who : `${who}: ${message}`;
  }
  return {
    state,
    phase,
    counts,
    ...(running.length > 0 && state !== "succeeded" && state !== "failed" ? { detail: `running: ${running.sort().join(", ")}` } : {}),
    ...(failure === undefined ? {} : { failure }),
    ...(str(r.created_at) === undefined ? {} : { startedAt: str(r.created_at) }),
  };
}

// -------------------------------------------------------------------------------------------------
// Katib Experiment

/** The latest value of `name` among an observation's metrics. */
function metricText(trial: Obj): string | undefined {
  const metrics = list(obj(trial.observation).metrics);
  if (metrics.length === 0) return undefined;
  return metrics.map((m) => `${str(m.name) ?? "?"}=${str(m.latest) ?? "?"}`).join(", ");
}

/**
 * A Katib Experiment: the trial counts of its status (`trialsSucceeded`, `trialsRunning`,
 * `trialsFailed`, `trialsPending`, `trialsKilled`, `trialsEarlyStopped`), the best trial so far
 * (`currentOptimalTrial`: its name, metrics and parameter assignments), and its conditions: a
 * `Succeeded` condition with status True ends it well (the goal or the trial budget was reached), a
 * `Failed` one badly (with its reason and message).
 */
export function experimentProgress(experiment: unknown): Progress {
  const status = obj(obj(experiment).status);
  const conditions = list(status.conditions);
  const holds = (type: string): Obj | undefined => conditions.find((c) => c.type === type && c.status === "True");
  const succeeded = holds("Succeeded");
  const failed = holds("Failed");
  const runningCond = holds("Running") ?? holds("Restarting");
  const state: RunState = failed !== undefined ? "failed" : succeeded !== undefined ? "succeeded" : runningCond !== undefined ? "running" : "pending";
  const phase = failed !== undefined ? "Failed" : succeeded !== undefined ? "Succeeded" : runningCond !== undefined ? String(runningCond.type) : holds("Created") !== undefined ? "Created" : "Pending";
  const counts = {
    unit: "trials",
    done: num(status.trialsSucceeded) + num(status.trialsEarlyStopped),
    running: num(status.trialsRunning),
    failed: num(status.trialsFailed) + num(status.trialsKilled),
    skipped: 0,
    pending: num(status.trialsPending),
  };
  const best = obj(status.currentOptimalTrial);
  const bestName = str(best.bestTrialName);
  const metric = metricText(best);
  const assignments = list(best.parameterAssignments).map((a) => `${str(a.name) ?? "?"}=${str(a.value) ?? "?"}`);
  const detail =
    bestName === undefined ? undefined : `best trial ${bestName}${metric === undefined ? "" : `: ${metric}`}${assignments.length === 0 ? "" : ` (${assignments.join(", ")})`}`;
  const failure = failed === undefined ? undefined : conditionText(failed);
  return {
    state,
    phase,
    counts,
    ...(detail === undefined ? {} : { detail }),
    ...(failure === undefined ? {} : { failure }),
    ...(str(status.startTime) === undefined ? {} : { startedAt: str(status.startTime) }),
  };
}

/** `Reason: message` of a condition, or the one it has. */
function conditionText(c: Obj): string | undefined {
  const reason = str(c.reason);
  const message = str(c.message);
  if (reason !== undefined && message !== undefined) return `${reason}: ${message}`;
  return reason ?? message;
}

// -------------------------------------------------------------------------------------------------
// KServe InferenceService

/** The model states KServe reports when a model cannot be served without a change (`status.modelStatus.transitionStatus`). */
const BLOCKED = new Set(["BlockedByFailedLoad", "InvalidSpec"]);

/**
 * A KServe InferenceService. The rule (Knative's conditions, which KServe uses): a condition that is
 * `Unknown` is still being worked on, `True` holds, `False` has failed. So the service
 *
 * - is **ready** (succeeded) when its `Ready` condition is True, with `status.url`;
 * - has **failed** when `Ready` or any other condition (`PredictorReady`, `IngressReady`…) is False —
 *   the first such condition's type, reason and message say why — or when the model's
 *   `status.modelStatus.transitionStatus` is `BlockedByFailedLoad` or `InvalidSpec` (with
 *   `lastFailureInfo`);
 * - is still **rolling out** otherwise, and also while `status.observedGeneration` is behind
 *   `metadata.generation` (the controller has not seen the applied spec yet, so an old status does
 *   not count).
 */
export function inferenceServiceProgress(service: unknown): Progress {
  const o = obj(service);
  const status = obj(o.status);
  const generation = num(obj(o.metadata).generation);
  const observed = status.observedGeneration;
  const created = str(obj(o.metadata).creationTimestamp);
  const start = created === undefined ? {} : { startedAt: created };
  if (typeof observed === "number" && generation > 0 && observed < generation) return { state: "pending", phase: "Reconciling", detail: "the controller has not seen this spec yet", ...start };
  const conditions = list(status.conditions);
  const ready = conditions.find((c) => c.type === "Ready");
  const url = str(status.url);
  if (ready?.status === "True") return { state: "succeeded", phase: "Ready", ...(url === undefined ? {} : { detail: url }), ...start };
  const failedCond = [ready, ...conditions.filter((c) => c !== ready)].find((c) => c?.status === "False");
  const model = obj(status.modelStatus);
  const transition = str(model.transitionStatus);
  if (failedCond !== undefined) {
    const why = conditionText(failedCond);
    return { state: "failed", phase: "NotReady", failure: `${String(failedCond.type)} is False${why === undefined ? "" : `: ${why}`}`, ...start };
  }
  if (transition !== undefined && BLOCKED.has(transition)) {
    const why = conditionText(obj(model.lastFailureInfo));
    return { state: "failed", phase: transition, failure: `the model is ${transition}${why === undefined ? "" : `: ${why}`}`, ...start };
  }
  const waiting = conditions.filter((c) => c.status !== "True").map((c) => String(c.type));
  return {
    state: conditions.length === 0 ? "pending" : "running",
    phase: conditions.length === 0 ? "Pending" : "RollingOut",
    ...(waiting.length > 0 ? { detail: `waiting for ${waiting.sort().join(", ")}` } : {}),
    ...start,
  };
}
