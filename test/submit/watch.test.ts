import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type Ran } from "./run.js";
import { FakeKube, kubeconfig, status } from "./fake-kube.js";
import { startMlpc } from "../cli/support.js";
import { main } from "../../src/cli/main.js";

const FIXTURE = fileURLToPath(new URL("./fixtures.mlpipe", import.meta.url));
const TUNE = fileURLToPath(new URL("./tune.mlpipe", import.meta.url));

const WORKFLOWS = "/apis/argoproj.io/v1alpha1/namespaces/ml/workflows";
const EXPERIMENTS = "/apis/kubeflow.org/v1beta1/namespaces/ml/experiments";
const ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices";

let kube: FakeKube;
let dir: string;

beforeEach(async () => {
  kube = new FakeKube();
  const server = await kube.start();
  dir = mkdtempSync(join(tmpdir(), "mlpc-watch-"));
  writeFileSync(join(dir, "kubeconfig"), kubeconfig(server));
});

afterEach(async () => {
  await kube.stop();
  rmSync(dir, { recursive: true, force: true });
});

function watch(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return runCli(["watch", ...args, "--kubeconfig", "kubeconfig"], dir, env);
}

/** Runs `action` once `ready()` holds (checked every 10 ms): a step taken once the watch is under way. */
function once(ready: () => boolean, action: () => void): void {
  const timer = setInterval(() => {
    if (!ready()) return;
    clearInterval(timer);
    action();
  }, 10);
}

/** The watch requests received so far (refused ones too). */
const watchRequests = (): number => kube.received.filter((q) => q.query.watch === "true").length;

/** The lines of a plain (not a terminal) watch, with the timestamp checked and taken off. */
function lines(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /);
      return l.slice("2026-12-06T05:00:00Z ".length);
    });
}

/** An Argo node of `status.nodes`. */
function node(id: string, displayName: string, phase: string, type = "Pod", extra: Record<string, unknown> = {}): [string, unknown] {
  return [id, { id, name: `fit.${displayName}`, displayName, type, phase, templateName: displayName, ...extra }];
}

const DAG = node("fit", "fit", "Running", "DAG");
const running = { phase: "Running", startedAt: "2026-12-06T05:00:00Z", nodes: Object.fromEntries([DAG, node("a", "prep", "Running")]) };
const halfway = { phase: "Running", startedAt: "2026-12-06T05:00:00Z", nodes: Object.fromEntries([DAG, node("a", "prep", "Succeeded"), node("b", "train", "Running"), node("c", "report", "Pending")]) };
const done = {
  phase: "Succeeded",
  startedAt: "2026-12-06T05:00:00Z",
  nodes: Object.fromEntries([node("fit", "fit", "Succeeded", "DAG"), node("a", "prep", "Succeeded"), node("b", "train", "Succeeded"), node("c", "report", "Skipped", "Skipped")]),
};

function seedWorkflow(name = "fit-abc12"): void {
  kube.put(WORKFLOWS, { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { name, namespace: "ml" }, spec: { entrypoint: "fit" } });
}

