import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generatePipeline } from "../../../bench/generate.js";
import { emitArgo } from "../../../src/backends/argo/index.js";
import { hasErrors } from "../../../src/diagnostics/diagnostic.js";
import { checkFile } from "../../../src/compiler.js";
import { memoryHost } from "../../../src/frontend/host.js";
import { mutatedSource, type FuzzInput } from "../../fuzz/arbitraries.js";
import { checkSource } from "../../helpers.js";

// Bad input never crashes the back end: every program the checker accepts compiles to files or to
// MLP41xx diagnostics with locations, never an exception, and the same program gives the same bytes.

function emitsCleanly(input: FuzzInput): void {
  const checked = checkFile(input.root, memoryHost(input.files));
  if (checked.program === undefined || hasErrors(checked.diagnostics)) return;
  const a = emitArgo(checked.program);
  for (const d of a.diagnostics) {
    if (!/^MLP41\d\d$/.test(d.code)) throw new Error(`unexpected diagnostic ${d.code}: ${d.message}`);
    if (d.loc === undefined) throw new Error(`${d.code} has no location`);
  }
  for (const f of a.files) parse(f.content);
  const b = emitArgo(checked.program);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error("two runs gave different output");
}

describe("Argo back end robustness", () => {
  it("never throws on programs made from mutated sources", () => {
    fc.assert(fc.property(mutatedSource, emitsCleanly), { seed: 20_261_126, numRuns: 300 });
  });

  it("compiles generated pipelines of every construct the benchmark uses", () => {
    for (const seed of [1, 2, 3]) {
      const checked = checkSource(generatePipeline(300, { seed }));
      expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const out = emitArgo(checked.program!);
      const errors = out.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(out.files).toHaveLength(1);
    }
  });
});
