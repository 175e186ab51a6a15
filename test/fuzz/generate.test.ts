import { describe, expect, it } from "vitest";
import { BENCH_SIZES, generatePipeline } from "../../bench/generate.js";
import type { Node, Program } from "../../src/ir/types.js";
import { checkSource } from "../helpers.js";

/** Steps and importers in a program's pipelines, the exit handler included. */
function countSteps(program: Program): number {
  const count = (nodes: readonly Node[]): number =>
    nodes.reduce((sum, n) => {
      switch (n.kind) {
        case "step":
        case "importer":
        case "deploy":
          return sum + 1;
        case "condition":
          return sum + n.branches.reduce((s, b) => s + count(b.body), 0);
        case "loop":
          return sum + count(n.body);
      }
    }, 0);
  return program.pipelines.reduce((sum, p) => sum + count(p.body) + count(p.exitHandler?.body ?? []), 0);
}

/** Which constructs a program's pipelines use. */
function constructs(program: Program): Set<string> {
  const seen = new Set<string>();
  const visit = (nodes: readonly Node[], depth: number): void => {
    for (const n of nodes) {
      seen.add(n.kind);
      if (n.kind === "step" && n.after.length > 0) seen.add("after");
      if (n.kind === "step" && n.arguments.some((a) => a.value.kind === "collect")) seen.add("collect");
      if (n.kind === "condition") {
        if (depth > 0) seen.add("nested condition");
        if (n.branches.length > 2) seen.add("elif");
        n.branches.forEach((b) => visit(b.body, depth + 1));
      }
      if (n.kind === "loop") visit(n.body, depth + 1);
    }
  };
  for (const p of program.pipelines) visit(p.body, 0);
  return seen;
}

describe("bench/generate.js", () => {
  it.each([
    [2, 1],
    [10, 1],
    [50, 7],
    [120, 42],
    [300, 3],
  ])("a %i-step pipeline (seed %i) checks without diagnostics and has exactly that many steps", (steps, seed) => {
    const result = checkSource({ "bench.mlpipe": generatePipeline(steps, { seed }) });
    expect(result.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col} ${d.message}`)).toEqual([]);
    expect(result.program).toBeDefined();
    expect(countSteps(result.program!)).toBe(steps);
  });

  it("mixes chains, fan-outs, nested conditions, loops with collect, importers and after", () => {
    const result = checkSource({ "bench.mlpipe": generatePipeline(300, { seed: 1 }) });
    const seen = constructs(result.program!);
    for (const c of ["step", "importer", "condition", "nested condition", "elif", "loop", "collect", "after"]) {
      expect(seen, c).toContain(c);
    }
  });

  it("is deterministic", () => {
    expect(generatePipeline(500, { seed: 9 })).toBe(generatePipeline(500, { seed: 9 }));
    expect(generatePipeline(500, { seed: 9 })).not.toBe(generatePipeline(500, { seed: 10 }));
  });

  it("measures 100, 1,000 and 10,000 steps", () => {
    expect(BENCH_SIZES).toEqual([100, 1_000, 10_000]);
  });

  it("rejects sizes it cannot build", () => {
    expect(() => generatePipeline(1)).toThrow(RangeError);
    expect(() => generatePipeline(2.5)).toThrow(RangeError);
  });
});
