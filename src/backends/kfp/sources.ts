import type { Type } from "../../ir/types.js";
import type { GroupNode } from "./dag.js";
import { outputChannel, paramChannel } from "./names.js";

/**
 * Where a value a task reads comes from: a pipeline parameter, an output of a step (or sub-pipeline,
 * or importer), every iteration's value of an output inside a loop (`collect`), the current item of a
 * loop, or a field of an outer loop's item that an inner loop runs over (`subvar`).
 */
export type Source =
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "output"; readonly step: string; readonly output: string }
  /**
   * `via`: read from a DAG that does not hold the loop, the group that hands the list out to the DAG
   * holding both (the SDK names the channel after it, see `inputValueChannel`).
   */
  | { readonly kind: "collect"; readonly step: string; readonly output: string; readonly via?: string }
  | { readonly kind: "item"; readonly loop: GroupNode }
  | { readonly kind: "subvar"; readonly loop: GroupNode; readonly field: string }
  /** `oneOf(…)`: the output of whichever branch of the `condition-branches-N` group `group` ran. */
  | {
      readonly kind: "oneof";
      readonly group: GroupNode;
      readonly index: number;
      readonly options: readonly { readonly step: string; readonly output: string }[];
    };

/**
 * The name of the input that carries `source` into a DAG other than the one it is produced in (and
 * into a run-time string), as the SDK names them: `pipelinechannel--<param>`,
 * `pipelinechannel--<task>-<output>` (also the key of a loop's collected output), for a collected output
 * read in another group `pipelinechannel--<loop group>-pipelinechannel--<task>-<output>` (the SDK
 * renames the channel to the loop group's output at each level it hands it out), the loop's item
 * input (`pipelinechannel--<items>-loop-item`, or `pipelinechannel--loop-item-param-N` for a literal
 * list), `<item input>-subvar-<field>` for a field of an item, and
 * `pipelinechannel--condition-branches-N-oneof-M` for a `oneOf(…)`.
 */
export function inputValueChannel(source: Source, taskName: (step: string) => string): string {
  switch (source.kind) {
    case "param":
      return paramChannel(source.name);
    case "output":
      return outputChannel(taskName(source.step), source.output);
    case "collect": {
      const channel = outputChannel(taskName(source.step), source.output);
      return source.via === undefined ? channel : `pipelinechannel--${source.via}-${channel}`;
    }
    case "item":
      return source.loop.loop!.itemChannel;
    case "subvar":
      return `${source.loop.loop!.itemChannel}-subvar-${source.field}`;
    case "oneof":
      return `pipelinechannel--${source.group.name}-oneof-${source.index}`;
  }
}

/** A stable key for a source, to collect each one once. */
export function sourceKey(source: Source): string {
  switch (source.kind) {
    case "param":
      return `param:${source.name}`;
    case "output":
    case "collect":
      return `${source.kind}:${source.step}.${source.output}`;
    case "item":
      return `item:${source.loop.id}`;
    case "subvar":
      return `subvar:${source.loop.id}.${source.field}`;
    case "oneof":
      return `oneof:${source.group.id}.${source.index}`;
  }
}

/** The String type, for values whose type nothing says more about. */
export const STRING: Type = { kind: "param", name: "String" };
