import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RunValue } from "../ir/eval.js";
import type { Loc } from "../ir/types.js";

/**
 * What a local run records and reports: one record per task (a component step, an importer, a deploy,
 * each once per loop iteration and per call of a sub-pipeline), and the run's. `--format json` prints
 * the `RunRecord`; `run.json` in the work directory holds the same.
 */

export type TaskStatus = "queued" | "running" | "done" | "failed" | "cached" | "skipped";

export interface TaskRecord {
  /** The task's id in the run: the step's name, `[i]` per enclosing loop iteration, `call/` per sub-pipeline (`sub/score[1]`). */
  readonly id: string;
  readonly kind: "step" | "importer" | "deploy";
  /** The IR node's name. */
  readonly step: string;
  readonly loc: Loc;
  status: TaskStatus;
  /** Attempts started (retries included). */
  attempts: number;
  /** Milliseconds since the epoch. */
  startedAt?: number;
  endedAt?: number;
  /** Why it was skipped or failed, for people. */
  reason?: string;
  /** The task's log file (`<workdir>/steps/<id>/log.txt`). */
  log?: string;
  /** The local cache key, for a step the cache plan may reuse. */
  key?: string;
  /** The last line the command wrote (live view). */
  lastLine?: string;
  /** Each output as text: a parameter's value, an artifact's URI. */
  outputs: Record<string, string>;
}

export type RunStatus = "Succeeded" | "Failed" | "Interrupted";

export interface RunRecord {
  readonly pipeline: string;
  status: RunStatus;
  readonly runner: string;
  readonly workdir: string;
  readonly startedAt: number;
  endedAt?: number;
  readonly tasks: TaskRecord[];
  /** The pipeline's outputs, by name. */
  outputs: Record<string, RunValue>;
  /** What went wrong (and the warnings), with codes and locations. */
  readonly diagnostics: Diagnostic[];
}

export type RunEvent =
  | { readonly kind: "task"; readonly task: TaskRecord }
  | { readonly kind: "line"; readonly task: TaskRecord; readonly line: string }
  | { readonly kind: "diagnostic"; readonly diagnostic: Diagnostic };
