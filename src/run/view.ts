import type { RunValue } from "../ir/eval.js";
import { valueText } from "../ir/eval.js";
import type { RunEvent, RunRecord, TaskRecord } from "./model.js";

/**
 * What a person sees of a local run. On a terminal (and not in CI): a live view at the bottom of the
 * screen — counts of queued/running/done/failed/cached/skipped tasks and each running task with its
 * elapsed time and the last line it wrote — above which every task that ends is printed once. Else
 * (a pipe, a file, `CI` set): one timestamped line per change. At the end, `summary` gives the table
 * (task, status, duration, cached) and the pipeline's outputs.
 */

export interface View {
  event(e: RunEvent): void;
  /** Stops redrawing and clears the live part. */
  close(): void;
}

const SYMBOL: Record<TaskRecord["status"], string> = { queued: "·", running: "▶", done: "✓", failed: "✗", cached: "≡", skipped: "-" };

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : ms < 600_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The line a task's change prints (without the time). */
export function changeLine(task: TaskRecord, now: number): string | undefined {
  const took = task.startedAt !== undefined && task.endedAt !== undefined ? ` in ${seconds(task.endedAt - task.startedAt)}` : "";
  switch (task.status) {
    case "queued":
      return undefined;
    case "running":
      return `${task.id} running${task.attempts > 1 ? ` (attempt ${task.attempts})` : ""}`;
    case "done":
      return `${task.id} done${task.kind === "step" ? took : ""}`;
    case "cached":
      return `${task.id} cached (not run: the result of an earlier run is reused)`;
    case "failed":
      return `${task.id} failed${took}${task.reason === undefined ? "" : `: ${task.reason}`}`;
    case "skipped":
      return `${task.id} skipped${task.reason === undefined ? "" : ` (${task.reason})`}`;
  }
  void now;
}

/** One timestamped line per change (not a terminal, or CI). */
export function plainView(write: (text: string) => void, now: () => number): View {
  return {
    event(e) {
      if (e.kind !== "task") return;
      const line = changeLine(e.task, now());
      if (line !== undefined) write(`${clock(now())} ${line}\n`);
    },
    close() {},
  };
}

/** The live view of a terminal, redrawn every 100 ms. */
export function liveView(write: (text: string) => void, now: () => number, columns: () => number): View {
  const tasks: TaskRecord[] = [];
  const seen = new Set<TaskRecord>();
  let drawn = 0;
  let dirty = true;
  const clear = (): string => (drawn > 0 ? `\x1b[${drawn}A\x1b[J` : "");
  const fit = (s: string): string => {
    const width = Math.max(20, columns() - 1);
    return s.length > width ? `${s.slice(0, width - 1)}…` : s;
  };
  const draw = (permanent: string[] = []): void => {
    const counts = new Map<string, number>();
    for (const t of tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    const head = (["queued", "running", "done", "failed", "cached", "skipped"] as const).map((s) => `${counts.get(s) ?? 0} ${s}`).join(" · ");
    const running = tasks.filter((t) => t.status === "running");
    const lines = [head, ...running.slice(0, 12).map((t) => fit(`  ${SYMBOL.running} ${t.id}  ${seconds(now() - (t.startedAt ?? now()))}${t.lastLine === undefined ? "" : `  ${t.lastLine}`}`))];
    if (running.length > 12) lines.push(`  … and ${running.length - 12} more running`);
    write(`${clear()}${permanent.map((l) => `${fit(l)}\n`).join("")}${lines.join("\n")}\n`);
    drawn = lines.length;
    dirty = false;
  };
  const timer = setInterval(() => {
    if (dirty || tasks.some((t) => t.status === "running")) draw();
  }, 100);
  timer.unref();
  const pending: string[] = [];
  return {
    event(e) {
      if (e.kind === "diagnostic") return;
      if (!seen.has(e.task)) {
        seen.add(e.task);
        tasks.push(e.task);
      }
      dirty = true;
      if (e.kind === "task" && e.task.status !== "queued" && e.task.status !== "running") {
        pending.push(`${SYMBOL[e.task.status]} ${changeLine(e.task, now()) ?? e.task.id}`);
        draw(pending.splice(0));
      }
    },
    close() {
      clearInterval(timer);
      write(clear());
      drawn = 0;
    },
  };
}

/** The table at the end of a run: task, status, duration, cached; then the outputs and the verdict. */
export function summary(record: RunRecord): string {
  // In the order they started; those that never ran after them, in the order they were reached.
  const started = (t: TaskRecord): number => t.startedAt ?? t.endedAt ?? Number.MAX_SAFE_INTEGER;
  const tasks = record.tasks.map((t, i) => ({ t, i })).sort((a, b) => started(a.t) - started(b.t) || a.i - b.i).map((x) => x.t);
  const rows = tasks.map((t) => [
    t.id,
    t.status,
    t.startedAt !== undefined && t.endedAt !== undefined && t.status !== "cached" ? seconds(t.endedAt - t.startedAt) : "-",
    t.status === "cached" ? "yes" : "",
  ]);
  const header = ["step", "status", "duration", "cached"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(header), ...rows.map(line)];
  const names = Object.keys(record.outputs);
  if (names.length > 0) {
    out.push("", `outputs of ${record.pipeline}:`);
    for (const name of names) out.push(`  ${name} = ${outputText(record.outputs[name]!)}`);
  }
  const took = record.endedAt === undefined ? "" : ` in ${seconds(record.endedAt - record.startedAt)}`;
  out.push("", `run ${record.status.toLowerCase()}${took}; logs and outputs are in ${record.workdir}`);
  return `${out.join("\n")}\n`;
}

function outputText(v: RunValue): string {
  return typeof v === "string" ? JSON.stringify(v) : valueText(v);
}
