import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("required-inputs", () => {
  it("accepts steps that leave out only inputs with defaults, optional inputs and a Status in finally", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  train(data: prep.train)
  finally {
    report()
  }
}
`,
      [],
    );
  });

  it("reports each missing input of a step at the call, pointing at its declaration", () => {
    const src = `component join {
  image "ghcr.io/acme/join:1"
  input left: Dataset
  input right: Dataset
  input how: String = "inner"
  output joined: Dataset
  run ["join", left.path, right.path, how, joined.path]
}
pipeline p {
  j = join(how: "outer")
}
`;
    const ds = expectDiagnostics(
      src,
      [
        ["MLP2005", "= «join»("],
        ["MLP2005", "= «join»("],
      ],
      { lib: false },
    );
    expect(ds.map((d) => d.message.match(/input '(\w+)'/)?.[1]).sort()).toEqual(["left", "right"]);
    const { text } = check(src, { lib: false });
    expect(ds.map(relatedAt).sort()).toEqual([[at(text, "left: Dataset")], [at(text, "right: Dataset")]]);
  });

  it("reports missing parameters of a sub-pipeline and unsearched inputs of a tune", () => {
    expectDiagnostics(
      `pipeline p {
  train_eval()
}
tune t of sweep {
  objective minimize loss
  algorithm random
  search depth: Int in 1 .. 8
}
`,
      [
        ["MLP2005", "train_eval"],
        ["MLP2005", "of «sweep»"],
      ],
    );
  });
});
