import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runMlpc, startMlpc, type Run } from "../cli/support.js";

/**
 * `mlpc run` as users run it (the built CLI in a child process, the process runner, plain lines as
 * in CI): failures and their diagnostics, retries and `finally`, timeouts, Ctrl-C, outputs that are
 * not written, the local cache, importers, serves, secrets and the JSON record.
 */

const root = mkdtempSync(join(tmpdir(), "mlpc-run-faults-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = () => ({ XDG_CACHE_HOME: join(root, "cache"), CI: "1", MLPC_SECRET_API_TOKEN: undefined });

/** Writes `text` as `<name>.mlpipe` in the scratch folder and runs it. */
function run(name: string, text: string, args: readonly string[] = [], extraEnv: Record<string, string | undefined> = {}): Run {
  writeFileSync(join(root, `${name}.mlpipe`), text);
  return runMlpc(["run", `${name}.mlpipe`, "--runner", "process", "--workdir", `work-${name}`, ...args], root, { env: { ...env(), ...extraEnv }, timeout: 60_000 });
}

interface JsonRecord {
  status: string;
  tasks: { id: string; status: string; attempts: number; reason?: string; outputs: Record<string, string> }[];
  outputs: Record<string, unknown>;
  diagnostics: { code: string; message: string }[];
}

const statuses = (r: JsonRecord): Record<string, string> => Object.fromEntries(r.tasks.map((t) => [t.id, t.status]));

const SH = 'image "busybox:1.36"';

describe("failures", () => {
  it("retries a failing step with its backoff, skips what needs it, and finally sees the failure", () => {
    const started = Date.now();
    const r = run(
      "retries",
      `
component flaky {
  ${SH}
  input log: String
  output n: Int
  run ["sh", "-c", "echo attempt >> \\"$0\\"; exit 3", log, n.path]
  retry 2 backoff "1s"
}
component use {
  ${SH}
  input n: Int
  run ["echo", n]
}
component report {
  ${SH}
  input status: Status
  input out: String
  run ["sh", "-c", "printf %s \\"$0\\" > \\"$1\\"", status, out]
}
pipeline retries {
  f = flaky(log: "${join(root, "attempts.txt")}")
  use(n: f.n)
  finally {
    report(status: pipeline.status, out: "${join(root, "status.txt")}")
  }
}
`,
      ["--format", "json"],
    );
    expect(r.code).toBe(1);
    const record = JSON.parse(r.stdout) as JsonRecord;
    expect(statuses(record)).toEqual({ f: "failed", use: "skipped", report: "done" });
    expect(record.tasks.find((t) => t.id === "f")!.attempts).toBe(3);
    expect(record.tasks.find((t) => t.id === "use")!.reason).toBe("'f' did not succeed");
    expect(readFileSync(join(root, "attempts.txt"), "utf8")).toBe("attempt\nattempt\nattempt\n");
    expect(readFileSync(join(root, "status.txt"), "utf8")).toBe("Failed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // two waits of 1s
    expect(record.status).toBe("Failed");
    expect(record.diagnostics.map((d) => d.code)).toEqual(["MLP9108"]);
    expect(r.stderr).toContain(`retries.mlpipe:21:3 - error MLP9108: Step 'f' failed: exit code 3 after 3 attempts; its log is ${join(root, "work-retries", "steps", "f", "log.txt")}.`);
  });

  it("stops a step at its timeout", () => {
    const started = Date.now();
    const r = run(
      "timeout",
      `
component slow {
  ${SH}
  run ["sleep", "30"]
  timeout "1s"
}
pipeline timeout {
  slow()
}
`,
    );
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/timeout\.mlpipe:8:3 - error MLP9118: Step 'slow' is stopped after its timeout of 1s; its log is .*work-timeout\/steps\/slow\/log\.txt\./);
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} slow failed in \d+\.\ds: Step 'slow' is stopped after its timeout of 1s/m);
    expect(r.stdout).toMatch(/^slow  failed  \d+\.\ds/m);
  });

  it("stops the whole run at the pipeline's timeout", () => {
    const started = Date.now();
    const r = run(
      "runtimeout",
      `
component slow {
  ${SH}
  run ["sleep", "30"]
}
pipeline runtimeout {
  timeout "1s"
  a = slow()
  b = slow() after a
}
`,
      ["--format", "json"],
    );
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const record = JSON.parse(r.stdout) as JsonRecord;
    expect(record.status).toBe("Failed");
    expect(statuses(record)).toEqual({ a: "failed", b: "skipped" });
    expect(record.tasks[0]!.reason).toBe("the run's timeout of 1s passed");
    expect(r.stderr).toContain("runtimeout.mlpipe:7:11 - error MLP9119: The run of pipeline 'runtimeout' is stopped after its timeout of 1s, as Argo stops a Workflow at its activeDeadlineSeconds; running steps are stopped.");
  });

  it("a step that writes no file for an output fails with the output's name and path", () => {
    const r = run(
      "missing",
      `
component lazy {
  ${SH}
  output score: Float
  output model: Model
  run ["sh", "-c", "printf 0.5 > \\"$0\\"", score.path, model.path]
}
pipeline missing {
  lazy()
}
`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`missing.mlpipe:5:10 - error MLP9106: Step 'lazy' wrote no file for its output 'model' (${join(root, "work-missing", "steps", "lazy", "outputs", "model")}); its command must write it.`);
  });

  it("an output parameter that is not of its type is an error", () => {
    const r = run(
      "badint",
      `
component count {
  ${SH}
  output n: Int
  run ["sh", "-c", "printf many > \\"$0\\"", n.path]
}
pipeline badint {
  count()
}
`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("badint.mlpipe:4:10 - error MLP9107: Step 'count' wrote 'many' for its output 'n', which is not a whole number.");
  });
});

describe("Ctrl-C", () => {
  it("stops the running steps, writes run.json and exits 130", async () => {
    writeFileSync(
      join(root, "sigint.mlpipe"),
      `
component wait {
  ${SH}
  input pidfile: String
  run ["sh", "-c", "echo $$ > \\"$0\\"; exec sleep 30", pidfile]
}
pipeline sigint {
  a = wait(pidfile: "${join(root, "pid.txt")}")
  b = wait(pidfile: "${join(root, "never.txt")}") after a
}
`,
    );
    const child = startMlpc(["run", "sigint.mlpipe", "--runner", "process", "--workdir", "work-sigint"], root, { env: env() });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const pidFile = join(root, "pid.txt");
    const deadline = Date.now() + 20_000;
    while (!(existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(() => process.kill(pid, 0)).not.toThrow();
    const started = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(() => process.kill(pid, 0)).toThrow(); // the step's process is gone
    expect(existsSync(join(root, "never.txt"))).toBe(false);
    const record = JSON.parse(readFileSync(join(root, "work-sigint", "run.json"), "utf8")) as JsonRecord;
    expect(record.status).toBe("Interrupted");
    expect(statuses(record)).toEqual({ a: "failed", b: "skipped" });
    expect(stderr).toContain(`error MLP9111: The run is stopped by SIGINT: running steps are stopped, and the work directory ${join(root, "work-sigint")} holds what finished.`);
    expect(stdout).toMatch(/^run interrupted in /m);
  });
});

describe("the local cache", () => {
  const text = `
component step {
  ${SH}
  input x: String
  input log: String
  output out: Dataset
  run ["sh", "-c", "echo \\"$0\\" >> \\"$1\\"; printf '%s' \\"$0\\" > \\"$2\\"", x, log, out.path]
}
component use {
  ${SH}
  input d: Dataset
  input log: String
  output text: String
  run ["sh", "-c", "echo use >> \\"$1\\"; cat \\"$0\\" > \\"$2\\"", d.path, log, text.path]
}
pipeline cached {
  param p: String = "one"
  output left: String = b.text
  a = step(x: p, log: "${join(root, "ran.txt")}")
  b = use(d: a.out, log: "${join(root, "ran.txt")}")
  c = step(x: "fixed", log: "${join(root, "ran.txt")}")
  d = use(d: c.out, log: "${join(root, "ran.txt")}")
}
`;
  const ran = (): string[] => (existsSync(join(root, "ran.txt")) ? readFileSync(join(root, "ran.txt"), "utf8").split("\n").slice(0, -1).sort() : []);

  it("reuses results, and a changed input re-runs exactly the steps downstream of it", () => {
    rmSync(join(root, "ran.txt"), { force: true });
    const first = run("cached", text, ["--format", "json"]);
    expect(first.code).toBe(0);
    expect(statuses(JSON.parse(first.stdout) as JsonRecord)).toEqual({ a: "done", b: "done", c: "done", d: "done" });
    expect(ran()).toEqual(["fixed", "one", "use", "use"]);

    rmSync(join(root, "ran.txt"), { force: true });
    const second = run("cached", text, ["--format", "json"]);
    const again = JSON.parse(second.stdout) as JsonRecord;
    expect(statuses(again)).toEqual({ a: "cached", b: "cached", c: "cached", d: "cached" });
    expect(again.outputs).toEqual({ left: "one" });
    expect(ran()).toEqual([]);

    rmSync(join(root, "ran.txt"), { force: true });
    const changed = run("cached", text, ["--format", "json", "--param", "p=two"]);
    const third = JSON.parse(changed.stdout) as JsonRecord;
    expect(statuses(third)).toEqual({ a: "done", b: "done", c: "cached", d: "cached" });
    expect(third.outputs).toEqual({ left: "two" });
    expect(ran()).toEqual(["two", "use"]);

    rmSync(join(root, "ran.txt"), { force: true });
    const none = run("cached", text, ["--format", "json", "--no-cache"]);
    expect(statuses(JSON.parse(none.stdout) as JsonRecord)).toEqual({ a: "done", b: "done", c: "done", d: "done" });
    expect(ran()).toEqual(["fixed", "one", "use", "use"]);
  });

  it("prints the summary table with the cached column and the outputs", () => {
    const r = run("cached", text);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/ +$/gm, "")).toMatch(
      /^step  status  duration  cached\n[a-d]     cached  -         yes\n[a-d]     cached  -         yes\n[a-d]     cached  -         yes\n[a-d]     cached  -         yes\n\noutputs of cached:\n  left = "one"\n\nrun succeeded in \d+\.\ds; logs and outputs are in .*work-cached\n$/,
    );
    expect(r.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} a cached \(not run: the result of an earlier run is reused\)$/m);
  });
});

