import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("argument-types", () => {
  it("accepts matching types, Int for Float, any artifact for Artifact, lists, collect and interpolation", () => {
    expectDiagnostics(
      `pipeline p {
  param n: Int = 2
  param shards: List<Int> = [1, 2]
  prep = prepare(source: "s3://\${n}", sample: 1)
  fit = train(data: prep.train, lr: n, epochs: 3, tags: ["a", "b"])
  publish(artifact: fit.model, name: "model-\${n}")
  for s in shards {
    sc = score(model: fit.model, shard: s)
  }
  summarize(aucs: collect(sc.auc))
  summarize(aucs: [0.5, 1])
  train(data: prep.test, tags: null)
}
`,
      [],
    );
  });

  it("reports parameters given for artifacts and artifacts given for parameters", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: "s3://a/train.csv")
  score(model: fit.model, shard: prep.train)
}
`,
      [
        ["MLP2007", `"s3://a/train.csv"`],
        ["MLP2007", "shard: «prep.train»"],
      ],
    );
    expect(ds[0].message).toContain("expects Dataset but is given String");
    expect(ds[1].message).toContain("expects Int but is given Dataset");
  });

  it("reports the wrong kind of artifact, a Float for an Int and a bad list item", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train, epochs: 2.5)
  evaluate(model: prep.train, test: fit.model)
  summarize(aucs: [0.5, "high", 0.7])
  train(data: prep.train, tags: "a")
}
`,
      [
        ["MLP2007", "2.5"],
        ["MLP2007", "model: «prep.train»"],
        ["MLP2007", "test: «fit.model»"],
        ["MLP2007", `"high"`],
        ["MLP2007", `tags: «"a"»`],
      ],
    );
  });

  it("reports an interpolated string for a number, null for a required input and a non-String importer URI", () => {
    expectDiagnostics(
      `pipeline p {
  param n: Int = 1
  data = import Dataset from 42
  fit = train(data: data.artifact)
  score(model: fit.model, shard: "\${n}")
  prepare(source: null)
}
`,
      [
        ["MLP2007", "42"],
        ["MLP2007", `"\${n}"`],
        ["MLP2007", "null"],
      ],
    );
  });

  it("leaves arguments with unknown references to unknown-references", () => {
    expectDiagnostics(`pipeline p {\n  train(data: nothing.train, lr: missing)\n}\n`, [
      ["MLP2002", "nothing.train"],
      ["MLP2002", "missing"],
    ]);
  });

  it("checks a tune's search spaces against the inputs' types", () => {
    expectDiagnostics(
      `tune t of sweep {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  search depth: Float in 1.5 .. 8.5
  search kernel: String in ["rbf", "poly"]
}
`,
      [["MLP2007", "search «depth»"]],
    );
  });
});
