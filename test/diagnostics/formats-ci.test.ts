import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../cli/support.js";

/** examples/ci/mlpc.yml: the workflow the README's "mlpc in CI" shows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const workflow = parse(readFileSync(join(REPO, "examples", "ci", "mlpc.yml"), "utf8")) as any;
const steps = workflow.jobs["lint-and-compile"].steps as { uses?: string; run?: string; if?: string; "continue-on-error"?: boolean }[];

describe("examples/ci/mlpc.yml", () => {
  it("runs on pull requests with the permission upload-sarif needs", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions["security-events"]).toBe("write");
  });

  it("lints to SARIF without stopping the upload, uploads it, annotates, and compiles every example", () => {
    const sarif = steps.findIndex((s) => s.run === "npx mlpc lint --format sarif . > mlpc.sarif");
    const upload = steps.findIndex((s) => s.uses === "github/codeql-action/upload-sarif@v3");
    const github = steps.findIndex((s) => s.run === "npx mlpc lint --format github .");
    expect(steps[sarif]["continue-on-error"]).toBe(true);
    expect(steps[upload].if).toBe("always()");
    expect(sarif).toBeGreaterThan(steps.findIndex((s) => s.run === "npm ci"));
    expect(upload).toBeGreaterThan(sarif);
    expect(github).toBeGreaterThan(upload);
    expect(steps.at(-1)!.run).toContain('npx mlpc compile "$f" -t all -o');
  });
});
