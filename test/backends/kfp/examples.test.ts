import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { kfpSanitize } from "../../../src/kubernetes/names.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { conformanceTest, parseKfp, recordForConformance } from "./conformance.js";

// Every example compiles to KFP: no errors, one file per pipeline of the program, each a pipeline
// spec of that pipeline; the files pass kfp-validate -W (the last test). Warnings are allowed: they
// say which settings KFP has no place for (a schedule, a service account…), and the examples use
// them for the other targets.

const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));
const FILES = readdirSync(EXAMPLES).filter((n) => n.endsWith(".mlpipe")).sort();

describe("every example compiles to KFP", () => {
  it("has examples", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of FILES) {
    it(name, () => {
      const checked = checkFile(name, fileHost(EXAMPLES));
      expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const program = checked.program!;
      const result = emitKfp(program);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.files.map((f) => f.name)).toEqual(program.pipelines.map((p) => `${kfpSanitize(p.name)}.kfp.yaml`).sort());
      for (const file of result.files) {
        const [spec] = parseKfp(file.content);
        expect(`${spec.pipelineInfo.name}.kfp.yaml`).toBe(file.name);
        expect(Object.keys(spec.root.dag.tasks).length).toBeGreaterThan(0);
      }
      recordForConformance(result.files);
    });
  }
});

conformanceTest();
