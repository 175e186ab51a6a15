import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { closest } from "../../../diagnostics/suggest.js";
import type { Component, Placeholder } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { commandParts, placeholderText } from "../../../ir/query/command.js";
import { typeName, withArticle } from "../../../ir/query/types.js";

/** Why a placeholder does not fit the component, or `undefined` when it does. */
function placeholderProblem(c: Component, p: Placeholder): string | undefined {
  const input = c.inputs.find((i) => i.name === p.name);
  const output = c.outputs.find((o) => o.name === p.name);
  if (input === undefined && output === undefined) {
    const hint = closest(p.name, [...c.inputs, ...c.outputs].map((x) => x.name));
    return `'${c.name}' has no input or output '${p.name}'${hint === undefined ? "" : `; did you mean '${hint}'`}`;
  }
  const isInputRef = p.ref.startsWith("input");
  if (isInputRef && input === undefined) return `'${p.name}' is an output; write '${p.name}.path' for where to write it`;
  if (!isInputRef && output === undefined) return `'${p.name}' is an input, not an output`;
  switch (p.ref) {
    case "inputValue":
      return input!.type.kind === "artifact"
        ? `'${p.name}' is ${withArticle(typeName(input!.type))} artifact; write '${p.name}.path' or '${p.name}.uri'`
        : undefined;
    case "inputPath":
    case "inputUri":
    case "inputMetadata":
      return input!.type.kind === "artifact" ? undefined : `'${p.name}' is ${withArticle(typeName(input!.type))} parameter; write '${p.name}' for its value`;
    case "outputPath":
      return undefined;
    case "outputUri":
    case "outputMetadata":
      return output!.type.kind === "artifact" ? undefined : `'${p.name}' is ${withArticle(typeName(output!.type))} parameter; write '${p.name}.path' for where to write it`;
  }
}

/**
 * A component's command line refers only to its own inputs and outputs, in a way that fits their kind:
 * a parameter input by value, an artifact input by `.path`/`.uri`/`.metadata`, any output by `.path`,
 * an artifact output by `.uri`/`.metadata`; `if x [...]` tests only an optional input.
 */
export const commandPlaceholders: ValidationRule = {
  id: "command-placeholders",
  codes: [M.invalidPlaceholder.code, M.notOptional.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const c of program.components) {
      for (const part of commandParts([...c.command, ...c.args])) {
        if (part.kind === "ifPresent") {
          const input = c.inputs.find((i) => i.name === part.input);
          if (input === undefined) {
            const hint = closest(part.input, c.inputs.map((i) => i.name));
            out.push(M.invalidPlaceholder.at(part.loc, part.input, `'${c.name}' has no input '${part.input}'${hint === undefined ? "" : `; did you mean '${hint}'`}`));
          } else if (!input.optional) {
            out.push(M.notOptional.atWith(part.loc, [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }], part.input));
          }
          continue;
        }
        const problem = placeholderProblem(c, part);
        if (problem !== undefined) out.push(M.invalidPlaceholder.at(part.loc, placeholderText(part.ref, part.name), problem));
      }
    }
    return out;
  },
};
