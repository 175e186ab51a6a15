import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run.js";
import { FakeKfp, KFP_TOKEN, rpcError } from "./fake-kfp.js";
import { FakeKube, kubeconfig, REVIEWS } from "./fake-kube.js";

const FIXTURE = fileURLToPath(new URL("./fixtures.mlpipe", import.meta.url));
const SCHEDULED = fileURLToPath(new URL("./scheduled.mlpipe", import.meta.url));

let kfp: FakeKfp;
let host: string;
let dir: string;

beforeEach(async () => {
  kfp = new FakeKfp();
  host = await kfp.start();
  dir = mkdtempSync(join(tmpdir(), "mlpc-watch-kfp-"));
});

afterEach(async () => {
  expect(kfp.violations).toEqual([]);
  await kfp.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FAST = { KFP_TOKEN, MLPC_POLL_MS: "5" };
const SUBMIT = ["submit", FIXTURE, "-t", "kfp", "--param", "data=s3://d", "--watch"];

/** The timestamped lines of stdout, without their timestamps (checked). */
function watchLines(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((l) => /^\d{4}-/.test(l))
    .map((l) => {
      expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ run\//);
      return l.slice("2026-12-06T05:00:00Z ".length);
    });
}

const task = (display_name: string, state: string, extra: Record<string, unknown> = {}) => ({ task_id: `t-${display_name}`, display_name, state, ...extra });
const ROOT = task("root", "RUNNING", { child_tasks: [{ task_id: "t-prep" }, { task_id: "t-train" }] });

describe("submit -t kfp --watch and mlpc watch run/ID: the run's state polled", () => {
  it("to SUCCEEDED: one line per change (the root DAG not counted), exit 0", async () => {
    kfp.progression.push(
      { state: "PENDING" },
      { state: "RUNNING", run_details: { task_details: [ROOT, task("prep", "RUNNING")] } },
      { state: "RUNNING", run_details: { task_details: [ROOT, task("prep", "RUNNING")] } },
      { state: "RUNNING", run_details: { task_details: [ROOT, task("prep", "SUCCEEDED"), task("train", "RUNNING")] } },
      { state: "SUCCEEDED", run_details: { task_details: [{ ...ROOT, state: "SUCCEEDED" }, task("prep", "SKIPPED"), task("train", "SUCCEEDED")] } },
    );
    const r = await runCli([...SUBMIT, "--kfp-host", host], dir, FAST);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[2]).toMatch(/^run fit-[0-9a-f]{8} created \(run_id r-3\)$/);
    expect(watchLines(r.stdout)).toEqual([
      "run/r-3 PENDING: 0/0 tasks done, 0 running, 0 failed",
      "run/r-3 RUNNING: 0/1 tasks done, 1 running, 0 failed; running: prep",
      "run/r-3 RUNNING: 1/2 tasks done, 1 running, 0 failed; running: train",
      "run/r-3 SUCCEEDED: 1/2 tasks done, 0 running, 0 failed, 1 skipped",
    ]);
    const polls = kfp.received.filter((q) => q.method === "GET" && q.path === "/apis/v2beta1/runs/r-3");
    expect(polls).toHaveLength(5);
  });

  it("to FAILED: the run's error, exit 1; a 503 while polling is retried", async () => {
    let left = 1;
    kfp.faults.push((q, res) => q.path === "/apis/v2beta1/runs/r-3" && left-- > 0 && rpcError(res, 503, 14, "unavailable"));
    kfp.progression.push({
      state: "FAILED",
      error: { code: 2, message: "task 'train' exited with code 1" },
      run_details: { task_details: [task("prep", "SUCCEEDED"), task("train", "FAILED", { error: { message: "exit code 1" } })] },
    });
    const r = await runCli([...SUBMIT, "--kfp-host", host], dir, FAST);
    expect(r.code).toBe(1);
    expect(watchLines(r.stdout)).toEqual(["run/r-3 FAILED: 1/2 tasks done, 0 running, 1 failed; task train failed: task 'train' exited with code 1"]);
  });

  it("mlpc watch run/ID: --timeout ends the watch with 124 and says how to watch again", async () => {
    await runCli(["submit", FIXTURE, "-t", "kfp", "--param", "data=s3://d", "--kfp-host", host], dir, FAST);
    for (let i = 0; i < 100; i++) kfp.progression.push({ state: "RUNNING" });
    const r = await runCli(["watch", "run/r-3", "--kfp-host", host, "--timeout", "300ms"], dir, FAST);
    expect(r.code).toBe(124);
    expect(watchLines(r.stdout)).toEqual(["run/r-3 RUNNING: 0/0 tasks done, 0 running, 0 failed"]);
    expect(r.stderr).toBe(`mlpc: stopped watching after 0.3s (--timeout); run/r-3 goes on. Watch it again with: mlpc watch run/r-3 --kfp-host ${host}\n`);
    // The poll waits double while nothing changes: far fewer polls than 300 ms / 5 ms.
    const polls = kfp.received.filter((q) => q.path === "/apis/v2beta1/runs/r-3").length;
    expect(polls).toBeLessThan(12);
    expect(kfp.writes().filter((q) => q.path.includes(":"))).toEqual([]);
  });

  it("mlpc watch run/ID of no run: the server's 404 (MLP9066), exit 2", async () => {
    const r = await runCli(["watch", "run/nope", "--kfp-host", host], dir, FAST);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      "error MLP9066: GET /apis/v2beta1/runs/nope failed with 404 Not Found: Run nope not found; check that --kfp-host is the address of the KFP API (such as https://host/pipeline).",
    );
  });

  it("mlpc watch run/ID finds the KFP API in the config file above the current directory", async () => {
    await runCli(["submit", FIXTURE, "-t", "kfp", "--param", "data=s3://d", "--kfp-host", host], dir, FAST);
    writeFileSync(join(dir, "mlpc.config.yaml"), `kfp:\n  host: ${host}\n`);
    kfp.progression.push({ state: "SUCCEEDED" });
    const r = await runCli(["watch", "run/r-3"], dir, FAST);
    expect(r.code).toBe(0);
    expect(watchLines(r.stdout)).toEqual(["run/r-3 SUCCEEDED: 0/0 tasks done, 0 running, 0 failed"]);
  });

  it("--watch with a scheduled pipeline is a usage error before any request", async () => {
    const r = await runCli(["submit", SCHEDULED, "-t", "kfp", "--kfp-host", host, "--watch"], dir, FAST);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mlpc: --watch follows a run, and a pipeline with a schedule becomes a recurring run, which starts its runs later.\n");
    expect(kfp.received).toEqual([]);
  });
});

