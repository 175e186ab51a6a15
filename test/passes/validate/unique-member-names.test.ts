import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("unique-member-names", () => {
  it("accepts distinct inputs, outputs, parameters and arguments", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input a: String
  output b: String
  run ["c", a, b.path]
}
pipeline p {
  param a: String = "x"
  output b: String = s.b
  s = c(a: a)
}
`,
      [],
      { lib: false },
    );
  });

  it("reports an input and an output with the same name, and repeated inputs", () => {
    const src = `component c {
  image "ghcr.io/acme/c:1"
  input data: String
  input data: String
  output data: String
  run ["c", data]
}
pipeline p {
  c(data: "s3://a")
}
`;
    const ds = expectDiagnostics(
      src,
      [
        ["MLP2006", "input «data»", 1],
        ["MLP2006", "output «data»"],
      ],
      { lib: false },
    );
    const { text } = check(src, { lib: false });
    expect(ds.map(relatedAt)).toEqual([[at(text, "data: String")], [at(text, "data: String")]]);
  });

  it("reports repeated parameters, pipeline outputs and step arguments", () => {
    expectDiagnostics(
      `pipeline p {
  param source: String = "s3://a"
  param source: String = "s3://b"
  output model: Model = fit.model
  output model: Model = fit.model
  prep = prepare(source: source, source: "s3://c")
  fit = train(data: prep.train)
}
`,
      [
        ["MLP2006", "param «source»", 1],
        ["MLP2006", "output «model»", 1],
        ["MLP2006", `«source»: "s3://c"`],
      ],
    );
  });

  it("reports a tune that searches the same input twice", () => {
    expectDiagnostics(
      `tune t of sweep {
  objective minimize loss
  algorithm random
  search lr: Float in 0.001 .. 0.1
  search lr: Float in 0.01 .. 0.2
}
`,
      [["MLP2006", "search «lr»", 1]],
    );
  });
});
