import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, runMlpc, VALID, writeTree } from "../cli/support.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-graph-"));
  writeTree(root, {
    "one.mlpipe": VALID,
    "two.mlpipe": `${VALID}\npipeline other {\n  say = hello(name: "x")\n}\n`,
    "bad.mlpipe": "pipeline p {\n  x = nope()\n}\n",
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("mlpc graph", () => {
  it("prints the Mermaid flowchart of the only pipeline by default, each step with the optimizer's cache decision", () => {
    const r = runMlpc(["graph", "one.mlpipe"], root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`flowchart TB
  n0["say<br/>hello · 3.20<br/>cached"]
  classDef importer fill:#eef6ff,stroke:#3b6ea5
  classDef deploy fill:#eefbea,stroke:#3c8a35
  classDef gpu fill:#fff4e0,stroke:#b36b00
`);
  });

  it("asks for --pipeline when the file has several, listing them", () => {
    const r = runMlpc(["graph", "two.mlpipe", "--format", "dot"], root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("mlpc: the sources define several pipelines; pick one with --pipeline NAME ('greet', 'other').\n");
    expect(runMlpc(["graph", "two.mlpipe", "--pipeline", "other", "--format", "dot"], root).stdout).toContain('digraph "other" {');
  });

  it("reports errors like check, exits 1 and writes no file", () => {
    const r = runMlpc(["graph", "bad.mlpipe", "--format", "svg", "-o", "out/bad.svg"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error MLP2001");
    expect(existsSync(join(root, "out"))).toBe(false);
  });

  it("writes -o FILE with no temporary file left, the same bytes as stdout", () => {
    const r = runMlpc(["graph", "one.mlpipe", "--format", "svg", "-o", "pics/one.svg"], root);
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, "pics"))).toEqual(["one.svg"]);
    const svg = readFileSync(join(root, "pics", "one.svg"), "utf8");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(runMlpc(["graph", "one.mlpipe", "--format", "svg"], root).stdout).toBe(svg);
  });

  it("draws a pipeline module like its .mlpipe twin", () => {
    const ts = runMlpc(["graph", join(REPO, "examples", "tabular_training.ts"), "--format", "dot"], root);
    const mlpipe = runMlpc(["graph", join(REPO, "examples", "tabular_training.mlpipe"), "--format", "dot"], root);
    expect(ts.code).toBe(0);
    expect(ts.stdout).toBe(mlpipe.stdout);
    expect(ts.stdout).toContain('"fraud_candidate" [shape=hexagon');
  });
});
