import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { fileHost } from "../../src/cli/fs-host.js";
import { checkFile } from "../../src/compiler.js";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { Artifact, component, Float, Int, Model, pipeline } from "../../src/index.js";
import { programToJson } from "../../src/ir/json.js";
import { checkSource } from "../helpers.js";

// Every example exists twice: as a `.mlpipe` file and as its TypeScript twin (`.ts`, same path),
// written with the builder API as users import it (`from "mlpc"`). Both must lower to the same IR,
// location aside: the `.mlpipe` front end is the reference.

const root = process.cwd();
const examplesDir = join(root, "examples");

function mlpipeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? mlpipeFiles(join(dir, e.name)) : e.name.endsWith(".mlpipe") ? [join(dir, e.name)] : []))
    .sort();
}

const examples = mlpipeFiles(examplesDir).map((f) => relative(root, f));

describe("TypeScript twins of the examples", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    const twin = example.replace(/\.mlpipe$/, ".ts");
    it(`${twin} builds the same IR as ${example}`, async () => {
      expect(existsSync(join(root, twin)), `missing twin ${twin}`).toBe(true);

      const dsl = checkFile(example, fileHost(root));
      expect(dsl.diagnostics, `diagnostics of ${example}`).toEqual([]);
      expect(dsl.program).toBeDefined();

      const exports = (await import(pathToFileURL(join(root, twin)).href)) as Record<string, unknown>;
      const ts = buildProgram(exports, root);
      expect(ts.diagnostics, `diagnostics of ${twin}`).toEqual([]);
      expect(ts.program).toBeDefined();

      const tsJson = programToJson(ts.program!, { withLoc: false });
      const dslJson = programToJson(dsl.program!, { withLoc: false });
      // Parsed first, so that a difference shows as a readable diff; then byte for byte.
      expect(JSON.parse(tsJson)).toEqual(JSON.parse(dslJson));
      expect(tsJson).toBe(dslJson);
    });
  }
});

// Constructs no example uses, compared the same way.
describe("TypeScript twins of language constructs", () => {
  it("declares a pipeline output's type where it is not its value's own", () => {
    const dsl = checkSource({
      "outputs.mlpipe": `
component train {
  image  "ghcr.io/acme/train:1.0"
  output model: Model
  output epochs: Int
  run    ["train", model.path, epochs.path]
}
pipeline p {
  output model: Artifact = fit.model
  output epochs: Float = fit.epochs
  fit = train()
}
`,
    });
    expect(dsl.diagnostics).toEqual([]);
    const train = component("train", { image: "ghcr.io/acme/train:1.0", outputs: { model: Model, epochs: Int }, run: ({ model, epochs }) => ["train", model.path, epochs.path] });
    const p = pipeline("p", { outputs: { model: Artifact, epochs: Float } }, () => {
      const fit = train({}, { name: "fit" });
      return { model: fit.outputs.model, epochs: fit.outputs.epochs };
    });
    const ts = buildProgram({ train, p }, root);
    expect(ts.diagnostics).toEqual([]);
    expect(JSON.parse(programToJson(ts.program!, { withLoc: false }))).toEqual(JSON.parse(programToJson(dsl.program!, { withLoc: false })));

    const missing = pipeline("missing", { outputs: { model: Artifact, epochs: Float } }, () => ({ model: train({}).outputs.model }));
    expect(buildProgram({ missing }, root).diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("pipeline output 'epochs'")]);
  });
});
