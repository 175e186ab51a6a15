import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runCli, type Ran } from "./run.js";
import { FakeKfp, KFP_TOKEN, rpcError } from "./fake-kfp.js";
import { kubeconfig } from "./fake-kube.js";

const FIXTURE = fileURLToPath(new URL("./fixtures.mlpipe", import.meta.url));
const SCHEDULED = fileURLToPath(new URL("./scheduled.mlpipe", import.meta.url));

let kfp: FakeKfp;
let host: string;
let dir: string;

beforeEach(async () => {
  kfp = new FakeKfp();
  host = await kfp.start();
  dir = mkdtempSync(join(tmpdir(), "mlpc-kfp-"));
});

afterEach(async () => {
  // Every request mlpc sent is one the swagger allows, whatever the test was about.
  expect(kfp.violations).toEqual([]);
  await kfp.stop();
  rmSync(dir, { recursive: true, force: true });
});


/** Runs `mlpc submit FILE -t kfp --kfp-host HOST ARGS` in this process with the token in KFP_TOKEN and a fast retry. */
async function submit(args: readonly string[], env: Record<string, string> = { KFP_TOKEN }, file = FIXTURE, withHost = true): Promise<Ran> {
  return runCli(["submit", file, "-t", "kfp", ...(withHost ? ["--kfp-host", host] : []), ...args], dir, env);
}

const DATA = ["--param", "data=s3://d"];

/** The openssl command, when the machine has one (for a self-signed certificate). */
const OPENSSL = ["/usr/bin/openssl", "/usr/local/bin/openssl"].find((p) => existsSync(p));

/** A fresh self-signed certificate for 127.0.0.1 and its key, in PEM. */
function selfSigned(): { key: string; cert: string } {
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync(OPENSSL ?? "openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", keyFile, "-out", certFile], { stdio: "ignore" });
  return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
}

/** The (uncoloured) first line of the diagnostics. */
function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** The `filter` of a list request, parsed. */
function filterOf(query: Record<string, string>): unknown {
  return JSON.parse(query.filter) as unknown;
}

/** The file `mlpc compile -t kfp` writes for the fixture. */
async function compiled(file = FIXTURE): Promise<string> {
  let out = "";
  const code = await main(["compile", "-t", "kfp", file], { stdout: (t) => void (out += t), stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: { HOME: dir } });
  expect(code).toBe(0);
  return out;
}

/** The hex run token from a run line. */
function token(stdout: string): string {
  return /run fit-([0-9a-f]{8}) created/.exec(stdout)?.[1] ?? "";
}

