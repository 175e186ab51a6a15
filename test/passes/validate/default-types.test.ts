import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("default-types", () => {
  it("accepts defaults that fit, an Int for a Float and null for an optional input", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  input lr: Float = 1
  input n: Int = 3
  input tags: List<String> = ["a"]
  input cfg: Struct = { depth: 3 }
  input flag: Bool = false
  input extra: String? = null
  run ["c", lr, n, tags, cfg, flag, if extra [extra]]
}
pipeline p {
  param shards: List<Int> = []
  param name: String = "fraud"
  c()
}
`,
      [],
      { lib: false },
    );
  });

  it("reports defaults of the wrong type, pointing at the declaration", () => {
    const src = `component c {
  image "ghcr.io/acme/c:1"
  input n: Int = 0.5
  input data: Dataset = "s3://a"
  input name: String = null
  run ["c", n, data.path, name]
}
pipeline p {
  param shards: List<Int> = [1, "two", 3]
  param flag: Bool = "yes"
  c()
}
`;
    const ds = expectDiagnostics(
      src,
      [
        ["MLP2008", "0.5"],
        ["MLP2008", `"s3://a"`],
        ["MLP2008", "null"],
        ["MLP2008", `"two"`],
        ["MLP2008", `"yes"`],
      ],
      { lib: false },
    );
    expect(relatedAt(ds[0])).toEqual([at(check(src, { lib: false }).text, "n: Int")]);
  });
});