describe("what the local runner does not run", () => {
  it("an importer of a remote URI is an error naming what is supported; local paths and file:// URIs import", () => {
    writeFileSync(join(root, "data.csv"), "a,b\n1,2\n");
    const remote = run(
      "remote",
      `
component use {
  ${SH}
  input d: Dataset
  run ["cat", d.path]
}
pipeline remote {
  data = import Dataset from "s3://acme/data.csv"
  use(d: data.artifact)
}
`,
    );
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain(
      "remote.mlpipe:8:30 - error MLP9100: Importer 'data' reads 's3://acme/data.csv', which mlpc run cannot fetch; the local runner imports local paths and file:// URIs only (run the pipeline on a cluster with mlpc submit, or copy the artifact to a local path).",
    );
    const local = run(
      "local",
      `
component use {
  ${SH}
  input d: Dataset
  input e: Dataset
  output text: String
  run ["sh", "-c", "cat \\"$0\\" \\"$1\\" > \\"$2\\"", d.path, e.uri, text.path]
}
pipeline local {
  output text: String = use.text
  data = import Dataset from "data.csv"
  other = import Dataset from "file://${join(root, "data.csv")}"
  use(d: data.artifact, e: other.artifact)
}
`,
      ["--format", "json"],
    );
    // A URI is no path for cat: the second file is named by its file:// URI, which cat cannot open.
    expect(local.code).toBe(1);
    const record = JSON.parse(local.stdout) as JsonRecord;
    expect(statuses(record)).toEqual({ data: "done", other: "done", use: "failed" });
    expect(record.tasks.find((t) => t.id === "data")!.outputs).toEqual({ artifact: `file://${join(root, "data.csv")}` });
    expect(readFileSync(join(root, "work-local", "steps", "use", "log.txt"), "utf8")).toContain(`file://${join(root, "data.csv")}`);
  });

  it("a step after a serve deployed by the pipeline is an error before anything runs", () => {
    const r = runMlpc(["run", join(REPO, "test/parity/cases/serve-after.mlpipe"), "--runner", "process", "--workdir", "work-serve"], root, { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "serve-after.mlpipe:20:30 - error MLP9102: 'smoke' waits for the deploy of serve 'candidate', which mlpc run does not run (KServe needs a cluster); run the pipeline with mlpc submit, or remove the dependency.",
    );
    expect(existsSync(join(root, "work-serve"))).toBe(false);
  });

  it("a serve no step waits for is left out with a warning, and the rest runs", () => {
    const r = run(
      "serve",
      `
component train {
  ${SH}
  output model: Model
  output auc: Float
  run ["sh", "-c", "printf m > \\"$0\\"; printf 0.95 > \\"$1\\"", model.path, auc.path]
}
pipeline deploy {
  fit = train()
  if fit.auc >= 0.9 {
    serve candidate {
      model sklearn from fit.model
    }
  }
}
`,
      ["--format", "json"],
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("serve.mlpipe:11:11 - warning MLP9103: The deploy of serve 'candidate' is not run locally (KServe needs a cluster); the rest of the pipeline runs.");
    const record = JSON.parse(r.stdout) as JsonRecord;
    expect(record.status).toBe("Succeeded");
    expect(statuses(record)).toEqual({ fit: "done", candidate: "skipped" });
    expect(record.tasks.find((t) => t.id === "candidate")!.reason).toBe("serves are not deployed locally");
  });
});

describe("inputs, secrets and the record", () => {
  const text = `
component show {
  ${SH}
  input n: Int
  output line: String
  run ["sh", "-c", "echo token=$API_TOKEN; printf 'n=%s mode=%s' \\"$0\\" \\"$MODE\\" > \\"$1\\"", n, line.path]
  env { API_TOKEN: secret("api", "token"), MODE: "fast" }
}
pipeline secrets {
  param n: Int
  output line: String = show.line
  show(n: n)
}
`;
  it("takes typed --param values, secrets from --secrets, and never prints a secret", () => {
    writeFileSync(join(root, "secrets.yaml"), "secrets:\n  api:\n    token: s3cr3t-value\n");
    const r = run("secrets", text, ["--param", "n=4", "--secrets", "secrets.yaml", "--format", "json"]);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as JsonRecord;
    expect(record.outputs).toEqual({ line: "n=4 mode=fast" });
    expect(r.stdout + r.stderr).not.toContain("s3cr3t-value");
    expect(readFileSync(join(root, "work-secrets", "run.json"), "utf8")).not.toContain("s3cr3t-value");
    expect(readFileSync(join(root, "work-secrets", "steps", "show", "log.txt"), "utf8")).toBe("token=s3cr3t-value\n");
  });

  it("reads a secret from MLPC_SECRET_<NAME>_<KEY>, and names that variable when it is missing", () => {
    const ok = run("secrets", text, ["--param", "n=1"], { MLPC_SECRET_API_TOKEN: "from-env" });
    expect(ok.code).toBe(0);
    const missing = run("secrets", text, ["--param", "n=1"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toContain("MLP9110"); // the pipeline output of the failed step is not a second problem
    expect(missing.stderr).toContain(
      "secrets.mlpipe:7:9 - error MLP9109: Step 'show' needs the key 'token' of Secret 'api', which neither --secrets nor the environment variable MLPC_SECRET_API_TOKEN gives.",
    );
  });

  it("checks --param like submit does, before anything runs (exit 2)", () => {
    const r = run("secrets", text, ["--param", "n=four"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9045: --param n: 'four' is not a Int; give a whole number such as 3.");
    const missing = run("secrets", text);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error MLP9046: Pipeline 'secrets' needs a value for its parameter 'n', which has no default; give --param n=VALUE.");
  });

  it("takes --artifact as a local path or file:// URI, and refuses other URIs", () => {
    writeFileSync(join(root, "rows.csv"), "1\n2\n3\n");
    const text = `
component count {
  ${SH}
  input data: Dataset
  output n: Int
  run ["sh", "-c", "wc -l < \\"$0\\" | tr -d ' ' > \\"$1\\"", data.path, n.path]
}
pipeline counting {
  param data: Dataset
  output n: Int = count.n
  count(data: data)
}
`;
    const byPath = run("artifact", text, ["--artifact", "data=rows.csv", "--format", "json"]);
    expect(byPath.code).toBe(0);
    expect((JSON.parse(byPath.stdout) as JsonRecord).outputs).toEqual({ n: 3 });
    const byUri = run("artifact", text, ["--artifact", `data=file://${join(root, "rows.csv")}`, "--format", "json"]);
    expect((JSON.parse(byUri.stdout) as JsonRecord).outputs).toEqual({ n: 3 });
    expect(statuses(JSON.parse(byUri.stdout) as JsonRecord)).toEqual({ count: "cached" }); // the same file
    writeFileSync(join(root, "rows.csv"), "1\n2\n3\n4\n");
    const changed = run("artifact", text, ["--artifact", "data=rows.csv", "--format", "json"]);
    expect(statuses(JSON.parse(changed.stdout) as JsonRecord)).toEqual({ count: "done" }); // new content, no reuse
    expect((JSON.parse(changed.stdout) as JsonRecord).outputs).toEqual({ n: 4 });
    const remote = run("artifact", text, ["--artifact", "data=s3://acme/rows.csv"]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain("error MLP9115: --artifact data: mlpc run reads local paths and file:// URIs only, not 's3://acme/rows.csv'.");
    const missing = run("artifact", text);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error MLP9046: Pipeline 'counting' needs a value for its artifact input 'data', which has no default; give --artifact data=PATH.");
  });

  it("refuses a work directory that holds something else", () => {
    writeFileSync(join(root, "notes.txt"), "mine");
    const r = runMlpc(["run", "secrets.mlpipe", "--runner", "process", "--workdir", ".", "--param", "n=1"], root, { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error MLP9113: The work directory '${root}' holds files that are not an mlpc run's; give an empty or new folder.`);
  });
});

describe("the docker runner", () => {
  it("runs each step in its image with the work directory mounted at its own path, env by name, and limits", () => {
    // A stand-in for the docker CLI: it answers `version`, records each `run`, and runs the entrypoint here.
    const bin = join(root, "fake-bin");
    const calls = join(root, "docker-calls.txt");
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    writeFileSync(
      join(bin, "docker"),
      `#!/bin/sh
[ "$1" = version ] && exit 0
printf '%s\\0' "$@" >> "${calls}"; printf '\\n' >> "${calls}"
[ "$1" = run ] || exit 0
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --rm) shift ;;
    --entrypoint) entry="$2"; shift 2 ;;
    --name|-v|-w|-e|--cpus|--memory) shift 2 ;;
    *) break ;;
  esac
done
shift
exec "$entry" "$@"
`,
      { mode: 0o755 },
    );
    const r = run(
      "docker",
      `
component hello {
  ${SH}
  input who: String
  output line: String
  run ["sh", "-c", "printf 'hi %s %s' \\"$0\\" \\"$GREETING\\" > \\"$1\\"", who, line.path]
  env { GREETING: "there" }
  resources { cpu "500m"  memory "64Mi" }
}
pipeline docker {
  output line: String = hello.line
  hello(who: "you")
}
`,
      ["--runner", "docker", "--format", "json"],
      { PATH: `${bin}:${process.env.PATH}` },
    );
    expect(r.stderr).not.toContain("MLP9105");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonRecord).outputs).toEqual({ line: "hi you there" });
    const work = join(root, "work-docker");
    const step = join(work, "steps", "hello");
    const args = readFileSync(calls, "utf8").trim().split("\n").at(-1)!.split("\0").slice(0, -1);
    expect(args[0]).toBe("run");
    expect(args[3]).toMatch(/^mlpc-\d+-1-hello$/);
    expect(args.slice(4)).toEqual([
      "-v", `${work}:${work}`, "-w", step, "-e", "GREETING", "--cpus", "0.5", "--memory", "67108864", "--entrypoint", "sh",
      "busybox:1.36", "-c", "printf 'hi %s %s' \"$0\" \"$GREETING\" > \"$1\"", "you", join(step, "outputs", "line"),
    ]);
  });

  it("--runner docker without docker is an error before anything runs", () => {
    const r = runMlpc(["run", "docker.mlpipe", "--runner", "docker", "--workdir", "work-docker2"], root, { env: { ...env(), PATH: "/nonexistent" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9112: --runner docker: 'docker' is not installed or does not answer; start it, or use --runner process.");
  });
});
