import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("outputs-written", () => {
  it("accepts outputs written through path, uri or metadata, also inside 'if'", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input verbose: Bool?
  output model: Model
  output report: HTML
  output score: Float
  run ["c", model.uri, score.path]
  args [if verbose ["--report", report.path]]
}
pipeline p {
  c()
}
`,
      [],
      { lib: false },
    );
  });

  it("warns about each output the command never mentions", () => {
    const ds = expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  output model: Model
  output score: Float
  output log: Artifact
  run ["c", model.path]
}
pipeline p {
  c()
}
`,
      [
        ["MLP2035", "output «score»"],
        ["MLP2035", "output «log»"],
      ],
      { lib: false },
    );
    expect(ds.every((d) => d.severity === "warning")).toBe(true);
  });
});
