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
