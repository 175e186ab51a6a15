import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("empty-pipelines", () => {
  it("accepts a pipeline whose only step is nested or in finally", () => {
    expectDiagnostics(`pipeline a {\n  if true {\n    notify(message: "x")\n  }\n}\npipeline b {\n  finally {\n    notify(message: "y")\n  }\n}\n`, []);
  });

  it("reports pipelines without steps, also when they only have empty blocks", () => {
    expectDiagnostics(`pipeline a {\n  param x: Int = 1\n}\npipeline b {\n  for i in [1] {\n  }\n}\n`, [
      ["MLP2028", "pipeline «a»"],
      ["MLP2028", "pipeline «b»"],
      // The empty loop is empty-blocks' (MLP2060) too.
      ["MLP2060", "for «i» in [1]"],
    ]);
  });
});
