import { outputChannel, paramChannel } from "./names.js";

/** Where a value a task reads comes from: a pipeline parameter or an output of a step. */
export type Source = { readonly kind: "param"; readonly name: string } | { readonly kind: "output"; readonly step: string; readonly output: string };

/**
 * The name of the input that carries `source` into a DAG other than the one it is produced in (and
 * into a run-time string): `pipelinechannel--<param>` or `pipelinechannel--<task>-<output>`, as the
 * SDK names them.
 */
export function inputValueChannel(source: Source, taskName: (step: string) => string): string {
  return source.kind === "param" ? paramChannel(source.name) : outputChannel(taskName(source.step), source.output);
}

/** A stable key for a source, to collect each one once. */
export function sourceKey(source: Source): string {
  return source.kind === "param" ? `param:${source.name}` : `output:${source.step}.${source.output}`;
}
