import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const train = (data: string) => `component train {
  image "ghcr.io/acme/train:1.0"
  input data: ${data}
  input lr: Float
  output auc: Float
  run ["train", "--lr", lr, "--auc", auc.path]
}
`;
const tune = (target: string, extra = "") => `tune sweep of ${target} {
  objective maximize auc
  algorithm random
  search lr: Float in 0.01 .. 0.1
${extra}}
`;

describe("tune-artifact-inputs", () => {
  it("reports a required artifact input of a tuned component at the tune's target, and nothing else about it", () => {
    const [d] = expectDiagnostics(train("Dataset") + tune("train"), [["MLP2160", "of «train»"]], { lib: false });
    expect(d.message).toContain("Input 'data' of 'train' is a Dataset artifact");
  });

  it("reports an artifact given in `with` at the value, not as a type mismatch", () => {
    expectDiagnostics(train("Model?") + tune("train", `  with { data: "s3://acme/m" }\n`), [["MLP2160", `«"s3://acme/m"»`]], { lib: false });
  });

  it("leaves an optional artifact input that is not given alone", () => {
    expectDiagnostics(train("Dataset?") + tune("train"), [], { lib: false });
  });

  it("does not apply to a tune of a pipeline, whose trial imports what it needs", () => {
    const pipeline = `pipeline p {
  param lr: Float = 0.1
  output auc: Float = t.auc
  d = import Dataset from "s3://acme/d"
  t = train(data: d.artifact, lr: lr)
}
`;
    expectDiagnostics(train("Dataset") + pipeline + tune("p"), [], { lib: false });
  });
});