describe("mlpc watch workflow/NAME", () => {
  it("follows the node phases to Succeeded over a watch stream: one line per change, exit 0", async () => {
    seedWorkflow();
    kube.scripts.set(WORKFLOWS, { statuses: [running, running, halfway, done], everyMs: 20 });
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\x1b");
    expect(lines(r.stdout)).toEqual([
      "workflow/fit-abc12 Pending: 0/0 steps done, 0 running, 0 failed",
      "workflow/fit-abc12 Running: 0/1 steps done, 1 running, 0 failed; running: prep",
      "workflow/fit-abc12 Running: 1/3 steps done, 1 running, 0 failed, 1 pending; running: train",
      "workflow/fit-abc12 Succeeded: 2/3 steps done, 0 running, 0 failed, 1 skipped",
    ]);
    // Listed by name, then watched from the list's resourceVersion.
    const list = kube.received.find((q) => q.method === "GET" && q.path === WORKFLOWS && q.query.watch === undefined);
    expect(list?.query).toEqual({ fieldSelector: "metadata.name=fit-abc12" });
    expect(kube.watches).toEqual([{ fieldSelector: "metadata.name=fit-abc12", resourceVersion: "101", allowWatchBookmarks: "true", watch: "true" }]);
  });

  it("to Failed: the failed step and its message, exit 1", async () => {
    seedWorkflow();
    const failed = {
      phase: "Failed",
      message: "child 'b' failed",
      nodes: Object.fromEntries([node("fit", "fit", "Failed", "DAG"), node("a", "prep", "Succeeded"), node("b", "train", "Failed", "Pod", { message: "Error (exit code 137): OOMKilled" })]),
    };
    kube.scripts.set(WORKFLOWS, { statuses: [running, failed], everyMs: 20 });
    const r = await watch(["wf/fit-abc12", "-n", "ml"]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout).at(-1)).toBe("workflow/fit-abc12 Failed: 1/2 steps done, 0 running, 1 failed; step train failed: Error (exit code 137): OOMKilled");
  });

  it("a stream that drops is opened again from the last resourceVersion seen; nothing is missed", async () => {
    seedWorkflow();
    kube.drop = { events: 1, times: 1 };
    kube.scripts.set(WORKFLOWS, { statuses: [running, halfway, done], everyMs: 30 });
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).at(-1)).toBe("workflow/fit-abc12 Succeeded: 2/3 steps done, 0 running, 0 failed, 1 skipped");
    // The first stream gave 102 (Running) and dropped before 103: the second asks from 102.
    expect(kube.watches.map((q) => q.resourceVersion)).toEqual(["101", "102"]);
    expect(lines(r.stdout)).toHaveLength(4);
  });

  it("410 Gone (an ERROR event Expired): listed again, then watched from the new list's version", async () => {
    seedWorkflow();
    kube.expire = 1;
    kube.scripts.set(WORKFLOWS, { statuses: [done], everyMs: 20 });
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.code).toBe(0);
    const lists = kube.received.filter((q) => q.method === "GET" && q.path === WORKFLOWS && q.query.watch === undefined);
    expect(lists).toHaveLength(2);
    expect(kube.watches).toHaveLength(2);
  });

  it("--timeout: stops watching, says the run goes on and how to watch again, exit 124", async () => {
    seedWorkflow();
    kube.scripts.set(WORKFLOWS, { statuses: [running], everyMs: 20 });
    const started = Date.now();
    const r = await watch(["workflow/fit-abc12", "--timeout", "400ms"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(r.code).toBe(124);
    expect(r.stderr).toBe(
      "mlpc: stopped watching after 0.4s (--timeout); workflow/fit-abc12 goes on. Watch it again with: mlpc watch workflow/fit-abc12 -n ml --kubeconfig kubeconfig\n",
    );
    expect(kube.writes()).toEqual([]);
  });

  it("SIGINT (in this process): stops watching only, exit 130", async () => {
    seedWorkflow();
    kube.scripts.set(WORKFLOWS, { statuses: [running], everyMs: 20 });
    once(() => kube.watches.length > 0, () => process.emit("SIGINT"));
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      "mlpc: stopped watching (interrupted); workflow/fit-abc12 goes on: nothing was stopped or deleted. Watch it again with: mlpc watch workflow/fit-abc12 -n ml --kubeconfig kubeconfig\n",
    );
    expect(kube.writes()).toEqual([]);
  });

  it("a cluster that lets you list but not watch (403): polled with lists instead, said once", async () => {
    seedWorkflow();
    kube.faults.push((q, res) => q.query.watch === "true" && status(res, 403, "Forbidden", 'workflows.argoproj.io is forbidden: User "tester" cannot watch resource "workflows"'));
    // Once the watch was refused: one change, then (after a poll saw it) the end.
    const polls = (): number => kube.received.filter((q) => q.method === "GET" && q.path === WORKFLOWS && q.query.watch === undefined).length;
    once(() => watchRequests() > 0, () => {
      kube.setStatus(WORKFLOWS, "fit-abc12", running);
      const seen = polls();
      once(() => polls() > seen + 1, () => kube.setStatus(WORKFLOWS, "fit-abc12", done));
    });
    const r = await watch(["workflow/fit-abc12"], { MLPC_POLL_MS: "10" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("mlpc: the cluster does not allow you to watch workflows.argoproj.io in namespace 'ml' (403 Forbidden), only to list them: polling instead.\n");
    expect(lines(r.stdout)).toEqual([
      "workflow/fit-abc12 Pending: 0/0 steps done, 0 running, 0 failed",
      "workflow/fit-abc12 Running: 0/1 steps done, 1 running, 0 failed; running: prep",
      "workflow/fit-abc12 Succeeded: 2/3 steps done, 0 running, 0 failed, 1 skipped",
    ]);
    expect(kube.watches).toEqual([]);
    expect(kube.received.filter((q) => q.query.watch === "true")).toHaveLength(1);
  });

  it("no such Workflow: MLP9131, exit 2", async () => {
    const r = await watch(["workflow/nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("error MLP9131: There is no Workflow 'nope' in namespace 'ml' to watch; check the name and the namespace (-n).");
  });

  it("deleted while watched: MLP9132, exit 2", async () => {
    seedWorkflow();
    once(() => kube.watches.length > 0, () => kube.remove(WORKFLOWS, "fit-abc12"));
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("error MLP9132: Workflow 'fit-abc12' was deleted while mlpc watched it; its outcome is unknown.");
  });

  it("a watch that cannot be opened again: MLP9133 after 4 attempts", async () => {
    seedWorkflow();
    kube.faults.push((q, _res, socket) => {
      if (q.query.watch !== "true") return false;
      socket.destroy();
      return true;
    });
    const r = await watch(["workflow/fit-abc12"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(/^error MLP9133: The watch GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/ml\/workflows\?watch=true failed 4 times in a row, the last with .+; the run goes on, watch it again later\.$/);
  });

  it("usage errors: not KIND/NAME, an unknown kind, a CronWorkflow", async () => {
    expect((await watch(["fit"])).stderr).toBe("mlpc: 'fit' is not KIND/NAME, such as workflow/fit-x7k2p or run/RUN_ID.\n");
    expect((await watch(["pod/x"])).stderr).toBe("mlpc: mlpc watch follows workflow (wf), experiment, inferenceservice (isvc) or run (KFP), not 'pod'.\n");
    const cron = await watch(["cronworkflow/churn"]);
    expect(cron.code).toBe(2);
    expect(cron.stderr).toBe("mlpc: a CronWorkflow is a schedule, not a run: watch one of the Workflows it creates, with workflow/NAME (argo cron get lists them).\n");
    expect((await watch(["workflow/x", "--timeout", "soon"])).stderr).toContain("Give a duration such as 30m, 1h30m, 90s or 500ms.");
    expect(kube.received).toEqual([]);
  });
});

describe("a terminal, and CI", () => {
  /** `mlpc watch` with stdout a terminal and `env`. */
  async function onTerminal(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
    seedWorkflow();
    kube.scripts.set(WORKFLOWS, { statuses: [running, done], everyMs: 20 });
    let stdout = "";
    const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined, stdoutIsTTY: true, stderrIsTTY: true, cwd: dir, env: { HOME: dir, ...env } };
    const code = await main(["watch", "workflow/fit-abc12", "--kubeconfig", "kubeconfig"], io);
    return { code, stdout };
  }

  it("on a terminal the block is redrawn in place", async () => {
    const r = await onTerminal({});
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("workflow/fit-abc12  Pending  elapsed ")).toBe(true);
    expect(r.stdout).toContain("\x1b[2F\x1b[J");
    expect(r.stdout).toMatch(/workflow\/fit-abc12 {2}Succeeded {2}elapsed \S+\n {2}2\/3 steps done, 0 running, 0 failed, 1 skipped\n$/);
  });

  it("with CI set, plain lines even on a terminal", async () => {
    const r = await onTerminal({ CI: "true" });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\x1b");
    expect(lines(r.stdout).at(-1)).toBe("workflow/fit-abc12 Succeeded: 2/3 steps done, 0 running, 0 failed, 1 skipped");
  });
});

describe("mlpc watch experiment/NAME and inferenceservice/NAME", () => {
  it("a Katib Experiment: trial counts, the best trial so far, Succeeded", async () => {
    kube.put(EXPERIMENTS, { apiVersion: "kubeflow.org/v1beta1", kind: "Experiment", metadata: { name: "sweep" } });
    const best = { bestTrialName: "sweep-x2", observation: { metrics: [{ name: "auc", latest: "0.91", max: "0.91", min: "0.9" }] }, parameterAssignments: [{ name: "lr", value: "0.05" }] };
    const cond = (type: string) => [{ type: "Created", status: "True" }, { type, status: "True", reason: `Experiment${type}`, message: "" }];
    kube.scripts.set(EXPERIMENTS, {
      statuses: [
        { conditions: cond("Running"), trialsRunning: 2, trialsPending: 2 },
        { conditions: cond("Running"), trialsSucceeded: 1, trialsRunning: 2, trialsPending: 1, currentOptimalTrial: best },
        { conditions: cond("Succeeded"), trialsSucceeded: 3, trialsFailed: 1, currentOptimalTrial: best },
      ],
      everyMs: 20,
    });
    const r = await watch(["experiment/sweep"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      "experiment/sweep Pending: 0/0 trials done, 0 running, 0 failed",
      "experiment/sweep Running: 0/4 trials done, 2 running, 0 failed, 2 pending",
      "experiment/sweep Running: 1/4 trials done, 2 running, 0 failed, 1 pending; best trial sweep-x2: auc=0.91 (lr=0.05)",
      "experiment/sweep Succeeded: 3/4 trials done, 0 running, 1 failed; best trial sweep-x2: auc=0.91 (lr=0.05)",
    ]);
  });

  it("an InferenceService: Ready with its URL; then one whose predictor fails", async () => {
    kube.put(ISVCS, { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: { name: "scorer", generation: 2 } });
    kube.scripts.set(ISVCS, {
      statuses: [
        { observedGeneration: 1, conditions: [{ type: "Ready", status: "True" }] },
        { observedGeneration: 2, conditions: [{ type: "PredictorReady", status: "Unknown" }, { type: "Ready", status: "Unknown" }] },
        { observedGeneration: 2, url: "http://scorer.ml.example.com", conditions: [{ type: "PredictorReady", status: "True" }, { type: "Ready", status: "True" }] },
      ],
      everyMs: 20,
    });
    const r = await watch(["isvc/scorer"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      "inferenceservice/scorer Pending",
      "inferenceservice/scorer Reconciling; the controller has not seen this spec yet",
      "inferenceservice/scorer RollingOut; waiting for PredictorReady, Ready",
      "inferenceservice/scorer Ready; http://scorer.ml.example.com",
    ]);

    kube.put(ISVCS, { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata: { name: "broken" } });
    kube.scripts.set(ISVCS, {
      statuses: [{ conditions: [{ type: "PredictorReady", status: "False", reason: "RevisionFailed", message: "Container failed with: ModuleNotFoundError" }, { type: "Ready", status: "Unknown" }] }],
      everyMs: 20,
    });
    const bad = await watch(["inferenceservice/broken"]);
    expect(bad.code).toBe(1);
    expect(lines(bad.stdout).at(-1)).toBe("inferenceservice/broken NotReady; PredictorReady is False: RevisionFailed: Container failed with: ModuleNotFoundError");
  });
});

describe("mlpc submit --watch (Kubernetes)", () => {
  const ARGO = ["submit", FIXTURE, "-t", "argo", "--kubeconfig", "kubeconfig", "--param", "data=s3://d", "--watch"];

  it("creates the Workflow, then follows it to Succeeded", async () => {
    kube.scripts.set(WORKFLOWS, { statuses: [running, done], everyMs: 20 });
    const r = await runCli(ARGO, dir, {});
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [first, ...rest] = r.stdout.split("\n");
    expect(first).toBe("workflows.argoproj.io/fit-xxxx1 created in namespace ml");
    expect(lines(rest.join("\n")).at(-1)).toBe("workflow/fit-xxxx1 Succeeded: 2/3 steps done, 0 running, 0 failed, 1 skipped");
    expect(kube.writes()).toHaveLength(1);
  });

  it("applies an Experiment, then follows it to Failed: exit 1", async () => {
    kube.scripts.set(EXPERIMENTS, { statuses: [{ conditions: [{ type: "Failed", status: "True", reason: "ExperimentFailed", message: "max failed trial count reached" }], trialsFailed: 3 }], everyMs: 20 });
    const r = await runCli(["submit", TUNE, "-t", "katib", "--kubeconfig", "kubeconfig", "--watch"], dir, {});
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l !== "").at(-1)).toMatch(/ experiment\/sweep Failed: 0\/3 trials done, 0 running, 3 failed; ExperimentFailed: max failed trial count reached$/);
  });

  it("applies an InferenceService, then follows it to Ready and prints its URL", async () => {
    kube.scripts.set(ISVCS, {
      statuses: [
        { conditions: [{ type: "PredictorReady", status: "Unknown" }, { type: "Ready", status: "Unknown" }] },
        { url: "http://scorer.ml.example.com", conditions: [{ type: "PredictorReady", status: "True" }, { type: "Ready", status: "True" }] },
      ],
      everyMs: 20,
    });
    const r = await runCli(["submit", FIXTURE, "-t", "kserve", "--kubeconfig", "kubeconfig", "--watch", "--timeout", "30s"], dir, {});
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [first, ...rest] = r.stdout.split("\n");
    expect(first).toBe("inferenceservices.serving.kserve.io/scorer applied in namespace ml");
    expect(lines(rest.join("\n"))).toEqual([
      "inferenceservice/scorer Pending",
      "inferenceservice/scorer RollingOut; waiting for PredictorReady, Ready",
      "inferenceservice/scorer Ready; http://scorer.ml.example.com",
    ]);
  });

  it("usage errors before anything is sent: --timeout without --watch, --watch with --dry-run, nothing to watch", async () => {
    const base = ["submit", FIXTURE, "-t", "argo", "--kubeconfig", "kubeconfig", "--param", "data=x"];
    expect((await runCli([...base, "--timeout", "1m"], dir, {})).stderr).toBe("mlpc: --timeout is how long --watch follows the run; give --watch too.\n");
    expect((await runCli([...base, "--watch", "--dry-run"], dir, {})).stderr).toBe("mlpc: --watch follows a run, which --dry-run does not start.\n");
    const template = await runCli([...base, "--watch", "--argo-kind", "workflow-template"], dir, {});
    expect(template.code).toBe(2);
    expect(template.stderr).toBe("mlpc: --watch follows a run (a Workflow, an Experiment, an InferenceService), and -t argo submits none here (a WorkflowTemplate or a CronWorkflow is not a run).\n");
    expect(kube.received).toEqual([]);
  });
});

describe("Ctrl-C in a real process", () => {
  it("SIGINT stops watching, not the run: exit 130 and how to watch again", async () => {
    seedWorkflow();
    kube.scripts.set(WORKFLOWS, { statuses: [running], everyMs: 20 });
    const child = startMlpc(["watch", "workflow/fit-abc12", "--kubeconfig", "kubeconfig"], dir, { env: { HOME: dir } });
    let stdout = "";
    let stderr = "";
    const ended = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) =>
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("Running")) resolve();
      }),
    );
    child.kill("SIGINT");
    expect(await ended).toBe(130);
    expect(stderr).toBe(
      "mlpc: stopped watching (interrupted); workflow/fit-abc12 goes on: nothing was stopped or deleted. Watch it again with: mlpc watch workflow/fit-abc12 -n ml --kubeconfig kubeconfig\n",
    );
    expect(lines(stdout).at(-1)).toBe("workflow/fit-abc12 Running: 0/1 steps done, 1 running, 0 failed; running: prep");
    expect(kube.writes()).toEqual([]);
  }, 30_000);
});
