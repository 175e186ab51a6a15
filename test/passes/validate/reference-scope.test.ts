import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("reference-scope", () => {
  it("accepts outputs used where they exist, collect after loops, and finally reading the body", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  for shard in [1, 2] {
    s = score(model: fit.model, shard: shard)
    notify(message: "auc \${s.auc}")
    for k in [1, 2] {
      inner = score(model: fit.model, shard: k)
    }
    summarize(aucs: collect(inner.auc))
  }
  best = summarize(aucs: collect(s.auc))
  if fit.passed {
    ev = evaluate(model: fit.model, test: prep.test)
    notify(message: ev.verdict)
  }
  if fit.accuracy > 0.9 {
    serve fraud_model {
      model sklearn from fit.model
    }
  }
  finally {
    notify(message: "best \${best.best}")
  }
}
`,
      [],
    );
  });

  it("reports an output of a loop step used after the loop, suggesting collect", () => {
    const src = `pipeline p {
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  for shard in [1, 2] {
    s = score(model: fit.model, shard: shard)
  }
  notify(message: "\${s.auc}")
}
`;
    const [d] = expectDiagnostics(src, [["MLP2010", "s.auc"]]);
    expect(d.message).toContain("collect(s.auc)");
    const { text } = check(src);
    expect(relatedAt(d)).toEqual([at(text, "s = score"), at(text, "shard in")]);
  });

  it("reports collect of a step outside any loop, and collect inside the step's own loop", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  summarize(aucs: collect(fit.accuracy))
  for shard in [1, 2] {
    s = score(model: fit.model, shard: shard)
    summarize(aucs: collect(s.auc))
  }
}
`,
      [
        ["MLP2020", "collect(fit.accuracy)"],
        ["MLP2010", "collect(s.auc)"],
      ],
    );
  });

  it("reports outputs of a branch used outside it or in another branch", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  if fit.passed {
    ev = evaluate(model: fit.model, test: prep.test)
  } elif fit.accuracy > 0.5 {
    notify(message: ev.verdict)
  } else {
    again = train(data: prep.train, epochs: 50)
  }
  publish(artifact: again.model, name: "x")
}
`,
      [
        ["MLP2010", "message: «ev.verdict»"],
        ["MLP2010", "again.model"],
      ],
    );
  });

  it("reports a loop variable used after its loop", () => {
    const src = `pipeline p {
  fit = train(data: prep.train)
  prep = prepare(source: "s3://a")
  for shard in [1, 2] {
    score(model: fit.model, shard: shard)
  }
  score(model: fit.model, shard: shard)
}
`;
    const [d] = expectDiagnostics(src, [["MLP2010", "shard: «shard»)", 1]]);
    expect(relatedAt(d)).toEqual([at(check(src).text, "shard in")]);
  });

  it("reports a step named where a value belongs, suggesting one of its outputs", () => {
    const src = `pipeline p {\n  prep = prepare(source: "s3://a")\n  train(data: prep)\n}\n`;
    const [d] = expectDiagnostics(src, [["MLP2010", "data: «prep»"]]);
    expect(d.message).toContain("'prep.train'");
    expect(relatedAt(d)).toEqual([at(check(src).text, "prep =")]);
  });

  it("reports a body step reading a step of finally", () => {
    expectDiagnostics(
      `pipeline p {
  notify(message: last.verdict)
  finally {
    last = evaluate(model: m.artifact, test: d.artifact)
    m = import Model from "s3://m"
    d = import Dataset from "s3://d"
  }
}
`,
      [["MLP2010", "last.verdict"]],
    );
  });

  it("reports a deployed model read from a loop step outside the loop", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  for lr in [0.1, 0.01] {
    fit = train(data: prep.train, lr: lr)
  }
  serve fraud_model {
    model sklearn from fit.model
  }
}
`,
      [["MLP2010", "from «fit.model»"]],
    );
  });
});
