import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * `mlpc compile -t argo` as users run it: the built CLI (`node bin/mlpc.js …`, `npm test` builds
 * first) in a child process.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(REPO, "bin", "mlpc.js");

const SOURCE = `component hello {
  image  "alpine:3.20"
  input  name: String
  run    ["echo", name]
}

pipeline greet_team {
  param name: String = "world"
  say = hello(name: name)
}
`;

let root: string;

function run(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.MLPC_DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: root, env, encoding: "utf8" });
  expect(r.stderr).not.toContain("internal error");
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-cli-argo-"));
  writeFileSync(join(root, "greet.mlpipe"), SOURCE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("mlpc compile -t argo", () => {
  it("writes <pipeline>.argo.yaml, a Workflow by default", () => {
    const r = run(["compile", "greet.mlpipe", "-t", "argo", "-o", "out"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(root, "out"))).toEqual(["greet-team.argo.yaml"]);
    const doc = parse(readFileSync(join(root, "out", "greet-team.argo.yaml"), "utf8"));
    expect(doc.kind).toBe("Workflow");
    expect(doc.metadata.generateName).toBe("greet-team-");
  });

  it("writes to stdout with -o -", () => {
    const r = run(["compile", "greet.mlpipe", "-t", "argo"]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout).kind).toBe("Workflow");
  });

  it("takes --argo-kind for workflow templates", () => {
    for (const [kind, expected] of [["workflow-template", "WorkflowTemplate"], ["cluster-workflow-template", "ClusterWorkflowTemplate"], ["workflow", "Workflow"]]) {
      const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-kind", kind]);
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).kind).toBe(expected);
    }
  });

  it("rejects an unknown --argo-kind as a usage error", () => {
    const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-kind", "cron"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--argo-kind");
  });

  it("writes the podGC and ttlStrategy defaults when not told otherwise", () => {
    const spec = parse(run(["compile", "greet.mlpipe", "-t", "argo"]).stdout).spec;
    expect(spec.podGC).toEqual({ strategy: "OnPodSuccess" });
    expect(spec.ttlStrategy).toEqual({ secondsAfterCompletion: 604800 });
  });

  it("takes --argo-pod-gc: each of Argo's strategies, or none", () => {
    for (const strategy of ["OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"]) {
      const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-pod-gc", strategy]);
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).spec.podGC).toEqual({ strategy });
    }
    const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-pod-gc", "none"]);
    expect(r.code, r.stderr).toBe(0);
    const spec = parse(r.stdout).spec;
    expect(spec).not.toHaveProperty("podGC");
    expect(spec.ttlStrategy).toEqual({ secondsAfterCompletion: 604800 });
  });

  it("takes --argo-ttl as a duration, a number of seconds, or none", () => {
    for (const [given, seconds] of [["7d", 604800], ["24h", 86400], ["3600s", 3600], ["90m", 5400], ["120", 120], ["0", 0]] as const) {
      const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-ttl", given]);
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).spec.ttlStrategy, given).toEqual({ secondsAfterCompletion: seconds });
    }
    const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-ttl", "none", "--argo-pod-gc", "OnWorkflowSuccess"]);
    expect(r.code, r.stderr).toBe(0);
    const spec = parse(r.stdout).spec;
    expect(spec).not.toHaveProperty("ttlStrategy");
    expect(spec.podGC).toEqual({ strategy: "OnWorkflowSuccess" });
  });

  it("applies --argo-pod-gc and --argo-ttl to a CronWorkflow's workflow and to templates", () => {
    writeFileSync(join(root, "cron.mlpipe"), SOURCE.replace('param name: String = "world"', 'param name: String = "world"\n  schedule "0 3 * * *"'));
    const cron = parse(run(["compile", "cron.mlpipe", "-t", "argo", "--argo-pod-gc", "OnPodCompletion", "--argo-ttl", "2h"]).stdout);
    expect(cron.kind).toBe("CronWorkflow");
    expect(cron.spec.workflowSpec.podGC).toEqual({ strategy: "OnPodCompletion" });
    expect(cron.spec.workflowSpec.ttlStrategy).toEqual({ secondsAfterCompletion: 7200 });
    const template = parse(run(["compile", "greet.mlpipe", "-t", "argo", "--argo-kind", "workflow-template", "--argo-ttl", "1h"]).stdout);
    expect(template.kind).toBe("WorkflowTemplate");
    expect(template.spec.ttlStrategy).toEqual({ secondsAfterCompletion: 3600 });
  });

  it("rejects a bad --argo-pod-gc or --argo-ttl as a usage error that says what it takes, writing nothing", () => {
    for (const [option, value, hint] of [
      ["--argo-pod-gc", "OnFailure", "OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess, none"],
      ["--argo-pod-gc", "onpodsuccess", "OnPodSuccess"],
      ["--argo-ttl", "7x", "7d, 24h, 3600s"],
      ["--argo-ttl", "1.5s", "whole seconds"],
      ["--argo-ttl", "-5", "whole seconds"],
      ["--argo-ttl", "", "whole seconds"],
    ]) {
      const r = run(["compile", "greet.mlpipe", "-t", "argo", "-o", "gc-out", option, value]);
      expect(r.code, `${option} ${value}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(option);
      expect(r.stderr).toContain(hint);
      expect(() => readdirSync(join(root, "gc-out"))).toThrow();
    }
  });

  it("takes --argo-artifact-repository as the Workflow's artifactRepositoryRef, and rejects what is not a ConfigMap reference", () => {
    const named = parse(run(["compile", "greet.mlpipe", "-t", "argo", "--argo-artifact-repository", "artifact-repositories/s3-ml"]).stdout);
    expect(named.spec.artifactRepositoryRef).toEqual({ configMap: "artifact-repositories", key: "s3-ml" });
    const onlyMap = parse(run(["compile", "greet.mlpipe", "-t", "argo", "--argo-artifact-repository", "ml-artifacts"]).stdout);
    expect(onlyMap.spec.artifactRepositoryRef).toEqual({ configMap: "ml-artifacts" });
    expect(parse(run(["compile", "greet.mlpipe", "-t", "argo"]).stdout).spec).not.toHaveProperty("artifactRepositoryRef");
    for (const bad of ["Artifact_Repos", "a/b/c", "repos/", ""]) {
      const r = run(["compile", "greet.mlpipe", "-t", "argo", "--argo-artifact-repository", bad]);
      expect(r.code, `${bad}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain("--argo-artifact-repository");
      expect(r.stderr).toContain("ConfigMap name");
    }
  });

  it("includes argo in -t all", () => {
    mkdirSync(join(root, "all"), { recursive: true });
    const r = run(["compile", "greet.mlpipe", "-t", "all", "-o", "all"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(root, "all"))).toContain("greet-team.argo.yaml");
  });

  it("reports what Argo cannot express at its location and writes nothing", () => {
    writeFileSync(
      join(root, "bad.mlpipe"),
      `component show {\n  image "alpine:3.20"\n  input data: Dataset\n  run ["show", data.uri]\n}\npipeline p {\n  d = import Dataset from "s3://a/b"\n  s = show(data: d.artifact)\n}\n`,
    );
    const r = run(["compile", "bad.mlpipe", "-t", "argo", "-o", "bad-out"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.mlpipe:4:16 - error MLP4101/);
    expect(() => readdirSync(join(root, "bad-out"))).toThrow();
  });
});
