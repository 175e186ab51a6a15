import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("optional-params", () => {
  it("accepts an optional parameter passed on to optional inputs, inputs with a default and optional sub-pipeline parameters", () => {
    expectDiagnostics(
      `pipeline inner {
  param source: String
  param tags: List<String>?
  prep = prepare(source: source)
  train(data: prep.train, tags: tags)
}
pipeline p {
  param source: String = "s3://b/k"
  param tags: List<String>?
  param lr: Float?
  prep = prepare(source: source)
  train(data: prep.train, tags: tags, lr: lr)
  inner(source: source, tags: tags)
  inner(source: source)
}
`,
      [],
    );
  });

  it("accepts an optional parameter with a default anywhere", () => {
    expectDiagnostics(
      `pipeline p {
  param source: String? = "s3://b/k"
  prepare(source: source)
  notify(message: "from \${source}")
}
`,
      [],
    );
  });

  it("reports an optional parameter given to an input that needs a value (MLP2055)", () => {
    const [d] = expectDiagnostics(
      `pipeline p {
  param source: String?
  prepare(source: source)
}
`,
      [["MLP2055", "prepare(source: «source»)"]],
    );
    expect(d.message).toBe("'source' is optional and may have no value, but 'source' of 'prepare' needs one; declare that input optional ('?'), or give 'source' a default.");
    expect(d.related?.map((r) => r.message)).toEqual(["The parameter 'source' is declared optional here.", "The input 'source' is declared here."]);
  });

  it("reports an optional parameter used where a value is needed: strings, conditions, loops (MLP2056)", () => {
    expectDiagnostics(
      `pipeline p {
  param who: String?
  param go: Bool?
  param shards: List<Int>?
  notify(message: "hello \${who}")
  if go {
    notify(message: "go")
  }
  for s in shards {
    notify(message: "shard")
  }
}
`,
      [
        ["MLP2056", "hello ${«who»}"],
        ["MLP2056", "if «go»"],
        ["MLP2056", "in «shards»"],
      ],
    );
  });
});
