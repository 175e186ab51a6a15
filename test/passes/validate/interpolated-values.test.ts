import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("interpolated-values", () => {
  it("accepts parameters, parameter outputs and loop items in strings", () => {
    expectDiagnostics(
      `pipeline p {
  param run: String = "r1"
  prep = prepare(source: "s3://a/\${run}")
  fit = train(data: prep.train)
  for s in [1, 2] {
    notify(message: "run \${run} shard \${s} accuracy \${fit.accuracy}")
  }
}
`,
      [],
    );
  });

  it("reports an artifact put into a string", () => {
    expectDiagnostics(
      `pipeline p {
  prep = prepare(source: "s3://a")
  notify(message: "data at \${prep.train}")
}
`,
      [["MLP2053", "prep.train"]],
    );
  });
});
