import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("after-branches", () => {
  it("accepts 'after' a step in the same branch, outside any condition, or inside a loop", () => {
    expectDiagnostics(
      `pipeline p {
  param flag: Bool = true
  for s in [1, 2] {
    if flag {
      a = notify(message: "a")
      b = notify(message: "b") after a
    }
  }
  c = notify(message: "c") after a
  if flag {
    d = notify(message: "d") after c
  }
}
`,
      [],
    );
  });

  it("reports 'after' a step inside an if, elif or else from outside it, at the reference", () => {
    const src = `pipeline p {
  param flag: Bool = true
  if flag {
    a = notify(message: "a")
  } elif not flag {
    b = notify(message: "b")
  } else {
    c = notify(message: "c")
  }
  d = notify(message: "d") after a, b
  for s in [1, 2] {
    e = notify(message: "e") after c
  }
}
`;
    const ds = expectDiagnostics(src, [
      ["MLP2059", "after «a»"],
      ["MLP2059", "after a, «b»"],
      ["MLP2059", "after «c»"],
    ]);
    expect(ds[0].message).toContain("'if' branch");
    expect(ds[1].message).toContain("'elif' branch");
    expect(ds[2].message).toContain("'else' branch");
    const { text } = check(src);
    expect(relatedAt(ds[0])).toEqual([at(text, `a = notify(message: "a")`), at(text, "if flag")]);
  });

  it("reports 'after' a step in an if nested in a loop, from the loop's body outside the if", () => {
    expectDiagnostics(
      `pipeline p {
  param flag: Bool = true
  for s in [1, 2] {
    if flag {
      a = notify(message: "a")
    }
    b = notify(message: "b") after a
  }
}
`,
      [["MLP2059", "after «a»"]],
    );
  });
});
