import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { expectSpans } from "../support.js";
import { CONDITION_TEXT_SOURCE, TEMPLATE_TEXTS, USER_TEXT_SOURCE } from "../user-text.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

// Anything a user writes as text stays text (STYLE 17). KFP's launcher and driver replace their
// `{{$…}}` placeholders in command lines and constants, and KFP runs a pipeline as an Argo workflow
// whose parameters hold the component, task and container specs: Argo substitutes `{{…}}` in all of
// them, with no escape. User text holding `{{` is an error at the literal (MLP4016). A `{` right
// before a value is fine on KFP (`{{{$.inputs.parameters['x']}}` is left alone by Argo and found whole
// by the launcher). A string literal in a condition is a CEL literal, where `\x7b` is a `{`.

describe("KFP: user text stays text", () => {
  it("reports text holding '{{' at the literal, wherever it would reach the pipeline spec", () => {
    const checked = checkSource(USER_TEXT_SOURCE);
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const r = emitKfp(checked.program!);
    const braces = TEMPLATE_TEXTS.filter(([, kind]) => kind === "braces");
    expectSpans(USER_TEXT_SOURCE, r.diagnostics, braces.map(([text]) => ["MLP4016", text] as const));
    expect(r.files).toEqual([]);
  });

  it("writes a string literal of a condition as a CEL literal with no '{{' in it", () => {
    const r = compileKfp(CONDITION_TEXT_SOURCE);
    expect(r.diagnostics).toEqual([]);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.root.dag.tasks["condition-1"].triggerPolicy.condition).toBe(
      "inputs.parameter_values['pipelinechannel--mode'] == '{\\x7b\\' || \\'a\\' == \\'a\\' || \\'b\\' == \\'}}'",
    );
    expect(spec.root.dag.tasks["condition-2"].triggerPolicy.condition).toBe(
      "inputs.parameter_values['pipelinechannel--mode'] != '{\\x7bworkflow.name}}' && inputs.parameter_values['pipelinechannel--mode'] == '{\\x7b\\x7bx\\\\'",
    );
  });
});

conformanceTest();
