import { describe, expect, it } from "vitest";
import { CONDITION_TEXT_SOURCE, TEMPLATE_TEXTS, USER_TEXT_SOURCE } from "../user-text.js";
import { expectDiagnostics, manifest, task } from "./support.js";

// Anything a user writes as text stays text (STYLE 17). Argo substitutes `{{…}}` in every string of
// a workflow, several times over (the workflow's arguments, each template's globals and then its
// inputs, the task's arguments, the pod), has no escape for `{{`, fails on a `{{` without `}}`, and
// evaluates `{{=…}}` as an expression: user text holding `{{` cannot reach a step unchanged, so it is
// an error at the literal (MLP4140), and so is a `{` right before a value in a string (MLP4141),
// which makes `{{` with the tag mlpc writes there. In a condition, a string literal is a govaluate
// string, where a backslash escapes the next character: `{\{` never opens a tag and reads as `{{`.

describe("Argo: user text stays text", () => {
  it("reports text holding '{{' at the literal, wherever it would reach the workflow", () => {
    expectDiagnostics(USER_TEXT_SOURCE, TEMPLATE_TEXTS.map(([text, kind]) => [kind === "braces" ? "MLP4140" : "MLP4141", text] as const));
  });

  it("writes a string literal of a condition so that govaluate reads it and Argo finds no tag in it", () => {
    const doc = manifest(CONDITION_TEXT_SOURCE);
    expect(task(doc, "a").when).toBe("'{{inputs.parameters.mode}}' == '{\\{\\' || \\'a\\' == \\'a\\' || \\'b\\' == \\'}}'");
    expect(task(doc, "b").when).toBe("'{{inputs.parameters.mode}}' != '{\\{workflow.name}}' && '{{inputs.parameters.mode}}' == '{\\{\\{x\\\\'");
  });
});
