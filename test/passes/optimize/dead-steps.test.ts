import { describe, expect, it } from "vitest";
import { deadSteps } from "../../../src/passes/optimize/dead-steps.js";
import { checkSource } from "../../helpers.js";

// A dead step: nothing reads its outputs or runs after it, and what it runs has no side effects.

const COMPONENTS = `
component make {
  image "ghcr.io/acme/tools:1.0.0"
  output data: Dataset
  output n: Int
  run ["make", data.path, n.path]
}
component use {
  image "ghcr.io/acme/tools:1.0.0"
  input data: Dataset
  run ["use", data.path]
  sideEffects
}
component count {
  image "ghcr.io/acme/tools:1.0.0"
  input n: Int
  output m: Int
  run ["count", n, m.path]
}
component publish {
  image "ghcr.io/acme/tools:1.0.0"
  run ["publish"]
  sideEffects
}
component ping {
  image "ghcr.io/acme/tools:1.0.0"
  run ["ping"]
}
`;

/** "line:col step" of each dead step found in `body` (the pipeline's body, after the components). */
function dead(body: string, extra = ""): string[] {
  const source = `${COMPONENTS}${extra}\npipeline p {\n${body}\n}\n`;
  const result = checkSource(source);
  const header = source.split("\n").indexOf("pipeline p {") + 1;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message)).toEqual([]);
  return deadSteps(result.program!).map((d) => `${d.loc!.line - header} ${d.message.match(/'([^']+)'/)![1]}`);
}

describe("dead steps", () => {
  it("reports a step nothing reads, at the step, with what it runs", () => {
    const result = checkSource(`${COMPONENTS}\npipeline p {\n  a = make()\n}\n`);
    expect(deadSteps(result.program!).map((d) => [d.code, d.severity, d.loc!.line, d.loc!.col, d.message])).toEqual([
      [
        "MLP3010",
        "warning",
        COMPONENTS.split("\n").length + 2,
        3,
        "Step 'a' runs for nothing: nothing reads its outputs or runs after it, and the component 'make' declares no side effects; remove the step or use its outputs (declare 'sideEffects' on the component if it acts outside its outputs).",
      ],
    ]);
  });

  it("keeps a step whose output an argument reads, and reports the reader when it is dead itself", () => {
    expect(dead("  a = make()\n  c = count(n: a.n)")).toEqual(["2 c"]);
  });

  it("keeps a step read only by a condition, a loop's items, a pipeline output or an interpolation", () => {
    expect(dead("  a = make()\n  if a.n > 3 {\n    publish()\n  }")).toEqual([]);
    expect(dead("  a = make()\n  for i in [1, 2] {\n    c = count(n: i)\n  }\n  u = use(data: a.data)")).toEqual(["3 c"]);
    expect(dead("  output d: Dataset = a.data\n  a = make()")).toEqual([]);
    const say = 'component say {\n  image "ghcr.io/acme/tools:1.0.0"\n  input text: String\n  run ["say", text]\n  sideEffects\n}';
    expect(dead('  a = make()\n  say(text: "made ${a.n} rows")', say)).toEqual([]);
  });

  it("keeps a step another runs after", () => {
    expect(dead("  a = make()\n  publish() after a")).toEqual([]);
  });

  it("keeps a step whose component declares side effects, and a step with no outputs that has them", () => {
    expect(dead("  a = make()\n  use(data: a.data)\n  publish()")).toEqual([]);
  });

  it("keeps a step with no outputs (it runs for what it does outside them) and one writing a report the UI shows", () => {
    const report = 'component report {\n  image "ghcr.io/acme/tools:1.0.0"\n  output summary: Markdown\n  output n: Int\n  run ["report", summary.path, n.path]\n}';
    expect(dead("  ping()\n  r = report()", report)).toEqual([]);
  });

  it("counts a loop's results read with collect", () => {
    expect(dead("  for i in [1, 2] {\n    c = count(n: i)\n  }\n  sum(xs: collect(c.m))", "component sum {\n  image \"ghcr.io/acme/tools:1.0.0\"\n  input xs: List<Int>\n  run [\"sum\", xs]\n  sideEffects\n}")).toEqual([]);
  });

  it("treats a called pipeline by what its steps do", () => {
    const pure = "pipeline inner {\n  output d: Dataset = m.data\n  m = make()\n}\n";
    const acting = "pipeline notify {\n  publish()\n}\n";
    expect(dead("  x = inner()", pure)).toEqual(["1 x"]);
    expect(dead("  x = notify()", acting)).toEqual([]);
  });

  it("looks at finally too", () => {
    expect(dead("  a = make()\n  use(data: a.data)\n  finally {\n    b = make()\n  }")).toEqual(["4 b"]);
  });
});
