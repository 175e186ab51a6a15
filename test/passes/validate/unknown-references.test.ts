import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("unknown-references", () => {
  it("accepts references to parameters, steps, outputs, loop variables, sub-pipelines and importers", () => {
    expectDiagnostics(
      `pipeline p {
  param source: String = "s3://a"
  param shards: List<Int> = [1, 2]
  data = import Dataset from source
  sub = train_eval(source: source)
  fit = train(data: data.artifact) after sub
  for s in shards {
    score(model: sub.model, shard: s)
  }
  ev = evaluate(model: fit.model, test: data.artifact)
}
`,
      [],
    );
  });

  it("reports an unknown component with a suggestion", () => {
    const [d] = expectDiagnostics(`pipeline p {\n  a = prepare(source: "s3://a")\n  b = prepar(source: "s3://b")\n}\n`, [["MLP2001", "= «prepar»("]]);
    expect(d.message).toContain("Did you mean 'prepare'?");
  });

  it("reports unknown parameters, steps and outputs, each with its suggestion", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  param source: String = "s3://a"
  prep = prepare(source: sourse)
  fit = train(data: prep.tain)
  ev = evaluate(model: fitt.model, test: prep.test)
}
`,
      [
        ["MLP2002", "sourse"],
        ["MLP2003", "prep.tain"],
        ["MLP2002", "fitt.model"],
      ],
    );
    expect(ds.map((d) => d.message.match(/Did you mean '([^']+)'/)?.[1])).toEqual(["source", "train", "fit"]);
  });

  it("points at the step declaration for an unknown output, and knows importer and sub-pipeline outputs", () => {
    const src = `pipeline p {
  data = import Dataset from "s3://a"
  sub = train_eval(source: "s3://a")
  train(data: data.dataset)
  evaluate(model: sub.mode, test: data.artifact)
}
`;
    const ds = expectDiagnostics(src, [
      ["MLP2003", "data.dataset"],
      ["MLP2003", "sub.mode"],
    ]);
    const { text } = check(src);
    expect(relatedAt(ds[0])).toEqual([at(text, "data = import")]);
    expect(ds[1].message).toContain("Did you mean 'model'?");
  });

  // Unknown tune targets and callees of .mlpipe files are reported while lowering, where the
  // suggestion can draw on every imported name (test/frontend/dsl-lower.test.ts); this rule reports
  // them for IR from other front ends.
  it("reports unknown steps in 'after'", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  notify(message: "x") after prep, prp, nothing
}
`,
      [
        ["MLP2027", "prp"],
        ["MLP2027", "nothing"],
      ],
    );
    expect(ds[0].message).toContain("Did you mean 'prep'?");
    expect(ds[1].message).not.toContain("Did you mean");
  });

  it("does not report fields of a loop variable (structs are untyped)", () => {
    expectDiagnostics(
      `pipeline p {
  for cfg in [{ shard: 1 }, { shard: 2 }] {
    score(model: m.model, shard: cfg.shard)
  }
  m = train(data: d.artifact)
  d = import Dataset from "s3://a"
}
`,
      [],
    );
  });
});
