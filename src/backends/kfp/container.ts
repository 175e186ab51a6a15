import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Settings } from "../../ir/types.js";
import { commandLine } from "./command.js";
import { resourceSpec } from "./resources.js";

/**
 * The `PipelineContainerSpec` of an executor: image, command, args, literal environment variables
 * (those from Secrets and ConfigMaps go to the PlatformSpec) and resources. Empty lists are left out,
 * as the SDK leaves them out.
 *
 * KFP runs the user's command behind its launcher (`launch … -- <command> <args>`), so an image's own
 * entrypoint is never used: a component without a command cannot run there (MLP4009).
 */
export function containerSpec(component: Component, settings: Settings, diagnostics: Diagnostic[]): Record<string, unknown> {
  const command = commandLine(component.command, component, diagnostics);
  if (command.length === 0) diagnostics.push(M.kfpNoCommand.at(component.loc, component.name));
  const args = commandLine(component.args, component, diagnostics);
  const env: { name: string; value: string }[] = [];
  for (const e of settings.env ?? []) {
    if (e.source.kind !== "value") continue;
    const v = e.source.value;
    if (v.kind === "string") env.push({ name: e.name, value: v.value });
    else diagnostics.push(M.kfpEnvNotLiteral.at(e.loc, e.name));
  }
  return {
    args: args.length > 0 ? args : undefined,
    command: command.length > 0 ? command : undefined,
    env: env.length > 0 ? env : undefined,
    image: component.image.ref,
    resources: resourceSpec(settings, diagnostics),
  };
}
