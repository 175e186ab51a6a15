import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Component, Placeholder } from "../../ir/types.js";
import { inputArtifactPath, outputPath } from "./names.js";

/**
 * A container's `command` or `args` for Argo: an input parameter is `{{inputs.parameters.x}}`, an
 * input artifact's path the place Argo downloads it to (`/tmp/inputs/x/data`), every output the file
 * the container writes it to (`/tmp/outputs/y/data`, read back by `valueFrom.path` or uploaded as an
 * artifact). Text and placeholders in one element become one string.
 *
 * Argo has no run-time `IfPresent`: whether an optional input is given is known per step, so `if x
 * [ … ] else [ … ]` is resolved here with `present` (the inputs the step gives or that have a default).
 * Argo tells a container neither an artifact's URI nor its metadata: such placeholders are errors.
 */
export function commandLine(items: readonly CommandItem[], component: Component, present: ReadonlySet<string>, diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === "ifPresent") {
      out.push(...commandLine(present.has(item.input) ? item.then : item.otherwise, component, present, diagnostics));
    } else {
      out.push(item.parts.map((p) => (p.kind === "text" ? p.value : placeholder(p, component, diagnostics))).join(""));
    }
  }
  return out;
}

function placeholder(p: Placeholder, component: Component, diagnostics: Diagnostic[]): string {
  switch (p.ref) {
    case "inputValue":
      return `{{inputs.parameters.${p.name}}}`;
    case "inputPath": {
      const input = component.inputs.find((i) => i.name === p.name);
      return input?.type.kind === "artifact" ? inputArtifactPath(p.name) : `{{inputs.parameters.${p.name}}}`;
    }
    case "outputPath":
      return outputPath(p.name);
    case "inputUri":
    case "outputUri":
      diagnostics.push(M.argoArtifactUri.at(p.loc, `${p.name}.uri`));
      return "";
    case "inputMetadata":
    case "outputMetadata":
      diagnostics.push(M.argoArtifactMetadata.at(p.loc, `${p.name}.metadata`));
      return "";
  }
}

/** The inputs a command line reads the value of (for the memoization key). */
export function usesInput(items: readonly CommandItem[], name: string): boolean {
  return items.some((i) =>
    i.kind === "ifPresent" ? i.input === name || usesInput(i.then, name) || usesInput(i.otherwise, name) : i.parts.some((p) => p.kind === "placeholder" && p.name === name),
  );
}
