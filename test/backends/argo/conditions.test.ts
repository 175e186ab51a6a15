import { describe, expect, it } from "vitest";
import { argument, LIB, manifest, specOf, task } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Argo evaluates `when` with govaluate after substituting the template tags: a string must be quoted
// or govaluate reads it as a variable ("invalid when expression"); numbers compare numerically when
// bare; `!`, `&&`, `||` and parentheses are govaluate's operators (Argo's conditionals examples).

const PIPE = (body: string) => `${LIB}
pipeline p {
  param threshold: Float = 0.9
  param mode: String = "full"
  param strict: Bool = true
  prep = prepare(source: "s3://a/b")
  fit = train(data: prep.train)
${body}
}
`;

describe("Argo conditions", () => {
  it("compares numbers bare and makes the task wait for what the condition reads", () => {
    const doc = manifest(PIPE(`  if fit.accuracy >= threshold {\n    ok = echo(message: "ok")\n  }`));
    const ok = task(doc, "ok");
    expect(ok.when).toBe("{{tasks.fit.outputs.parameters.accuracy}} >= {{inputs.parameters.threshold}}");
    expect(ok.depends).toBe("fit");
  });

  it("quotes strings, run-time ones too", () => {
    const doc = manifest(PIPE(`  if fit.verdict == "it's fine" and mode != "dry" {\n    ok = echo(message: "ok")\n  }`));
    expect(task(doc, "ok").when).toBe("'{{tasks.fit.outputs.parameters.verdict}}' == 'it\\'s fine' && '{{inputs.parameters.mode}}' != 'dry'");
  });

  it("writes numbers as plain decimals, which govaluate lexes (it reads no exponent)", () => {
    const doc = manifest(
      PIPE(`  if fit.accuracy > 0.0000001 and threshold < 100000000000000000000000.0 {\n    ok = prepare(source: "s", sample: 0.0000001)\n  }`).replace(
        "param threshold: Float = 0.9",
        "param threshold: Float = 100000000000000000000000.0",
      ),
    );
    const ok = task(doc, "ok");
    expect(ok.when).toBe("{{tasks.fit.outputs.parameters.accuracy}} > 0.0000001 && {{inputs.parameters.threshold}} < 100000000000000000000000");
    expect(argument(ok, "sample")).toBe("0.0000001");
    expect(doc.spec.arguments.parameters.find((p: { name: string }) => p.name === "threshold").value).toBe("100000000000000000000000");
  });

  it("compares a Bool on its own with true", () => {
    const doc = manifest(PIPE(`  if strict or not fit.passed {\n    ok = echo(message: "ok")\n  }`));
    expect(task(doc, "ok").when).toBe("{{inputs.parameters.strict}} == true || !({{tasks.fit.outputs.parameters.passed}} == true)");
  });

  it("writes elif and else as the negation of the earlier branches", () => {
    const doc = manifest(
      PIPE(`  if fit.accuracy > 0.9 {
    a = echo(message: "a")
  } elif fit.accuracy > 0.5 {
    b = echo(message: "b")
  } else {
    c = echo(message: "c")
  }`),
    );
    const acc = "{{tasks.fit.outputs.parameters.accuracy}}";
    expect(task(doc, "a").when).toBe(`${acc} > 0.9`);
    expect(task(doc, "b").when).toBe(`!(${acc} > 0.9) && ${acc} > 0.5`);
    expect(task(doc, "c").when).toBe(`!(${acc} > 0.9) && !(${acc} > 0.5)`);
  });

  it("types a loop item as the validator does: the items' common type, quoted when they have none", () => {
    const when = (items: string, other: string): unknown => {
      const doc = manifest(PIPE(`  for x in ${items} {\n    if x == ${other} {\n      ok = echo(message: "ok")\n    }\n  }`));
      const tasks = specOf(doc).templates.flatMap((t: { dag?: { tasks: { name: string; when?: string }[] } }) => t.dag?.tasks ?? []);
      return tasks.find((t: { name: string }) => t.name === "ok")?.when;
    };
    // Items 1 and "a" have no common type: `a == full` would be two words govaluate cannot read.
    expect(when(`[1, "a"]`, "mode")).toBe("'{{inputs.parameters.x}}' == '{{inputs.parameters.mode}}'");
    expect(when(`[1, 2.5]`, "threshold")).toBe("{{inputs.parameters.x}} == {{inputs.parameters.threshold}}");
    expect(when(`["a", "b"]`, "mode")).toBe("'{{inputs.parameters.x}}' == '{{inputs.parameters.mode}}'");
  });

  it("gives steps of nested branches every condition around them", () => {
    const doc = manifest(PIPE(`  if strict {\n    if fit.accuracy < 0.5 or mode == "x" {\n      ok = echo(message: "ok")\n    }\n  }`));
    expect(task(doc, "ok").when).toBe(
      "{{inputs.parameters.strict}} == true && ({{tasks.fit.outputs.parameters.accuracy}} < 0.5 || '{{inputs.parameters.mode}}' == 'x')",
    );
  });
});

semcheckTest();
