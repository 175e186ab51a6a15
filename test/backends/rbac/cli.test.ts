import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../../src/cli/main.js";

const dir = mkdtempSync(join(tmpdir(), "mlpc-rbac-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, "p.mlpipe"),
  `component prep {\n  image "ghcr.io/acme/prep:1.0"\n  input source: String\n  run ["prep", source]\n}\npipeline daily {\n  p = prep(source: "s3://a")\n}\n`,
);

async function mlpc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("mlpc compile -t rbac", () => {
  it("prints the file on stdout without -o, and the warning on stderr", async () => {
    const r = await mlpc("compile", "p.mlpipe", "-t", "rbac", "--no-pretty");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 6)).toEqual([
      "# What the runs of pipeline 'daily' need on the cluster, least privilege: apply it in the",
      "# namespace they run in, kubectl apply -n NAMESPACE -f daily.rbac.yaml",
      "apiVersion: v1",
      "kind: ServiceAccount",
      "metadata:",
      "  name: mlpc-daily",
    ]);
    expect(r.stderr).toContain("p.mlpipe:6:10 - warning MLP4400:");
  });

  it("writes <pipeline>.rbac.yaml with -o DIR", async () => {
    const r = await mlpc("compile", "p.mlpipe", "-t", "rbac", "-o", "out-rbac");
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "out-rbac"))).toEqual(["daily.rbac.yaml"]);
  });

  it("is not part of -t all, nor of check's default targets", async () => {
    const all = await mlpc("compile", "p.mlpipe", "-t", "all", "-o", "out-all");
    expect(all.code).toBe(0);
    expect(readdirSync(join(dir, "out-all")).filter((f) => f.endsWith(".rbac.yaml"))).toEqual([]);
    expect(all.stderr).not.toContain("MLP4400");
    const check = await mlpc("check", "p.mlpipe");
    expect(check.stdout + check.stderr).not.toContain("MLP4400");
    const asked = await mlpc("check", "p.mlpipe", "-t", "rbac");
    expect(asked.stdout + asked.stderr).toContain("MLP4400");
  });
});
