import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandArg, CommandItem, Component, Placeholder } from "../../ir/types.js";
import { pythonJson } from "./values.js";

/**
 * A container's `command` or `args` in KFP's string-based placeholder contract:
 *
 * - an input parameter is `{{$.inputs.parameters['x']}}`; an input artifact's local path and URI are
 *   `{{$.inputs.artifacts['x'].path}}` and `.uri`;
 * - an output parameter is written to `{{$.outputs.parameters['y'].output_file}}`; an output artifact
 *   to `{{$.outputs.artifacts['y'].path}}` (its URI: `.uri`);
 * - text and placeholders in one element (`"--lr=${lr}"`) become one string, as the SDK writes an
 *   f-string: KFP's launcher replaces each placeholder inside the string;
 * - `if x [ … ] else [ … ]` becomes the SDK's `IfPresent` placeholder, a JSON string
 *   (`{"IfPresent": {"InputName": "x", "Then": [...], "Else": [...]}}`); nested ones stay objects
 *   inside it, and an empty `else` is left out, as the SDK does.
 *
 * Artifact metadata placeholders (`x.metadata`) exist in the SDK, but KFP's launcher does not
 * substitute them: they are errors (MLP4002) rather than text that silently reaches the container.
 */
export function commandLine(items: readonly CommandItem[], component: Component, diagnostics: Diagnostic[]): string[] {
  return items.map((item) => (item.kind === "arg" ? argString(item, component, diagnostics) : pythonJson(ifPresent(item, component, diagnostics))));
}

type Element = string | { IfPresent: { InputName: string; Then: Element[]; Else?: Element[] } };

function ifPresent(item: Extract<CommandItem, { kind: "ifPresent" }>, component: Component, diagnostics: Diagnostic[]): Element {
  const element = (i: CommandItem): Element => (i.kind === "arg" ? argString(i, component, diagnostics) : ifPresent(i, component, diagnostics));
  const then = item.then.map(element);
  const otherwise = item.otherwise.map(element);
  return { IfPresent: otherwise.length > 0 ? { InputName: item.input, Then: then, Else: otherwise } : { InputName: item.input, Then: then } };
}

function argString(arg: CommandArg, component: Component, diagnostics: Diagnostic[]): string {
  return arg.parts.map((p) => (p.kind === "text" ? p.value : placeholder(p, component, diagnostics))).join("");
}

function placeholder(p: Placeholder, component: Component, diagnostics: Diagnostic[]): string {
  switch (p.ref) {
    case "inputValue":
      return `{{$.inputs.parameters['${p.name}']}}`;
    case "inputPath":
      return `{{$.inputs.artifacts['${p.name}'].path}}`;
    case "inputUri":
      return `{{$.inputs.artifacts['${p.name}'].uri}}`;
    case "outputPath": {
      const output = component.outputs.find((o) => o.name === p.name);
      return output?.type.kind === "artifact" ? `{{$.outputs.artifacts['${p.name}'].path}}` : `{{$.outputs.parameters['${p.name}'].output_file}}`;
    }
    case "outputUri":
      return `{{$.outputs.artifacts['${p.name}'].uri}}`;
    case "inputMetadata":
      diagnostics.push(M.kfpMetadataPlaceholder.at(p.loc, `${p.name}.metadata`));
      return `{{$.inputs.artifacts['${p.name}'].metadata}}`;
    case "outputMetadata":
      diagnostics.push(M.kfpMetadataPlaceholder.at(p.loc, `${p.name}.metadata`));
      return `{{$.outputs.artifacts['${p.name}'].metadata}}`;
  }
}
