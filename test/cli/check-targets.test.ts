import { describe, expect, it } from "vitest";
import { REPO, runMlpc } from "./support.js";

// `mlpc check` runs the back ends of the targets in use (all by default, `--target` narrows), so a
// program it passes compiles for those targets (issue 14 point 1).

const CASES = "test/cases";
const REJECTED = [
  { file: `${CASES}/target-checks-kserve-mlflow-protocol.mlpipe`, code: "MLP4308", target: "kserve", other: "kfp" },
  { file: `${CASES}/target-checks-katib-pipeline-tune-settings.mlpipe`, code: "MLP4212", target: "katib", other: "argo" },
  { file: `${CASES}/target-checks-argo-importer-runtime-uri.mlpipe`, code: "MLP4104", target: "argo", other: "kfp,katib" },
];

describe("mlpc check sees what compile sees", () => {
  for (const { file, code, target, other } of REJECTED) {
    it(`${code}: check exits 1 as compile -t ${target} does; --target ${other} leaves it out`, () => {
      const checked = runMlpc(["check", "--format", "json", file], REPO);
      expect(checked.code).toBe(1);
      expect((JSON.parse(checked.stdout) as { code: string }[]).map((d) => d.code)).toEqual([code]);
      expect(runMlpc(["check", "--target", target, file], REPO).code).toBe(1);

      const compiled = runMlpc(["compile", "-t", target, "-o", "-", file], REPO);
      expect(compiled.code).toBe(1);
      expect(compiled.stderr).toContain(code);

      const narrowed = runMlpc(["check", "--target", other, file], REPO);
      expect(narrowed).toMatchObject({ code: 0, stdout: "" });
    });
  }

  it("an unknown target is a usage error", () => {
    const r = runMlpc(["check", "--target", "kfp,ir", `${CASES}/target-checks-kserve-mlflow-protocol.mlpipe`], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'ir' is not a target");
  });
});

describe("mlpc lint", () => {
  it("reports what check reports (target checks included), with check's exit codes", () => {
    const file = `${CASES}/target-checks-kserve-mlflow-protocol.mlpipe`;
    const linted = runMlpc(["lint", "--format", "json", file], REPO);
    expect(linted.code).toBe(1);
    // check's error, and the lint rule for a serve without resources (mlpc/serve-resources).
    expect((JSON.parse(linted.stdout) as { code: string }[]).map((d) => d.code)).toEqual(["MLP5016", "MLP4308"]);
    const forKfp = runMlpc(["lint", "--format", "json", "--target", "kfp", file], REPO);
    expect(forKfp.code).toBe(0);
    expect((JSON.parse(forKfp.stdout) as { code: string }[]).map((d) => d.code)).toEqual(["MLP5016"]);
  });

  it("takes a directory: every .mlpipe under it, as check does", () => {
    const r = runMlpc(["lint", "--format", "json", "--target", "kserve", CASES], REPO);
    const codes = (JSON.parse(r.stdout) as { code: string }[]).map((d) => d.code);
    expect(r.code).toBe(1);
    expect(codes.length).toBeGreaterThan(1); // the cases' front-end errors: the target checks wait for them
  });
});
