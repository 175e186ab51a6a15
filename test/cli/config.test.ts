import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO, runMlpc, writeTree } from "./support.js";

// `mlpc.config.yaml` through the CLI: its targets narrow check and lint per file, its rule levels set
// lint's severities, and its problems are diagnostics at their line (exit 2) in every format.

/** A serve KServe refuses (MLP4308) and that sets no resources (lint rule mlpc/serve-resources, MLP5016). */
const KSERVE_ONLY = readFileSync(join(REPO, "test/cases/target-checks-kserve-mlflow-protocol.mlpipe"), "utf8");

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "mlpc-cli-config-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const codes = (stdout: string) => (JSON.parse(stdout) as { code: string; severity: string }[]).map((d) => `${d.code} ${d.severity}`);

describe("config targets", () => {
  it("a KServe-only error passes check when the config's targets are [kfp]; --target and --no-config override", () => {
    writeTree(dir, { "mlpc.config.yaml": "targets: [kfp]\n", "ml/serve.mlpipe": KSERVE_ONLY });
    expect(runMlpc(["check", "ml/serve.mlpipe"], dir)).toMatchObject({ code: 0, stdout: "" });
    expect(runMlpc(["check", "--target", "kserve", "ml/serve.mlpipe"], dir).code).toBe(1);
    const all = runMlpc(["check", "--format", "json", "--no-config", "ml/serve.mlpipe"], dir);
    expect(all.code).toBe(1);
    expect(codes(all.stdout)).toEqual(["MLP4308 error"]);
  });

  it("the nearest config wins, and overrides choose targets per file", () => {
    writeTree(dir, {
      "mlpc.config.yaml": "targets: [kfp]\noverrides:\n  - files: ['serving/**']\n    targets: [kserve]\n",
      "serving/a/serve.mlpipe": KSERVE_ONLY,
      "batch/serve.mlpipe": KSERVE_ONLY,
      "team/mlpc.config.json": '{"targets": ["kserve"]}',
      "team/serve.mlpipe": KSERVE_ONLY,
    });
    const r = runMlpc(["check", "--format", "json", "serving/a/serve.mlpipe", "batch/serve.mlpipe", "team/serve.mlpipe"], dir);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file)).toEqual(["serving/a/serve.mlpipe", "team/serve.mlpipe"]);
  });

  it("--config uses one file for every input; stdin looks from the working folder", () => {
    writeTree(dir, { "mlpc.config.yaml": "targets: [kserve]\n", "ci/kfp.yaml": "targets: [kfp]\n", "ml/serve.mlpipe": KSERVE_ONLY });
    expect(runMlpc(["check", "ml/serve.mlpipe"], dir).code).toBe(1);
    expect(runMlpc(["check", "--config", "ci/kfp.yaml", "ml/serve.mlpipe"], dir).code).toBe(0);
    expect(runMlpc(["check", "-"], join(dir, "ci"), { input: KSERVE_ONLY }).code).toBe(1);
    writeTree(dir, { "ci/mlpc.config.yml": "targets: [argo]\n" });
    expect(runMlpc(["check", "-"], join(dir, "ci"), { input: KSERVE_ONLY }).code).toBe(0);
  });
});

describe("config rule levels", () => {
  it("off silences a rule, error makes lint exit 1, warn keeps it a warning", () => {
    writeTree(dir, {
      "mlpc.config.yaml": "targets: [kfp]\nrules:\n  mlpc/serve-resources: error\noverrides:\n  - files: ['quiet/*.mlpipe']\n    rules:\n      mlpc/serve-resources: 'off'\n  - files: ['soft/*.mlpipe']\n    rules:\n      mlpc/serve-resources: warn\n",
      "loud/serve.mlpipe": KSERVE_ONLY,
      "quiet/serve.mlpipe": KSERVE_ONLY,
      "soft/serve.mlpipe": KSERVE_ONLY,
    });
    const loud = runMlpc(["lint", "--format", "json", "loud/serve.mlpipe"], dir);
    expect(loud.code).toBe(1);
    expect(codes(loud.stdout)).toEqual(["MLP5016 error"]);
    expect(runMlpc(["lint", "quiet/serve.mlpipe"], dir)).toMatchObject({ code: 0, stdout: "" });
    const soft = runMlpc(["lint", "--format", "json", "soft/serve.mlpipe"], dir);
    expect(soft.code).toBe(0);
    expect(codes(soft.stdout)).toEqual(["MLP5016 warning"]);
  });
});

describe("config problems", () => {
  it("an unknown rule id is reported at its line with a suggestion, exit 2 (text)", () => {
    writeTree(dir, { "mlpc.config.yaml": "$schema: ./node_modules/mlpc/schemas/mlpc-config.schema.json\nrules:\n  mlpc/serve-resource: error\n", "s.mlpipe": KSERVE_ONLY });
    const r = runMlpc(["lint", "--no-pretty", "s.mlpipe"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      [
        "mlpc.config.yaml:3:3 - error MLP9020: Unknown rule 'mlpc/serve-resource' in 'rules'. Did you mean 'mlpc/serve-resources'?",
        "",
        "3   mlpc/serve-resource: error",
        "    ~~~~~~~~~~~~~~~~~~~",
        "",
        "Found 1 error.",
        "",
      ].join("\n"),
    );
  });

  it("schema errors are at their lines in json, for check and compile (stderr), exit 2", () => {
    writeTree(dir, { "mlpc.config.yaml": "targets: [kfp, tpu]\nrulez: {}\n", "s.mlpipe": KSERVE_ONLY });
    const r = runMlpc(["check", "--format", "json", "s.mlpipe"], dir);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { code: string; line: number; col: number; message: string; file: string }[]).map((d) => [d.file, d.line, d.col, d.code, d.message])).toEqual([
      ["mlpc.config.yaml", 1, 16, "MLP9016", `'targets[1]' is "tpu"; it must be one of "kfp", "argo", "katib", "kserve".`],
      ["mlpc.config.yaml", 2, 1, "MLP9013", "Unknown key 'rulez' in the config file. Did you mean 'rules'?"],
    ]);
    const c = runMlpc(["compile", "-t", "kfp", "--no-pretty", "-o", "out", "s.mlpipe"], dir);
    expect(c.code).toBe(2);
    expect(c.stdout).toBe("");
    expect(c.stderr).toContain("mlpc.config.yaml:1:16 - error MLP9016");
    expect(runMlpc(["compile", "-t", "kserve", "--no-config", "-o", "-", "s.mlpipe"], dir).code).toBe(1);
  });

  it("two config files in one folder (MLP9011); an unreadable --config (MLP9010)", () => {
    writeTree(dir, { "mlpc.config.yaml": "{}\n", "mlpc.config.json": "{}", "s.mlpipe": KSERVE_ONLY });
    const two = runMlpc(["check", "--format", "json", "s.mlpipe"], dir);
    expect(two.code).toBe(2);
    expect(JSON.parse(two.stdout)).toMatchObject([
      { code: "MLP9011", message: "The folder '.' holds two config files, 'mlpc.config.yaml' and 'mlpc.config.json'; keep one." },
    ]);
    const missing = runMlpc(["lint", "--config", "nope.yaml", "--format", "json", "s.mlpipe"], dir);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual([
      {
        code: "MLP9010",
        severity: "error",
        message: "Cannot read the config file 'nope.yaml': no such file or directory.",
        file: null,
        line: null,
        col: null,
        endLine: null,
        endCol: null,
        related: [],
      },
    ]);
  });
});