describe("submit -t kfp: KFP's multi-user permission checked first", () => {
  let kube: FakeKube;
  beforeEach(async () => {
    kube = new FakeKube();
    writeFileSync(join(dir, "kubeconfig"), kubeconfig(await kube.start()));
    writeFileSync(join(dir, "token"), `${KFP_TOKEN}\n`);
  });
  afterEach(() => kube.stop());

  const ARGS = ["submit", FIXTURE, "-t", "kfp", "--param", "data=s3://d", "--kfp-token-file", "token", "--kubeconfig", "kubeconfig", "-n", "team-a", "--experiment", "fit"];

  it("asks create on runs and experiments of pipelines.kubeflow.org in the namespace, then submits", async () => {
    const r = await runCli([...ARGS, "--kfp-host", host], dir, {});
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const run = /run (fit-[0-9a-f]{8}) created/.exec(r.stdout)?.[1];
    expect(kube.reviews()).toEqual([
      { namespace: "team-a", verb: "create", group: "pipelines.kubeflow.org", resource: "experiments" },
      { namespace: "team-a", verb: "create", group: "pipelines.kubeflow.org", resource: "runs", name: run },
    ]);
    expect(kube.problems).toEqual([]);
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("a denied verb: MLP9130 at the pipeline, naming verb, resource, namespace and user; nothing sent to KFP", async () => {
    kube.deny.push({ verb: "create", group: "pipelines.kubeflow.org", resource: "runs", namespace: "team-a" });
    const r = await runCli([...ARGS, "--kfp-host", host], dir, {});
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(
        `fixtures\\.mlpipe:10:10 - error MLP9130: The cluster does not allow the user 'tester' to create runs\\.pipelines\\.kubeflow\\.org in namespace 'team-a', which the KFP API server checks before it lets submit create run 'fit-[0-9a-f]{8}'; nothing was created: ask the owner of the profile 'team-a' to add you as a contributor \\(or for a Role granting the verb 'create' on 'runs\\.pipelines\\.kubeflow\\.org' there\\)\\.$`,
      ),
    );
    expect(kfp.received).toEqual([]);
  });

  it("no kubeconfig: no review, the run is submitted", async () => {
    const r = await runCli(["submit", FIXTURE, "-t", "kfp", "--param", "data=s3://d", "--kfp-host", host, "-n", "team-a"], dir, { KFP_TOKEN });
    expect(r.code).toBe(0);
    expect(kube.received.filter((q) => q.path === REVIEWS)).toEqual([]);
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("a cluster that answers no reviews (404): submitted, KFP's own answer speaks", async () => {
    kube.reviewsServed = false;
    const r = await runCli([...ARGS, "--kfp-host", host], dir, {});
    expect(r.code).toBe(0);
    expect(kfp.stored.runs).toHaveLength(1);
  });
});
