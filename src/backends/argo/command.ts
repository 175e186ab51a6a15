import { M } from "../../diagnostics/catalog.js";
import { commandParts } from "../../ir/query/command.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Component, Placeholder } from "../../ir/types.js";
import { outputUri, uriParameter, type ArtifactRoot } from "./artifacts.js";
import { inputArtifactPath, outputPath } from "./names.js";

/** Where artifact URIs come from: the Workflow's artifact root, named after its pipeline for errors. */
export interface UriContext {
  readonly root: ArtifactRoot | undefined;
  /** The pipeline the Workflow runs (where `artifactRoot` is to be set). */
  readonly pipeline: string;
}

/**
 * A container's `command` or `args` for Argo: an input parameter is `{{inputs.parameters.x}}`, an
 * input artifact's path the place Argo downloads it to (`/tmp/inputs/x/data`), every output the file
 * the container writes it to (`/tmp/outputs/y/data`, read back by `valueFrom.path` or uploaded as an
 * artifact). Text and placeholders in one element become one string.
 *
 * Argo has no run-time `IfPresent`: whether an optional input is given is known per step, so `if x
 * [ … ] else [ … ]` is resolved here with `present` (the inputs the step gives or that have a default).
 * An output's URI is the location the container's pod writes it to and an input's URI the parameter
 * `<input>-uri` (see `ArtifactRoot`); without an artifact root they have no value (MLP4101). Argo
 * artifacts carry no metadata: such placeholders are errors.
 */
export function commandLine(items: readonly CommandItem[], component: Component, present: ReadonlySet<string>, uris: UriContext, diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === "ifPresent") {
      out.push(...commandLine(present.has(item.input) ? item.then : item.otherwise, component, present, uris, diagnostics));
    } else {
      out.push(item.parts.map((p) => (p.kind === "text" ? p.value : placeholder(p, component, uris, diagnostics))).join(""));
    }
  }
  return out;
}

function placeholder(p: Placeholder, component: Component, uris: UriContext, diagnostics: Diagnostic[]): string {
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
      if (uris.root === undefined) {
        diagnostics.push(M.argoArtifactUri.at(p.loc, `${p.name}.uri`, uris.pipeline));
        return "";
      }
      return p.ref === "outputUri" ? outputUri(uris.root, p.name) : `{{inputs.parameters.${uriParameter(p.name)}}}`;
    case "inputMetadata":
    case "outputMetadata":
      diagnostics.push(M.argoArtifactMetadata.at(p.loc, `${p.name}.metadata`));
      return "";
  }
}

/** Whether a command line reads the URI of input artifact `name` (`name.uri`). */
export function usesInputUri(items: readonly CommandItem[], name: string): boolean {
  return commandParts(items).some((p) => p.kind === "placeholder" && p.ref === "inputUri" && p.name === name);
}
