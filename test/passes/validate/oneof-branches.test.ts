import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("oneof-branches", () => {
  it("accepts the outputs of the branches of an if/elif/else with an else, one per branch, read after it", () => {
    expectDiagnostics(
      `pipeline p {
  output verdict: String = oneOf(a.verdict, b.verdict, c.verdict)
  m = train(data: prep.train)
  prep = prepare(source: "s3://b/k")
  if m.accuracy > 0.9 {
    a = evaluate(model: m.model, test: prep.test)
  } elif m.accuracy > 0.5 {
    b = evaluate(model: m.model, test: prep.test)
  } else {
    c = evaluate(model: m.model, test: prep.train)
  }
  notify(message: oneOf(a.verdict, b.verdict, c.verdict))
  publish(artifact: oneOf(a.metrics, b.metrics, c.metrics), name: "metrics")
}
`,
      [],
    );
  });

  it("reports steps that are not one per branch of one if/elif/else with an else (MLP2057)", () => {
    const [noElse, sameBranch, notEvery, otherIf, nested] = expectDiagnostics(
      `pipeline p {
  m = train(data: prep.train)
  prep = prepare(source: "s3://b/k")
  if m.accuracy > 0.9 {
    a = evaluate(model: m.model, test: prep.test)
    a2 = evaluate(model: m.model, test: prep.train)
    if m.passed {
      deep = evaluate(model: m.model, test: prep.train)
    }
  } elif m.accuracy > 0.5 {
    b = evaluate(model: m.model, test: prep.test)
  }
  if m.passed {
    c = evaluate(model: m.model, test: prep.test)
  } else {
    d = evaluate(model: m.model, test: prep.test)
  }
  notify(message: oneOf(a.verdict, b.verdict))
  notify(message: oneOf(c.verdict, d.verdict, d.verdict))
  if m.passed {
    e = evaluate(model: m.model, test: prep.test)
  } elif m.accuracy > 0.1 {
    f = evaluate(model: m.model, test: prep.test)
  } else {
    g = evaluate(model: m.model, test: prep.test)
  }
  notify(message: oneOf(e.verdict, g.verdict))
  notify(message: oneOf(c.verdict, e.verdict))
  notify(message: oneOf(m.passed, deep.verdict))
}
`,
      [
        ["MLP2057", "oneOf(a.verdict, b.verdict)"],
        ["MLP2057", "oneOf(c.verdict, d.verdict, d.verdict)"],
        ["MLP2057", "oneOf(e.verdict, g.verdict)"],
        ["MLP2057", "oneOf(c.verdict, e.verdict)"],
        ["MLP2057", "oneOf(m.passed, deep.verdict)"],
      ],
    );
    expect(noElse.message).toContain("has no else");
    expect(sameBranch.message).toContain("same branch");
    expect(notEvery.message).toContain("not every branch");
    expect(otherIf.message).toContain("another if/elif/else");
    expect(nested.message).toContain("not directly in a branch");
  });

  it("reports a oneOf read inside its own if, and outputs of different types (MLP2057)", () => {
    const [inside, types] = expectDiagnostics(
      `pipeline p {
  m = train(data: prep.train)
  prep = prepare(source: "s3://b/k")
  if m.passed {
    x = evaluate(model: m.model, test: prep.test)
  } else {
    w = evaluate(model: m.model, test: prep.train)
    notify(message: oneOf(x.verdict, w.verdict))
  }
  if m.passed {
    y = evaluate(model: m.model, test: prep.test)
  } else {
    z = train(data: prep.train)
  }
  notify(message: oneOf(y.verdict, z.accuracy))
}
`,
      [
        ["MLP2057", "oneOf(x.verdict, w.verdict)"],
        ["MLP2057", "oneOf(y.verdict, z.accuracy)"],
      ],
    );
    expect(inside.message).toContain("has not finished");
    expect(types.message).toContain("different types (String, Float)");
  });
});
