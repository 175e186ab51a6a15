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
    // 'after check' from outside the if is also MLP2059 (after-branches); the cycle is there either way.
    const ds = expectDiagnostics(src, [
      ["MLP2009", "fit = train(data: prep.train, lr: fit.accuracy)"],
      ["MLP2009", "fit = train(data: prep.train, lr: fit.accuracy)"],
      ["MLP2059", "after «check»"],
    ]).filter((d) => d.code === "MLP2009");
    expect(ds.map((d) => d.message.match(/: (.*)\.$/)?.[1])).toEqual(["fit -> fit", "fit -> prep -> if (line 5) -> fit"]);
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

  it("reports a cycle through a loop: a step in the loop reads a step that collects from the loop", () => {
    const src = `pipeline p {
  for s in [1, 2] {
    sc = score(model: fit.model, shard: s)
    use = train(data: prep.train, lr: best.best)
  }
  best = summarize(aucs: collect(sc.auc))
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
}
`;
    const [d] = expectDiagnostics(src, [["MLP2009", "for «s» in [1, 2] {"]]);
    // The loop is one node of the DAG on both targets: it waits for everything its steps read.
    expect(d.message).toContain("for s -> best -> for s");
    const { text } = check(src);
    expect(relatedAt(d)).toEqual([at(text, "best.best"), at(text, "collect(sc.auc)")]);
  });

  it("reports a cycle through an if: a step in a branch reads a step that reads the if's oneOf", () => {
    const src = `pipeline p {
  if true {
    a = train(data: prep.train, lr: c.accuracy)
    x = train(data: prep.train)
  } else {
    e = train(data: prep.train)
  }
  prep = prepare(source: "s3://a")
  c = train(data: prep.train, lr: oneOf(x.accuracy, e.accuracy))
}
`;
    const [d] = expectDiagnostics(src, [["MLP2009", "«if» true {"]]);
    expect(d.message).toContain("if (line 3) -> c -> if (line 3)");
    const { text } = check(src);
    expect(relatedAt(d)).toEqual([at(text, "c.accuracy"), at(text, "x.accuracy")]);
  });

  it("reports a cycle through nested groups and a loop's items, and none for steps in one group", () => {
    const src = `pipeline p {
  for s in [1, 2] {
    for t in [w.best] {
      sc = train(data: prep.train, lr: t)
    }
    fit = train(data: prep.train)
  }
  prep = prepare(source: "s3://a")
  w = summarize(aucs: collect(fit.accuracy))
}
`;
    const [d] = expectDiagnostics(src, [["MLP2009", "for «s» in [1, 2] {"]]);
    expect(d.message).toContain("for s -> w -> for s");
  });
});