describe("mlpc submit -t kfp: success", () => {
  it("creates the pipeline, uploads its version named by content hash and creates a run in the default experiment", async () => {
    const r = await submit(DATA);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const content = await compiled();
    const version = kfp.stored.versions[0];
    expect(version.content).toBe(content);
    expect(version.name).toMatch(/^fit-[0-9a-f]{12}$/);
    const t = token(r.stdout);
    expect(r.stdout).toBe(
      `pipeline fit created (pipeline_id p-1)\npipeline version ${version.name} uploaded (pipeline_version_id v-2)\nrun fit-${t} created (run_id r-3)\n`,
    );
    expect(kfp.received.map((q) => [q.method, q.path])).toEqual([
      ["GET", "/apis/v2beta1/pipelines"],
      ["POST", "/apis/v2beta1/pipelines"],
      ["GET", "/apis/v2beta1/pipelines/p-1/versions"],
      ["POST", "/apis/v2beta1/pipelines/upload_version"],
      ["POST", "/apis/v2beta1/runs"],
    ]);
    expect(kfp.received.every((q) => q.authorization === `Bearer ${KFP_TOKEN}`)).toBe(true);
    expect(filterOf(kfp.received[0].query)).toEqual({ predicates: [{ key: "name", operation: "EQUALS", string_value: "fit" }] });
    expect(kfp.received[1].body).toEqual({ name: "fit", display_name: "fit" });
    expect(kfp.received[3].query).toMatchObject({ name: version.name, pipelineid: "p-1" });
    expect(kfp.received[3].contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(kfp.received[4].body).toEqual({
      display_name: `fit-${t}`,
      description: expect.stringMatching(new RegExp(`^Submitted by mlpc; content sha256 [0-9a-f]{12}; client token ${t}\\.$`)),
      pipeline_version_reference: { pipeline_id: "p-1", pipeline_version_id: "v-2" },
      runtime_config: { parameters: { data: "s3://d" } },
    });
  });

  it("types --param values as KFP expects them: numbers, booleans, JSON", async () => {
    const r = await submit([...DATA, "--param", "epochs=7", "--param", "lr=-1.5e-3", "--param", "full=true"]);
    expect(r.code).toBe(0);
    expect(kfp.stored.runs[0].runtime_config).toEqual({ parameters: { data: "s3://d", epochs: 7, lr: -0.0015, full: true } });
  });

  it("re-submitting the same file reuses the pipeline and its version and creates a new run", async () => {
    await submit(DATA);
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    const version = kfp.stored.versions[0];
    expect(r.stdout).toBe(`pipeline version ${version.name} unchanged (pipeline_version_id v-2)\nrun fit-${token(r.stdout)} created (run_id r-4)\n`);
    expect([kfp.stored.pipelines.length, kfp.stored.versions.length, kfp.stored.runs.length]).toEqual([1, 1, 2]);
  });

  it("a changed file adds a version to the pipeline of that name", async () => {
    await submit(DATA);
    const changed = join(dir, "fixtures.mlpipe");
    writeFileSync(changed, readFileSync(FIXTURE, "utf8").replace("train:1.0.0", "train:1.0.1"));
    const r = await submit(DATA, { KFP_TOKEN }, changed);
    expect(r.code).toBe(0);
    expect(kfp.stored.versions.map((v) => v.pipeline_id)).toEqual(["p-1", "p-1"]);
    expect(kfp.stored.versions[0].name).not.toBe(kfp.stored.versions[1].name);
    expect(r.stdout).toMatch(/^pipeline version fit-[0-9a-f]{12} uploaded \(pipeline_version_id v-4\)\nrun fit-[0-9a-f]{8} created \(run_id r-5\)\n$/);
    expect(kfp.stored.runs[1].pipeline_version_reference).toEqual({ pipeline_id: "p-1", pipeline_version_id: "v-4" });
  });

  it("--experiment creates the experiment once, --namespace reaches every list and create", async () => {
    const r = await submit([...DATA, "--experiment", "churn", "-n", "team-a"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("experiment churn created (experiment_id e-1)");
    expect(kfp.received[0].query.namespace).toBe("team-a");
    expect(kfp.received[1].body).toEqual({ display_name: "churn", namespace: "team-a" });
    expect(kfp.stored.pipelines[0].namespace).toBe("team-a");
    expect(kfp.stored.runs[0].experiment_id).toBe("e-1");
    const again = await submit([...DATA, "--experiment", "churn", "-n", "team-a"]);
    expect(again.stdout).not.toContain("experiment churn created");
    expect([kfp.stored.experiments.length, kfp.stored.runs.length]).toEqual([1, 2]);
    expect(kfp.stored.runs[1].experiment_id).toBe("e-1");
  });

  it("prints the run page when the UI's address is known", async () => {
    const r = await submit([...DATA, "--kfp-ui", "https://kubeflow.example.com/pipeline/"]);
    expect(r.stdout.split("\n").slice(-2)[0]).toBe("Run page: https://kubeflow.example.com/pipeline/#/runs/details/r-3");
  });

  it("reads kfp.host and kfp.uiUrl from the config file; --kfp-host wins", async () => {
    const file = join(dir, "fixtures.mlpipe");
    writeFileSync(file, readFileSync(FIXTURE, "utf8"));
    writeFileSync(join(dir, "mlpc.config.yaml"), `kfp:\n  host: ${host}\n  uiUrl: https://ui.example.com\n`);
    const r = await submit(DATA, { KFP_TOKEN }, file, false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Run page: https://ui.example.com/#/runs/details/r-3\n");
    writeFileSync(join(dir, "mlpc.config.yaml"), "kfp:\n  host: http://127.0.0.1:9\n");
    expect((await submit(DATA, { KFP_TOKEN }, file)).code).toBe(0);
  });

  it("reads the token from --kfp-token-file before KFP_TOKEN", async () => {
    writeFileSync(join(dir, "token"), `${KFP_TOKEN}\n`);
    const r = await submit([...DATA, "--kfp-token-file", "token"], { KFP_TOKEN: "stale" });
    expect(r.code).toBe(0);
    expect(kfp.received[0].authorization).toBe(`Bearer ${KFP_TOKEN}`);
  });

  it("without a token file or KFP_TOKEN, the kubeconfig's user's token (of --context) is sent", async () => {
    writeFileSync(join(dir, "kubeconfig"), kubeconfig("http://127.0.0.1:9", KFP_TOKEN));
    const r = await submit([...DATA, "--kubeconfig", "kubeconfig", "--context", "other"], {});
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(kfp.received.every((q) => q.authorization === `Bearer ${KFP_TOKEN}`)).toBe(true);
    const bad = await submit([...DATA, "--kubeconfig", "kubeconfig", "--context", "prod"], {});
    expect(firstLine(bad.stderr)).toBe("error MLP9032: The kubeconfig has no context 'prod'; its contexts are 'test', 'other'.");
    expect(firstLine((await submit([...DATA, "--kubeconfig", "nope"], {})).stderr)).toBe("error MLP9031: Cannot use the kubeconfig 'nope': no such file.");
  });

  it.skipIf(OPENSSL === undefined)("https: a certificate that does not verify is refused; --insecure-skip-tls-verify accepts it, with a warning", async () => {
    await kfp.stop();
    kfp = new FakeKfp();
    host = await kfp.start(selfSigned());
    const refused = await submit(DATA);
    expect(refused.code).toBe(2);
    expect(firstLine(refused.stderr)).toBe(`error MLP9063: Cannot reach the KFP API server at ${host}: self-signed certificate.`);
    expect(kfp.received).toEqual([]);
    const accepted = await submit([...DATA, "--insecure-skip-tls-verify"]);
    expect(accepted.code).toBe(0);
    expect(firstLine(accepted.stderr)).toBe(
      `warning MLP9078: TLS verification is off for ${host} (--insecure-skip-tls-verify): the bearer token is sent to whoever answers; use it only against a test server.`,
    );
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("--dry-run sends nothing and prints every request it would send", async () => {
    const r = await submit([...DATA, "--dry-run", "--experiment", "churn"]);
    expect(r.code).toBe(0);
    expect(kfp.received).toEqual([]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`KFP dry run: nothing is sent to ${host}. A submit would send:`);
    expect(lines.filter((l) => /^(GET|POST) /.test(l)).map((l) => l.split("?")[0].split("   (")[0])).toEqual([
      "GET /apis/v2beta1/experiments",
      "POST /apis/v2beta1/experiments",
      "GET /apis/v2beta1/pipelines",
      "POST /apis/v2beta1/pipelines",
      "GET /apis/v2beta1/pipelines/<pipeline_id of 'fit'>/versions",
      "POST /apis/v2beta1/pipelines/upload_version",
      "POST /apis/v2beta1/runs",
    ]);
    expect(r.stdout).toContain(`  uploadfile: fit.kfp.yaml (${Buffer.byteLength(await compiled())} bytes)\n`);
    expect(r.stdout).toContain('      "data": "s3://d"\n');
  });
});

describe("mlpc submit -t kfp: a schedule is a recurring run", () => {
  it("creates a recurring run with KFP's six-field cron, once", async () => {
    const r = await submit(["--kfp-ui", "http://ui"], { KFP_TOKEN }, SCHEDULED);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(-3).join("\n")).toBe(
      "recurring run nightly created (recurring_run_id rr-3, cron 0 0 3 * * *)\nRecurring run page: http://ui/#/recurringrun/details/rr-3\n",
    );
    expect(kfp.writes().at(-1)?.body).toEqual({
      display_name: "nightly",
      description: expect.stringMatching(/^Submitted by mlpc; content sha256 [0-9a-f]{12}\.$/),
      pipeline_version_reference: { pipeline_id: "p-1", pipeline_version_id: "v-2" },
      runtime_config: { parameters: {} },
      max_concurrency: "1",
      trigger: { cron_schedule: { cron: "0 0 3 * * *" } },
      mode: "ENABLE",
      no_catchup: true,
    });
    expect(kfp.stored.runs).toEqual([]);
    const again = await submit([], { KFP_TOKEN }, SCHEDULED);
    expect(again.stdout).toBe(`pipeline version ${kfp.stored.versions[0].name} unchanged (pipeline_version_id v-2)\nrecurring run nightly unchanged (recurring_run_id rr-3)\n`);
    expect(kfp.stored.recurringRuns).toHaveLength(1);
  });

  it("a recurring run of that name with other parameters is an error, not a second schedule", async () => {
    await submit([], { KFP_TOKEN }, SCHEDULED);
    const r = await submit(["--param", "lr=0.5"], { KFP_TOKEN }, SCHEDULED);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9077: The recurring run 'nightly' in the default experiment runs another version of the pipeline or another schedule, and KFP cannot change a recurring run; delete it (or give this one another experiment with --experiment) and submit again.",
    );
    expect(kfp.stored.recurringRuns).toHaveLength(1);
  });

  it("a schedule's time zone is a warning: KFP's cron has none", async () => {
    const churn = fileURLToPath(new URL("../cli/fixtures/churn.mlpipe", import.meta.url));
    const r = await submit([], { KFP_TOKEN }, churn);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning MLP9079: A KFP recurring run has no time zone, so the schedule runs in the API server's time zone (usually UTC), not in 'Europe/Berlin'.");
    expect(r.stderr).not.toContain("MLP4023");
  });
});

describe("mlpc submit -t kfp: run inputs and settings are checked before any request", () => {
  it("an unknown parameter, a wrong type, a missing required parameter", async () => {
    expect(firstLine((await submit(["--param", "data=x", "--param", "epoch=3"])).stderr)).toBe(
      "error MLP9044: Pipeline 'fit' has no parameter 'epoch'; its parameters are 'data', 'epochs', 'lr', 'full'.",
    );
    expect(firstLine((await submit(["--param", "data=x", "--param", "epochs=3.5"])).stderr)).toBe("error MLP9045: --param epochs: '3.5' is not a Int; give a whole number such as 3.");
    const missing = await submit([]);
    expect(missing.code).toBe(2);
    expect(firstLine(missing.stderr)).toMatch(/fixtures\.mlpipe:11:9 - error MLP9046: Pipeline 'fit' needs a value for its parameter 'data', which has no default; give --param data=VALUE\.$/);
    expect(kfp.received).toEqual([]);
  });

  it("--artifact: KFP's API cannot pass one; a name that is no artifact input", async () => {
    const art = join(dir, "art.mlpipe");
    writeFileSync(
      art,
      'component c {\n  image "ghcr.io/acme/c:1.0.0"\n  input d: Dataset\n  run ["c", d.path]\n}\n\npipeline p {\n  param d: Dataset\n  param n: Int = 1\n  c(d: d)\n}\n',
    );
    const r = await submit(["--artifact", "d=s3://b/k"], { KFP_TOKEN }, art);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error MLP9072: --artifact d: the KFP API (v2beta1) starts a run with parameters only (runtime_config.parameters), not input artifacts; take the URI as a String parameter (--param) and import the artifact inside the pipeline.",
    );
    expect(firstLine((await submit(["--artifact", "x=s3://b/k"], { KFP_TOKEN }, art)).stderr)).toBe("error MLP9074: Pipeline 'p' has no artifact input 'x'; its artifact inputs are 'd'.");
    expect((await submit(["--artifact", "n=s3://b/k"], { KFP_TOKEN }, art)).stderr).toContain("error MLP9075: 'n' is a parameter of pipeline 'p', not an artifact input; give it with --param n=VALUE.");
    expect(firstLine((await submit(["--artifact", "d"], { KFP_TOKEN }, art)).stderr)).toBe("error MLP9073: --artifact 'd' is not NAME=URI.");
    expect(kfp.received).toEqual([]);
  });

  it("no KFP host anywhere; a host that is not an http(s) URL", async () => {
    const none = await submit([...DATA, "--no-config"], { KFP_TOKEN }, FIXTURE, false);
    expect(none.code).toBe(2);
    expect(firstLine(none.stderr)).toBe("error MLP9060: No KFP API server to submit to; give --kfp-host URL or set kfp.host in the config file.");
    expect(firstLine((await submit([...DATA, "--kfp-host", "ml-pipeline:8888"], { KFP_TOKEN }, FIXTURE, false)).stderr)).toBe(
      "error MLP9061: --kfp-host 'ml-pipeline:8888' is not an http:// or https:// URL.",
    );
  });

  it("a token file that does not exist or is empty", async () => {
    expect(firstLine((await submit([...DATA, "--kfp-token-file", "nope"])).stderr)).toBe("error MLP9062: Cannot read the KFP token file 'nope': no such file.");
    writeFileSync(join(dir, "empty"), "\n");
    expect(firstLine((await submit([...DATA, "--kfp-token-file", "empty"])).stderr)).toBe("error MLP9062: Cannot read the KFP token file 'empty': it is empty.");
    expect(kfp.received).toEqual([]);
  });

  it("Kubernetes-only and KFP-only options are usage errors on the other targets", async () => {
    expect((await submit([...DATA, "--force-conflicts"])).stderr).toBe("mlpc: --force-conflicts is an option of server-side apply, which -t kfp does not use.\n");
    let err = "";
    const code = await main(["submit", FIXTURE, "-t", "kserve", "--experiment", "x"], { stdout: () => undefined, stderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: { HOME: dir } });
    expect([code, err]).toEqual([2, "mlpc: --experiment is an option of -t kfp.\n"]);
  });
});

describe("mlpc submit -t kfp: server answers", () => {
  it("401: the token is rejected", async () => {
    const r = await submit(DATA, {});
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `error MLP9064: The KFP API server at ${host} rejects the credentials (401 Unauthorized): Unauthenticated: Request header error: there is no user identity header.; give a valid bearer token with --kfp-token-file FILE or KFP_TOKEN.`,
    );
  });

  it("403: the request, the namespace and the server's message", async () => {
    kfp.faults.push((q, res) => q.method === "GET" && rpcError(res, 403, 7, "PermissionDenied: user alice cannot list pipelines in namespace team-b"));
    const r = await submit([...DATA, "-n", "team-b"]);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9065: The KFP API server does not allow GET /apis/v2beta1/pipelines in namespace 'team-b' (403 Forbidden): PermissionDenied: user alice cannot list pipelines in namespace team-b; ask for access to the profile (namespace) or pick yours with --namespace.",
    );
  });

  it("404: a host that is not the KFP API", async () => {
    kfp.faults.push((_q, res) => rpcError(res, 404, 5, "page not found"));
    const r = await submit(DATA);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9066: GET /apis/v2beta1/pipelines failed with 404 Not Found: page not found; check that --kfp-host is the address of the KFP API (such as https://host/pipeline).",
    );
  });

  it("400: the server's message for an invalid request, at the pipeline's declaration", async () => {
    kfp.faults.push((q, res) => q.path === "/apis/v2beta1/runs" && rpcError(res, 400, 3, "Invalid input error: parameter 'data' is not a string"));
    const r = await submit(DATA);
    expect(firstLine(r.stderr)).toBe(`${FIXTURE}:10:10 - error MLP9067: The KFP API server rejects POST /apis/v2beta1/runs as invalid (400): Invalid input error: parameter 'data' is not a string.`);
    expect(kfp.stored.runs).toEqual([]);
  });

  it("409: a pipeline created by someone else between mlpc's look and its create", async () => {
    kfp.faults.push((q, res) => q.method === "POST" && q.path === "/apis/v2beta1/pipelines" && rpcError(res, 409, 6, "Already exist error: pipeline with name fit already exists"));
    const r = await submit(DATA);
    expect(firstLine(r.stderr)).toBe("error MLP9068: POST /apis/v2beta1/pipelines conflicts with what the KFP API server has (409 Conflict): Already exist error: pipeline with name fit already exists.");
  });

  it("an unreachable server", async () => {
    await kfp.stop();
    const r = await submit(DATA);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(new RegExp(`^error MLP9063: Cannot reach the KFP API server at ${host.replace(/\./g, "\\.")}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\.$`));
  });
});

describe("mlpc submit -t kfp: faults are retried where safe, and nothing is created twice", () => {
  /** Injects `fault` into the first `times` requests that `match`. */
  function inject(times: number, match: (q: { method: string; path: string }) => boolean, fault: Parameters<FakeKfp["faults"]["push"]>[0]): void {
    let left = times;
    kfp.faults.push((q, res, socket) => (match(q) && left-- > 0 ? fault(q, res, socket) : false));
  }
  const isRunCreate = (q: { method: string; path: string }) => q.method === "POST" && q.path === "/apis/v2beta1/runs";
  const isListPipelines = (q: { method: string; path: string }) => q.method === "GET" && q.path === "/apis/v2beta1/pipelines";

  it("429 on a create is retried after Retry-After (the server did not act)", async () => {
    inject(1, isRunCreate, (_q, res) => rpcError(res, 429, 8, "too many requests", { "retry-after": "1" }));
    const started = Date.now();
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(kfp.received.filter(isRunCreate)).toHaveLength(2);
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("500 and 503 on a read are retried", async () => {
    let n = 0;
    inject(2, isListPipelines, (_q, res) => rpcError(res, n++ === 0 ? 500 : 503, 14, "unavailable"));
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    expect(kfp.received.filter(isListPipelines)).toHaveLength(3);
  });

  it("a reset connection on a read is retried", async () => {
    inject(1, isListPipelines, (_q, _res, socket) => {
      socket.destroy();
      return true;
    });
    expect((await submit(DATA)).code).toBe(0);
    expect(kfp.received.filter(isListPipelines)).toHaveLength(2);
  });

  it("a read slower than --request-timeout is retried", async () => {
    inject(1, isListPipelines, () => ({ delayMs: 1500 }));
    const r = await submit([...DATA, "--request-timeout", "1"]);
    expect(r.code).toBe(0);
    expect(kfp.received.filter(isListPipelines)).toHaveLength(2);
    expect(kfp.stored.pipelines).toHaveLength(1);
  });

  it("a run created but its answer lost: mlpc finds it by its name and does not create another", async () => {
    inject(1, isRunCreate, () => "lose");
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    expect(kfp.stored.runs).toHaveLength(1);
    expect(kfp.received.filter(isRunCreate)).toHaveLength(1);
    const t = token(r.stdout);
    expect(r.stdout).toContain(`run fit-${t} created (run_id r-3) (found after its create's answer was lost: created once)\n`);
    const look = kfp.received.at(-1);
    expect([look?.method, look?.path]).toEqual(["GET", "/apis/v2beta1/runs"]);
    expect(filterOf(look?.query ?? {})).toEqual({ predicates: [{ key: "display_name", operation: "EQUALS", string_value: `fit-${t}` }] });
  });

  it("a run created but answered 500: found, not created again", async () => {
    inject(1, isRunCreate, () => "500");
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("a run create answered too late (timeout): found, not created again", async () => {
    inject(1, isRunCreate, () => ({ delayMs: 1500 }));
    const r = await submit([...DATA, "--request-timeout", "1"]);
    expect(r.code).toBe(0);
    expect(kfp.stored.runs).toHaveLength(1);
    expect(kfp.received.filter(isRunCreate)).toHaveLength(1);
  });

  it("a run create that fails with 500 before acting: nothing found, so it is sent again, once", async () => {
    inject(1, isRunCreate, (_q, res) => rpcError(res, 500, 13, "Internal error"));
    const r = await submit(DATA);
    expect(r.code).toBe(0);
    expect(kfp.received.filter(isRunCreate)).toHaveLength(2);
    expect(kfp.stored.runs).toHaveLength(1);
  });

  it("a pipeline, a version, an experiment and a recurring run whose creates lose their answers: each exists once", async () => {
    const creates = ["/apis/v2beta1/pipelines", "/apis/v2beta1/pipelines/upload_version", "/apis/v2beta1/experiments", "/apis/v2beta1/recurringruns"];
    for (const path of creates) inject(1, (q) => q.method === "POST" && q.path === path, () => "lose");
    const r = await submit(["--experiment", "nightly"], { KFP_TOKEN }, SCHEDULED);
    expect(r.code).toBe(0);
    expect([kfp.stored.pipelines.length, kfp.stored.versions.length, kfp.stored.experiments.length, kfp.stored.recurringRuns.length]).toEqual([1, 1, 1, 1]);
    expect(r.stdout.match(/found after its create's answer was lost/g)).toHaveLength(4);
    for (const path of creates) expect(kfp.received.filter((q) => q.method === "POST" && q.path === path)).toHaveLength(1);
  });

  it("a read that never answers in --request-timeout: retried, then reported as a timeout", async () => {
    kfp.faults.push((q) => (isListPipelines(q) ? { delayMs: 1500 } : false));
    const r = await submit([...DATA, "--request-timeout", "1"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(`error MLP9069: The KFP API server at ${host} did not answer GET /apis/v2beta1/pipelines within 1s.`);
    expect(kfp.received.filter(isListPipelines)).toHaveLength(4);
    expect(kfp.writes()).toEqual([]);
  });

  it("gives up after 4 attempts of a read", async () => {
    kfp.faults.push((q, res) => isListPipelines(q) && rpcError(res, 503, 14, "unavailable"));
    const r = await submit(DATA);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe("error MLP9070: GET /apis/v2beta1/pipelines failed 4 times, the last with 503 unavailable; giving up.");
    expect(kfp.received.filter(isListPipelines)).toHaveLength(4);
    expect(kfp.writes()).toEqual([]);
  });

  it("gives up on a create after 4 unknown outcomes, having looked after each: still at most one run", async () => {
    kfp.faults.push((q, res) => isRunCreate(q) && rpcError(res, 503, 14, "unavailable"));
    const r = await submit(DATA);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe("error MLP9070: POST /apis/v2beta1/runs failed 4 times, the last with 503 unavailable; giving up.");
    expect(kfp.received.filter(isRunCreate)).toHaveLength(4);
    expect(kfp.received.filter((q) => q.method === "GET" && q.path === "/apis/v2beta1/runs")).toHaveLength(4);
    expect(kfp.stored.runs).toEqual([]);
  });
});

describe("the fake KFP API server checks requests against the swagger", () => {
  it("refuses a misspelt field, an unknown query parameter and a body where none is taken", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${host}${path}`, { method: "POST", headers: { authorization: `Bearer ${KFP_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post("/apis/v2beta1/experiments", { displayName: "x" })).status).toBe(400);
    expect((await post("/apis/v2beta1/runs", { display_name: "r", runtime_config: { parameters: {}, pipelineRoot: "s3://x" } })).status).toBe(400);
    const list = await fetch(`${host}/apis/v2beta1/pipelines?pageSize=1`, { headers: { authorization: `Bearer ${KFP_TOKEN}` } });
    expect(list.status).toBe(400);
    expect(kfp.violations).toEqual([
      "POST /apis/v2beta1/experiments: the body is not a v2beta1Experiment: data must NOT have additional properties",
      "POST /apis/v2beta1/runs: the body is not a v2beta1Run: data/runtime_config must NOT have additional properties",
      "GET /apis/v2beta1/pipelines: unknown query parameter 'pageSize'",
    ]);
    kfp.violations.length = 0;
  });
});
