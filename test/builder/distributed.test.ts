import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { programToJson } from "../../src/ir/json.js";
import { component, Dataset, importer, Model, pipeline } from "../../src/index.js";
import { checkSource } from "../helpers.js";

// `distributed` in the builder: the same IR as the language's block, and the same codes for values
// the language refuses (plain JavaScript or `as any` gets past tsc).

const MLPIPE = `
component ft {
  image "ghcr.io/acme/ft:1.0"
  input data: Dataset
  output model: Model
  run ["torchrun", "t.py", data.uri, model.uri]
  distributed { job pytorchjob  nodes 4  procsPerNode 2  elastic 2 .. 6  restart onFailure  backoffLimit 3 }
}

pipeline p {
  d = import Dataset from "s3://acme/d"
  f = ft(data: d.artifact) { distributed { nodes 3 } }
}
`;

const ft = component("ft", {
  image: "ghcr.io/acme/ft:1.0",
  inputs: { data: Dataset },
  outputs: { model: Model },
  run: ({ data, model }) => ["torchrun", "t.py", data.uri, model.uri],
  distributed: { job: "pytorchjob", nodes: 4, procsPerNode: 2, elastic: { min: 2, max: 6 }, restart: "onFailure", backoffLimit: 3 },
});

describe("distributed in the builder", () => {
  it("gives the language's IR, a step's block over its component's", () => {
    const p = pipeline("p", {}, () => {
      const d = importer(Dataset, "s3://acme/d", { name: "d" });
      ft({ data: d.outputs.artifact }, { name: "f", distributed: { nodes: 3 } });
    });
    const built = buildProgram({ ft, p }, process.cwd());
    expect(built.diagnostics).toEqual([]);
    const dsl = checkSource(MLPIPE);
    expect(JSON.parse(programToJson(built.program!, { withLoc: false }))).toEqual(JSON.parse(programToJson(dsl.program!, { withLoc: false })));
  });

  it("reports what the language reports, with its codes", () => {
    const bad = component("bad", {
      image: "ghcr.io/acme/ft:1.0",
      run: () => ["t"],
      distributed: { job: "mpijob", nodes: 0, restart: "sometimes", elastic: 3, workers: 2 } as any,
    });
    const built = buildProgram({ bad }, process.cwd());
    expect(built.diagnostics.map((d) => `${d.code} ${d.message}`).sort()).toEqual([
      "MLP2170 Unknown training job kind 'mpijob'; write trainjob (Kubeflow Trainer v2), pytorchjob or tfjob (Training Operator v1).",
      "MLP2172 Invalid 'nodes': it must be a whole number of at least 1.",
      "MLP2171 Unknown restart policy 'sometimes'; write onFailure, never, always or exitCode.",
      "MLP2173 Invalid 'elastic': write it as a range such as 'elastic 2 .. 8'.",
      "MLP2034 Unknown field 'workers' of a distributed block.",
    ].sort());
  });
});
