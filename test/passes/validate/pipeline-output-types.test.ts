import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("pipeline-output-types", () => {
  it("accepts outputs whose values fit their declared types", () => {
    expectDiagnostics(
      `pipeline p {
  output model: Model = fit.model
  output score: Float = fit.accuracy
  output any: Artifact = prep.train
  output aucs: List<Float> = collect(s.auc)
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  for shard in [1, 2] {
    s = score(model: fit.model, shard: shard)
  }
}
`,
      [],
    );
  });

  it("reports outputs whose values do not fit", () => {
    expectDiagnostics(
      `pipeline p {
  output model: Dataset = fit.model
  output score: Int = fit.accuracy
  output aucs: List<String> = collect(s.auc)
  prep = prepare(source: "s3://a")
  fit = train(data: prep.train)
  for shard in [1, 2] {
    s = score(model: fit.model, shard: shard)
  }
}
`,
      [
        ["MLP2031", "= «fit.model»"],
        ["MLP2031", "= «fit.accuracy»"],
        ["MLP2031", "collect(s.auc)"],
      ],
    );
  });
});
