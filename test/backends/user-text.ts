/**
 * One program with user text in every place a value reaches a pipeline file (a default, a command
 * line, an environment variable, a pipeline parameter, an argument, a string with values), for the
 * KFP and Argo tests of "text stays text": `TEMPLATE_TEXTS` says where it holds `{{` (an error on
 * both targets) and where a `{` comes right before a value (an error on Argo only).
 */
export const USER_TEXT_SOURCE = `
component say {
  image "alpine:3.20"
  input message: String = "{{$.inputs.parameters['note']}}"
  input note: String = "one { brace, }} closing ones, \\\${ and { {"
  run ["say", message, "--jinja={{ name }}", note, "--x={\${note}}"]
  env { PROMPT: "Hello {{ user }}", SAFE: "a { b }} c", TOKEN: secret("tokens", "{{k}}") }
  affinity [{ key: "pool", operator: "In", values: ["a", "{{b}}"] }]
}
pipeline p {
  param mode: String = "{{workflow.name}}"
  param fine: String = "{ {x} }"
  a = say(message: "{{=sprig.repeat(2, 'x')}}")
  b = say(message: "{\${mode}} and \${mode}{ and {x\${fine}")
  c = say(message: fine, note: "ok {")
}
`;

/** [where (see `expectSpans`), what the text makes]. */
export const TEMPLATE_TEXTS: readonly (readonly [text: string, kind: "braces" | "beforeValue"])[] = [
  [`"{{$.inputs.parameters['note']}}"`, "braces"],
  ['"«--jinja={{ name }}»"', "braces"],
  ['"Hello {{ user }}"', "braces"],
  ['«TOKEN»: secret("tokens", "{{k}}")', "braces"],
  ['{ key: "pool", operator: "In", values: ["a", "{{b}}"] }', "braces"],
  ['"{{workflow.name}}"', "braces"],
  [`"{{=sprig.repeat(2, 'x')}}"`, "braces"],
  ['"«--x={»${note}}"', "beforeValue"],
  ['"{${mode}} and ${mode}{ and {x${fine}"', "beforeValue"],
];

/** String literals compared in conditions: written as escaped expression literals, no error. */
export const CONDITION_TEXT_SOURCE = `
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
  if mode != "{{workflow.name}}" and mode == "{{{x\\\\" {
    b = say(message: "b")
  }
}
`;
