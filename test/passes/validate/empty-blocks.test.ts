import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

describe("empty-blocks", () => {
  it("accepts blocks that hold a step, also only through a nested block", () => {
    expectDiagnostics(
      `pipeline p {
  param flag: Bool = true
  if flag {
    for s in [1, 2] {
      notify(message: "x")
    }
  } else {
    notify(message: "y")
  }
  finally {
    notify(message: "z")
  }
}
`,
      [],
    );
  });

  it("reports an empty if, elif and else branch, loop body and finally block, at the block", () => {
    const ds = expectDiagnostics(
      `pipeline p {
  param flag: Bool = true
  notify(message: "x")
  if flag {
  } elif not flag {
  } else {
  }
  for s in [1, 2] {
  }
  if flag {
    for t in [1] {}
  }
  finally {}
}
`,
      [
        ["MLP2060", "«if» flag {\n  } elif"],
        ["MLP2060", "} «elif» not flag"],
        ["MLP2060", "} «else» {"],
        ["MLP2060", "for «s» in [1, 2]"],
        ["MLP2060", "for «t» in [1] {}"],
        ["MLP2060", "«finally» {}"],
      ],
    );
    expect(ds.map((d) => d.message.match(/^The (.*) has no steps/)?.[1])).toEqual([
      "'if' branch",
      "'elif' branch",
      "'else' branch",
      "body of the loop over 's'",
      "body of the loop over 't'",
      "'finally' block",
    ]);
  });
});
