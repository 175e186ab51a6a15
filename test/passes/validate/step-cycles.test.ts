import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("step-cycles", () => {
  it("accepts forward references and explicit ordering without a cycle", () => {
    expectDiagnostics(
      `pipeline p {
  ev = evaluate(model: fit.model, test: prep.test) after fit
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
}
`,
      [],
    );
  });

  it("reports a cycle through arguments with its path and every edge", () => {
    const src = `pipeline p {
  a = train(data: c.train)
  b = evaluate(model: a.model, test: c.test)
  c = prepare(source: b.verdict)
}
`;
    const [d] = expectDiagnostics(src, [["MLP2009", "a = train(data: c.train)"]]);
    expect(d.message).toContain("a -> c -> b -> a");
    const { text } = check(src);
    expect(relatedAt(d)).toEqual([at(text, "c.train"), at(text, "b.verdict"), at(text, "a.model")]);
  });

  it("reports a step that reads its own output, and cycles through 'after' and conditions", () => {
    const src = `pipeline p {
  fit = train(data: prep.train, lr: fit.accuracy)
  prep = prepare(source: "s3://a") after check
  if fit.passed {
    check = notify(message: "ok")
  }
}
`;
    const ds = expectDiagnostics(src, [
      ["MLP2009", "fit = train(data: prep.train, lr: fit.accuracy)"],
      ["MLP2009", "fit = train(data: prep.train, lr: fit.accuracy)"],
    ]);
    expect(ds.map((d) => d.message.match(/: (.*)\.$/)?.[1])).toEqual(["fit -> fit", "fit -> prep -> check -> fit"]);
    const { text } = check(src);
    expect(relatedAt(ds[1])).toEqual([at(text, "prep.train"), at(text, "check\n"), at(text, "fit.passed")]);
  });

  it("reports independent cycles separately", () => {
    expectDiagnostics(
      `pipeline p {
  a = notify(message: "x") after b
  b = notify(message: "y") after a
  c = notify(message: "z") after c
}
`,
      [
        ["MLP2009", `a = notify(message: "x")`],
        ["MLP2009", `c = notify(message: "z")`],
      ],
    );
  });
});
