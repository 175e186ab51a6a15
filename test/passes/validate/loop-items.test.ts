import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("loop-items", () => {
  it("accepts list literals, List parameters, collect and List outputs", () => {
    expectDiagnostics(
      `component shards {
  image "ghcr.io/acme/shards:1"
  output ids: List<Int>
  run ["shards", ids.path]
}
pipeline p {
  param regions: List<String> = ["eu", "us"]
  sh = shards()
  for id in sh.ids {
    notify(message: "\${id}")
  }
  for r in regions {
    n = notify(message: r)
  }
  for cfg in [{ lr: 0.1 }, { lr: 0.2 }] {
    notify(message: "\${cfg.lr}")
  }
}
`,
      [],
    );
  });

  it("reports loops over values that are not lists", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  param n: Int = 3
  prep = prepare(source: "s3://a")
  for i in n {
    notify(message: "x")
  }
  for row in prep.train {
    notify(message: "y")
  }
  for c in "abc" {
    notify(message: "z")
  }
}
`,
      [
        ["MLP2021", "in «n»"],
        ["MLP2021", "«prep.train» {"],
        ["MLP2021", `"abc"`],
      ],
    );
    expect(ds.map((d) => d.message.match(/this is (\w+)/)?.[1])).toEqual(["Int", "Dataset", "String"]);
  });
});
