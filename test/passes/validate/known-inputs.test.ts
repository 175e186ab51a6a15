import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("known-inputs", () => {
  it("accepts arguments that name inputs of components and parameters of sub-pipelines", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a", sample: 0.5)
  sub = train_eval(source: "s3://b")
  train(data: prep.train, lr: 0.1, epochs: 3, tags: ["a"])
}
tune t of sweep {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  search kernel: String in ["rbf", "linear"]
}
`,
      [],
    );
  });

  it("reports every unknown argument, with a suggestion", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a", sampel: 0.5, seed: 1)
  train_eval(source: "s3://b", sources: "s3://c")
}
`,
      [
        ["MLP2004", "sampel"],
        ["MLP2004", "seed"],
        ["MLP2004", "«sources»:"],
      ],
    );
    expect(ds.map((d) => d.message.match(/Did you mean '([^']+)'/)?.[1])).toEqual(["sample", undefined, "source"]);
  });

  it("reports searched names that are not inputs of the tuned component", () => {
    const [d] = expectDiagnostics(
      `tune t of sweep {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  search dept: Int in 1 .. 8
}
`,
      [["MLP2004", "dept"]],
    );
    expect(d.message).toContain("Did you mean 'depth'?");
  });
});
