import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { expectSpans } from "../support.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

// Anything a user writes as text stays text (STYLE 17). KFP's launcher and driver replace their
// `{{$…}}` placeholders in command lines and constants, and KFP runs a pipeline as an Argo workflow
// whose parameters hold the component, task and container specs: Argo substitutes `{{…}}` in all of
// them, with no escape. User text holding `{{` is an error at the literal (MLP4016). A `{` right
// before a value is fine on KFP (`{{{$.inputs.parameters['x']}}` is left alone by Argo and found whole
// by the launcher). A string literal in a condition is a CEL literal, where `\x7b` is a `{`.

const SAY = `
component say {
  image "alpine:3.20"
  input message: String = "{{$.inputs.parameters['note']}}"
  input note: String = "one { brace, }} closing ones, and { {"
  run ["say", message, "--jinja={{ name }}", note, "--x={\${note}}"]
  env { PROMPT: "Hello {{ user }}", SAFE: "a { b }} c" }
}
`;

describe("KFP: user text stays text", () => {
  it("reports text holding '{{' at the literal, wherever it would reach the pipeline spec", () => {
    const text = `${SAY}
pipeline p {
  param mode: String = "{{workflow.name}}"
  param fine: String = "{ {x} }"
  a = say(message: "{{$}}")
  b = say(message: "{\${mode}} and \${mode}{ and {x\${fine}")
  c = say(message: fine, note: "ok {")
}`;
    const checked = checkSource(text);
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const r = emitKfp(checked.program!);
    expectSpans(text, r.diagnostics, [
      ["MLP4016", `"{{$.inputs.parameters['note']}}"`],
      ["MLP4016", '"«--jinja={{ name }}»"'],
      ["MLP4016", '"Hello {{ user }}"'],
      ["MLP4016", '"{{workflow.name}}"'],
      ["MLP4016", '"{{$}}"'],
    ]);
    expect(r.files).toEqual([]);
  });

  it("writes a string literal of a condition as a CEL literal with no '{{' in it", () => {
    const r = compileKfp(`
component say {
  image "alpine:3.20"
  input message: String
  run ["say", message]
}
pipeline p {
  param mode: String = "full"
  if mode == "{{' || 'a' == 'a' || 'b' == '}}" {
    a = say(message: "a")
  }
  if mode != "{{{workflow.name}}\\\\" {
    b = say(message: "b")
  }
}`);
    expect(r.diagnostics).toEqual([]);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.root.dag.tasks["condition-1"].triggerPolicy.condition).toBe(
      "inputs.parameter_values['pipelinechannel--mode'] == '{\\x7b\\' || \\'a\\' == \\'a\\' || \\'b\\' == \\'}}'",
    );
    expect(spec.root.dag.tasks["condition-2"].triggerPolicy.condition).toBe("inputs.parameter_values['pipelinechannel--mode'] != '{\\x7b\\x7bworkflow.name}}\\\\'");
  });
});

conformanceTest();
