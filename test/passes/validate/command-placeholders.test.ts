import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const pipeline = `pipeline p {\n  c(data: d.artifact, lr: 0.1)\n  d = import Dataset from "s3://a"\n}\n`;

describe("command-placeholders", () => {
  it("accepts placeholders that fit the kind of each input and output", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input data: Dataset
  input lr: Float
  input seed: Int?
  output model: Model
  output score: Float
  run ["c", data.path, data.uri, data.metadata, lr, "--lr=\${lr}", model.path, model.uri, model.metadata,
       score.path, if seed ["--seed", seed] else ["--random"]]
}
${pipeline}`,
      [],
      { lib: false },
    );
  });

  it("reports placeholders of the wrong kind", () => {
    const ds = expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input data: Dataset
  input lr: Float
  output model: Model
  output score: Float
  run ["c", data, lr.path, score.uri, model.path, score.metadata, "--x=\${modl.path}"]
}
${pipeline}`,
      [
        ["MLP2023", `"c", «data»`],
        ["MLP2023", "lr.path"],
        ["MLP2023", "score.uri"],
        ["MLP2023", "score.metadata"],
        ["MLP2023", "modl.path"],
      ],
      { lib: false },
    );
    expect(ds[0].message).toContain("'data.path'");
    expect(ds[4].message).toContain("did you mean 'model'");
  });

  it("reports 'if' over an input that is not optional, and over an unknown input", () => {
    const ds = expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input data: Dataset
  input lr: Float
  input seed: Int?
  run ["c", data.path, if lr ["--lr", lr], if sed ["--seed", seed]]
}
${pipeline}`,
      [
        ["MLP2025", `if lr ["--lr", lr]`],
        ["MLP2023", `if sed ["--seed", seed]`],
      ],
      { lib: false },
    );
    expect(ds[1].message).toContain("did you mean 'seed'");
  });
});
