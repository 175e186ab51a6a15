import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("condition-types", () => {
  it("accepts comparisons, and/or/not and Bool parameters and outputs", () => {
    expectDiagnostics(
      `pipeline p {
  param strict: Bool = true
  param threshold: Float = 0.9
  param stage: String = "prod"
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  if fit.accuracy >= threshold and not strict or stage == "dev" {
    notify(message: "a")
  } elif fit.passed {
    notify(message: "b")
  } elif strict {
    notify(message: "c")
  } elif fit.accuracy > 1 and stage < "z" {
    notify(message: "d")
  }
}
`,
      [],
    );
  });

  it("reports conditions that are not Bool, and non-Bool operands of and/or/not", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  param stage: String = "prod"
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  if fit.accuracy {
    notify(message: "a")
  } elif stage {
    notify(message: "b")
  }
  if not fit.model or fit.passed and 1 {
    notify(message: "c")
  }
}
`,
      [
        ["MLP2011", "if «fit.accuracy»"],
        ["MLP2011", "elif «stage»"],
        ["MLP2011", "not «fit.model»"],
        ["MLP2011", "and «1»"],
      ],
    );
    expect(ds.map((d) => d.message.match(/this is (\w+)/)?.[1])).toEqual(["Float", "String", "Model", "Int"]);
  });

  it("reports comparisons of unlike operands", () => {
    expectDiagnostics(
      `pipeline p {
  param stage: String = "prod"
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  ev = evaluate(model: fit.model, test: prep.test)
  if ev.verdict > 0.5 {
    notify(message: "a")
  }
  if stage == 1 or fit.passed < true or fit.model == fit.model {
    notify(message: "b")
  }
}
`,
      [
        ["MLP2019", "ev.verdict > 0.5"],
        ["MLP2019", "stage == 1"],
        ["MLP2019", "fit.passed < true"],
        ["MLP2019", "fit.model == fit.model"],
      ],
    );
  });
});
