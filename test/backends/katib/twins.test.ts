import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { emitKatib } from "../../../src/backends/katib/index.js";
import { emitKserve } from "../../../src/backends/kserve/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { buildProgram } from "../../../src/frontend/builder/program.js";

// An example and its TypeScript twin (same path, `.ts`) build the same IR (test/builder/twins.test.ts);
// here, the Katib and KServe back ends write the same bytes for both, diagnostics alike (their
// locations are the front end's own).

const root = process.cwd();

function mlpipeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? mlpipeFiles(join(dir, e.name)) : e.name.endsWith(".mlpipe") ? [join(dir, e.name)] : []))
    .sort();
}

const examples = mlpipeFiles(join(root, "examples")).map((f) => relative(root, f));

describe("Katib and KServe output of the examples' TypeScript twins", () => {
  for (const example of examples) {
    const twin = example.replace(/\.mlpipe$/, ".ts");
    it.runIf(existsSync(join(root, twin)))(`${twin} compiles to the same manifests as ${example}`, async () => {
      const dsl = checkFile(example, fileHost(root));
      const exports = (await import(pathToFileURL(join(root, twin)).href)) as Record<string, unknown>;
      const ts = buildProgram(exports, root);
      expect(ts.diagnostics).toEqual([]);
      for (const emit of [emitKatib, emitKserve]) {
        const a = emit(dsl.program!);
        const b = emit(ts.program!);
        expect(b.files).toEqual(a.files);
        expect(b.diagnostics.map((d) => [d.code, d.message])).toEqual(a.diagnostics.map((d) => [d.code, d.message]));
      }
    });
  }
});
