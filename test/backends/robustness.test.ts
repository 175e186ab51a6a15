import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { generatePipeline } from "../../bench/generate.js";
import { emitArgo } from "../../src/backends/argo/index.js";
import { emitKatib } from "../../src/backends/katib/index.js";
import { emitKfp } from "../../src/backends/kfp/index.js";
import { emitKserve } from "../../src/backends/kserve/index.js";
import { emitRbac } from "../../src/backends/rbac/index.js";
import { hasErrors, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { checkFile } from "../../src/compiler.js";
import { memoryHost } from "../../src/frontend/host.js";
import type { Program } from "../../src/ir/types.js";
import { mutatedSource, type FuzzInput } from "../fuzz/arbitraries.js";
import { checkSource } from "../helpers.js";

// Bad input never crashes a back end: every program the checker accepts compiles to files that are
// YAML, or to back-end diagnostics (MLP4xxx) with locations — never an exception — and the same
// program gives the same bytes.

const BACKENDS: readonly { readonly name: string; emit(program: Program): { files: readonly { content: string }[]; diagnostics: readonly Diagnostic[] } }[] = [
  { name: "kfp", emit: emitKfp },
  { name: "argo", emit: emitArgo },
  { name: "katib", emit: emitKatib },
  { name: "kserve", emit: emitKserve },
  { name: "rbac", emit: emitRbac },
];

function emitsCleanly(input: FuzzInput): void {
  const checked = checkFile(input.root, memoryHost(input.files));
  if (checked.program === undefined || hasErrors(checked.diagnostics)) return;
  for (const backend of BACKENDS) {
    const a = backend.emit(checked.program);
    for (const d of a.diagnostics) {
      if (!/^MLP4\d{3}$/.test(d.code)) throw new Error(`${backend.name}: unexpected diagnostic ${d.code}: ${d.message}`);
      if (d.loc === undefined) throw new Error(`${backend.name}: ${d.code} has no location`);
    }
    for (const f of a.files) {
      for (const doc of parseAllDocuments(f.content)) if (doc.errors.length > 0) throw new Error(`${backend.name}: ${doc.errors[0].message}`);
    }
    const b = backend.emit(checked.program);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${backend.name}: two runs gave different output`);
  }
}

describe("back-end robustness", () => {
  it("no back end throws on programs made from mutated sources", () => {
    fc.assert(fc.property(mutatedSource, emitsCleanly), { seed: 20_261_127, numRuns: 300 });
  });

  for (const backend of BACKENDS.filter((b) => b.name === "kfp" || b.name === "argo")) {
    it(`the ${backend.name} back end compiles generated pipelines of every construct the benchmark uses`, () => {
      for (const seed of [1, 2, 3]) {
        const checked = checkSource(generatePipeline(300, { seed }));
        expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const out = backend.emit(checked.program!);
        expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
        expect(out.files).toHaveLength(1);
      }
    });
  }
});
