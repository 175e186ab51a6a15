import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

const LISTS = `
component take_list {
  image "ghcr.io/acme/take:1.0"
  input xs: List
  input names: List<String> = []
  run ["take", xs, names]
}

pipeline fan_in {
  param xs: List
  output n: List = xs
  take_list(xs: xs)
}
`;

describe("artifact-lists", () => {
  it("accepts collect of a parameter output, including a String that carries an artifact's URI", () => {
    expectDiagnostics(
      `${LISTS}
pipeline p {
  for s in [1, 2] {
    fit = train(data: prep.train, epochs: s)
  }
  prep = prepare(source: "s3://a")
  take_list(xs: collect(fit.accuracy), names: ["a"])
}
`,
      [],
    );
  });

  it("reports collect of an artifact output wherever it flows: an untyped List input, a sub-pipeline input, a pipeline output, a loop", () => {
    const src = `${LISTS}
pipeline p {
  output models: List = collect(fit.model)
  for s in [1, 2] {
    fit = train(data: prep.train, epochs: s)
  }
  prep = prepare(source: "s3://a")
  take_list(xs: collect(fit.model))
  fan_in(xs: collect(fit.model))
  for m in collect(fit.model) {
    notify(message: "one")
  }
}
`;
    const ds = expectDiagnostics(src, [
      ["MLP2058", "output models: List = «collect(fit.model)»"],
      ["MLP2058", "take_list(xs: «collect(fit.model)»"],
      ["MLP2058", "fan_in(xs: «collect(fit.model)»"],
      ["MLP2058", "for m in «collect(fit.model)»"],
    ]);
    expect(ds[0].message).toContain("collect(fit.model) is a list of Model artifacts");
    expect(ds[0].message).toContain("List<String>");
    const { text } = check(src);
    expect(relatedAt(ds[0])).toEqual([at(text, "fit = train(data: prep.train, epochs: s)")]);
  });

  it("reports a list literal of artifacts given where a List is expected", () => {
    expectDiagnostics(
      `${LISTS}
pipeline p {
  prep = prepare(source: "s3://a")
  take_list(xs: [prep.train, prep.test])
}
`,
      [["MLP2058", "take_list(xs: [«prep.train», prep.test])"], ["MLP2058", "take_list(xs: [prep.train, «prep.test»])"]],
    );
  });

  it("says what to write instead: a URI output for collect, separate inputs for a list literal", () => {
    const { diagnostics } = check(`${LISTS}
pipeline p {
  for s in [1, 2] {
    fit = train(data: prep.train, epochs: s)
  }
  prep = prepare(source: "s3://a")
  take_list(xs: collect(fit.model))
  take_list(xs: [prep.train])
}
`);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "collect(fit.model) is a list of Model artifacts, and lists of artifacts do not exist; write the artifact's URI (model.uri) to a String output inside the loop and collect that, a List<String>.",
      "'prep.train' makes this a list of Dataset artifacts, and lists of artifacts do not exist; pass each artifact to an input of its own.",
    ]);
  });
});
