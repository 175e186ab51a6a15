import { describe, expect, it } from "vitest";
import { elapsedText, plainDisplay, progressLine, ttyDisplay } from "../../src/cli/watch-display.js";
import { experimentProgress, inferenceServiceProgress, kfpRunProgress, workflowProgress } from "../../src/cli/watch-status.js";
import { parseWatchRef } from "../../src/cli/watch.js";

describe("workflowProgress", () => {
  it("a retried step is one step (its Retry node), not one per attempt; Error is failed; Omitted is skipped", () => {
    const p = workflowProgress({
      status: {
        phase: "Error",
        message: "child errored",
        nodes: {
          w: { id: "w", type: "DAG", phase: "Error", displayName: "w" },
          r: { id: "r", type: "Retry", phase: "Error", displayName: "train", children: ["r0", "r1"], startedAt: "2026-01-01T00:00:02Z", message: "No more retries left" },
          r0: { id: "r0", type: "Pod", phase: "Failed", displayName: "train(0)" },
          r1: { id: "r1", type: "Pod", phase: "Error", displayName: "train(1)" },
          a: { id: "a", type: "Pod", phase: "Failed", displayName: "lint", startedAt: "2026-01-01T00:00:01Z" },
          s: { id: "s", type: "Pod", phase: "Omitted", displayName: "report" },
          p: { id: "p", type: "Suspend", phase: "Succeeded", displayName: "approve" },
        },
      },
    });
    expect(p).toEqual({
      state: "failed",
      phase: "Error",
      counts: { unit: "steps", done: 1, running: 0, failed: 2, skipped: 1, pending: 0 },
      // The first failed step by start time; a node without a message falls back to the Workflow's.
      failure: "step lint failed: child errored",
    });
  });

  it("no status yet is Pending with no steps", () => {
    expect(workflowProgress({ metadata: { name: "x" } })).toEqual({ state: "pending", phase: "Pending", counts: { unit: "steps", done: 0, running: 0, failed: 0, skipped: 0, pending: 0 } });
  });
});

describe("kfpRunProgress, experimentProgress, inferenceServiceProgress", () => {
  it("KFP: CANCELED is failed; CANCELING counts as running", () => {
    expect(kfpRunProgress({ state: "CANCELED" })).toMatchObject({ state: "failed", failure: "run canceled" });
    expect(kfpRunProgress({ state: "CANCELING", run_details: { task_details: [{ display_name: "a", state: "CANCELING" }] } })).toMatchObject({
      state: "running",
      counts: { running: 1 },
      detail: "running: a",
    });
  });

  it("Katib: Failed wins over Succeeded; killed trials count as failed, early-stopped as done", () => {
    const p = experimentProgress({
      status: {
        conditions: [{ type: "Succeeded", status: "True" }, { type: "Failed", status: "True", reason: "ExperimentFailed" }],
        trialsKilled: 1,
        trialsFailed: 1,
        trialsEarlyStopped: 2,
      },
    });
    expect(p).toEqual({ state: "failed", phase: "Failed", counts: { unit: "trials", done: 2, running: 0, failed: 2, skipped: 0, pending: 0 }, failure: "ExperimentFailed" });
  });

  it("KServe: a model blocked by a failed load is failed; Unknown conditions are rolling out", () => {
    expect(
      inferenceServiceProgress({
        status: { conditions: [{ type: "Ready", status: "Unknown" }], modelStatus: { transitionStatus: "BlockedByFailedLoad", lastFailureInfo: { reason: "ModelLoadFailed", message: "no model at s3://x" } } },
      }),
    ).toEqual({ state: "failed", phase: "BlockedByFailedLoad", failure: "the model is BlockedByFailedLoad: ModelLoadFailed: no model at s3://x" });
    expect(inferenceServiceProgress({ status: { conditions: [{ type: "Ready", status: "Unknown" }] } })).toEqual({ state: "running", phase: "RollingOut", detail: "waiting for Ready" });
  });
});

describe("the displays", () => {
  const p = { state: "running" as const, phase: "Running", counts: { unit: "steps", done: 1, running: 1, failed: 0, skipped: 0, pending: 1 }, detail: "running: train", startedAt: "2026-12-06T05:00:00Z" };

  it("plain: a timestamped line per change, never an escape", () => {
    let out = "";
    const d = plainDisplay((t) => (out += t), "workflow/x", () => Date.parse("2026-12-06T05:01:02.345Z"));
    d.update(p);
    d.update(p);
    d.update({ ...p, state: "succeeded", phase: "Succeeded", detail: undefined });
    d.close();
    expect(out).toBe(
      "2026-12-06T05:01:02Z workflow/x Running: 1/3 steps done, 1 running, 0 failed, 1 pending; running: train\n" +
        "2026-12-06T05:01:02Z workflow/x Succeeded: 1/3 steps done, 1 running, 0 failed, 1 pending\n",
    );
  });

  it("terminal: the block is redrawn in place (cursor up, clear), with the elapsed time from the run's start", () => {
    let out = "";
    let now = Date.parse("2026-12-06T05:01:02Z");
    const d = ttyDisplay((t) => (out += t), "workflow/x", () => now);
    d.update(p);
    now += 1000;
    d.update({ ...p, state: "failed", phase: "Failed", detail: undefined, failure: "step train failed: OOMKilled" });
    d.close();
    const block1 = "workflow/x  Running  elapsed 1m02s\n  1/3 steps done, 1 running, 0 failed, 1 pending\n  running: train\n";
    const block2 = "workflow/x  Failed  elapsed 1m03s\n  1/3 steps done, 1 running, 0 failed, 1 pending\n  step train failed: OOMKilled\n";
    expect(out).toBe(block1 + "\x1b[3F\x1b[J" + block2 + "\x1b[3F\x1b[J" + block2);
  });

  it("terminal: a line wider than the terminal is cut, so that the block keeps its height", () => {
    let out = "";
    const d = ttyDisplay((t) => (out += t), "workflow/x", () => Date.parse("2026-12-06T05:01:02Z"), 20);
    d.update({ ...p, detail: "running: a-very-long-step-name" });
    d.close();
    expect(out.split("\n")[0]).toBe("workflow/x  Runnin…");
    expect(out.split("\n").every((l) => l.replace(/\x1b\[\d*[FJ]/g, "").length < 20)).toBe(true);
  });

  it("texts", () => {
    expect(elapsedText(3_723_000)).toBe("1h02m03s");
    expect(elapsedText(-5)).toBe("0s");
    expect(progressLine("inferenceservice/s", { state: "succeeded", phase: "Ready", detail: "http://s" })).toBe("inferenceservice/s Ready; http://s");
  });
});

describe("parseWatchRef", () => {
  it("kubectl's names and short names, run/ID", () => {
    expect(parseWatchRef("WF/a")).toMatchObject({ kind: { kind: "Workflow" }, name: "a" });
    expect(parseWatchRef("isvc/a")).toMatchObject({ kind: { kind: "InferenceService" } });
    expect(parseWatchRef("experiments/a")).toMatchObject({ kind: { kind: "Experiment" } });
    expect(parseWatchRef("run/0b2e-11")).toEqual({ kind: "run", name: "0b2e-11" });
    expect(parseWatchRef("workflow/a/b")).toBe("'workflow/a/b' is not KIND/NAME, such as workflow/fit-x7k2p or run/RUN_ID.");
  });
});
