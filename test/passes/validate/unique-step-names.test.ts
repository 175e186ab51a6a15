import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("unique-step-names", () => {
  it("accepts distinct names and names anonymous steps apart", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  notify(message: "one")
  notify(message: "two")
}
`,
      [],
    );
  });

  it("reports duplicates across nested blocks and finally, each pointing at the first", () => {
    const src = `pipeline p {
  param big: Bool = true
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  if big {
    fit = train(data: prep.train, epochs: 50)
  }
  for s in [1, 2] {
    fit = train(data: prep.train, epochs: s)
  }
  finally {
    prep = notify(message: "done")
  }
}
`;
    const ds = expectDiagnostics(src, [
      ["MLP2006", "fit = train(data: prep.train, epochs: 50)"],
      ["MLP2006", "fit = train(data: prep.train, epochs: s)"],
      ["MLP2006", `prep = notify(message: "done")`],
    ]);
    const { text } = check(src);
    expect(ds.map(relatedAt)).toEqual([[at(text, "fit =")], [at(text, "fit =")], [at(text, "prep =")]]);
  });

  it("counts importers as steps", () => {
    expectDiagnostics(
      `pipeline p {
  data = import Dataset from "s3://acme/data.csv"
  data = prepare(source: "s3://a")
  train(data: data.artifact)
}
`,
      [["MLP2006", `data = prepare(source: "s3://a")`]],
    );
  });
});
