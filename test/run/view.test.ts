import { describe, expect, it } from "vitest";
import type { RunRecord, TaskRecord } from "../../src/run/model.js";
import { liveView, plainView, summary } from "../../src/run/view.js";

const loc = { file: "p.mlpipe", line: 1, col: 1, endLine: 1, endCol: 2 };
const task = (id: string, extra: Partial<TaskRecord> = {}): TaskRecord => ({ id, kind: "step", step: id, loc, status: "queued", attempts: 0, outputs: {}, ...extra });

describe("plain lines", () => {
  it("prints one timestamped line per change, none for queued", () => {
    let out = "";
    const view = plainView((t) => (out += t), () => 1_000);
    const a = task("a");
    view.event({ kind: "task", task: a });
    Object.assign(a, { status: "running", attempts: 1, startedAt: 1_000 });
    view.event({ kind: "task", task: a });
    view.event({ kind: "line", task: a, line: "working" });
    Object.assign(a, { status: "running", attempts: 2 });
    view.event({ kind: "task", task: a });
    Object.assign(a, { status: "done", endedAt: 3_500 });
    view.event({ kind: "task", task: a });
    const b = task("b[1]", { status: "skipped", reason: "its condition is false" });
    view.event({ kind: "task", task: b });
    const c = task("c", { status: "cached" });
    view.event({ kind: "task", task: c });
    expect(out.replace(/^\d\d:\d\d:\d\d\.\d{3} /gm, "")).toBe(
      "a running\na running (attempt 2)\na done in 2.5s\nb[1] skipped (its condition is false)\nc cached (not run: the result of an earlier run is reused)\n",
    );
    expect(out).toMatch(/^\d\d:\d\d:\d\d\.\d{3} a running$/m);
  });
});

describe("the live view", () => {
  it("shows the counts and each running task with its elapsed time and last line, and prints what ended above", () => {
    let out = "";
    let now = 10_000;
    const view = liveView((t) => (out += t), () => now, () => 80);
    const a = task("train", { status: "running", attempts: 1, startedAt: 10_000 });
    const b = task("prep");
    view.event({ kind: "task", task: b });
    view.event({ kind: "task", task: a });
    a.lastLine = "epoch 3/10 loss=0.41";
    now = 14_200;
    view.event({ kind: "line", task: a, line: a.lastLine });
    Object.assign(b, { status: "done", startedAt: 10_000, endedAt: 11_000 });
    out = "";
    view.event({ kind: "task", task: b });
    expect(out).toBe("✓ prep done in 1.0s\n0 queued · 1 running · 1 done · 0 failed · 0 cached · 0 skipped\n  ▶ train  4.2s  epoch 3/10 loss=0.41\n");
    out = "";
    Object.assign(a, { status: "failed", endedAt: 15_000, reason: "exit code 1" });
    view.event({ kind: "task", task: a });
    // The two live lines are cleared before the line of the task that ended.
    expect(out).toBe("\x1b[2A\x1b[J✗ train failed in 5.0s: exit code 1\n0 queued · 0 running · 1 done · 1 failed · 0 cached · 0 skipped\n");
    out = "";
    view.close();
    expect(out).toBe("\x1b[1A\x1b[J");
  });
});

describe("the summary", () => {
  it("lists tasks in the order they started, with status, duration and cached, then the outputs", () => {
    const record: RunRecord = {
      pipeline: "p",
      status: "Failed",
      runner: "process",
      workdir: "/w",
      startedAt: 0,
      endedAt: 12_345,
      tasks: [
        task("late", { status: "failed", startedAt: 5_000, endedAt: 6_000 }),
        task("early", { status: "done", startedAt: 0, endedAt: 61_000 }),
        task("reused", { status: "cached", startedAt: 1_000, endedAt: 1_000 }),
        task("never", { status: "skipped", reason: "'late' did not succeed" }),
      ],
      outputs: { name: "x", n: 3, l: [1, 2] },
      diagnostics: [],
    };
    expect(summary(record)).toBe(
      [
        "step    status   duration  cached",
        "early   done     61s",
        "reused  cached   -         yes",
        "late    failed   1.0s",
        "never   skipped  -",
        "",
        "outputs of p:",
        '  name = "x"',
        "  n = 3",
        "  l = [1,2]",
        "",
        "run failed in 12s; logs and outputs are in /w",
        "",
      ].join("\n"),
    );
  });
});
