import type { DagTree, GroupNode, TaskNode } from "./dag.js";
import { kfpSanitize } from "../../kubernetes/names.js";
import { inputValueChannel, sourceKey, type Source } from "./sources.js";

type Spec = Record<string, unknown>;

/** Which half of a task's inputs a value goes to. */
export type ValueKind = "Parameter" | "Artifact";

/**
 * How the tasks of one DAG (the root's when `owner` is undefined, else the group's) read values:
 * outputs of tasks of the same DAG directly (`taskOutputParameter`, `taskOutputArtifact`, which also
 * makes the task depend on the producer); values produced inside a group of this DAG through that
 * group's outputs (which this registers on every group from there down to the producer); everything
 * else through the DAG's inputs (`componentInputParameter`, `componentInputArtifact`): in the root the
 * pipeline's parameters, in a group the `pipelinechannel--…` inputs, which this adds to the group's
 * needs, to be read in turn by the group's task in its parent DAG.
 */
export class DagScope {
  private readonly ownerPath: readonly GroupNode[];

  constructor(
    private readonly tree: DagTree,
    readonly owner: GroupNode | undefined,
  ) {
    this.ownerPath = owner === undefined ? [] : [...owner.path, owner];
  }

  /** The spec of an input reading `source`; `undefined` when its producer is not compiled (reported). */
  input(kind: ValueKind, source: Source, dependencies: Set<string>): Spec | undefined {
    if (source.kind === "output" || source.kind === "collect") {
      const found = this.producer(source);
      if (found === undefined) {
        if (!this.tree.tasks.has(source.step)) return undefined;
        return this.fromOutside(kind, source);
      }
      dependencies.add(found.task);
      const key = kind === "Parameter" ? "outputParameterKey" : "outputArtifactKey";
      return { [`taskOutput${kind}`]: { [key]: found.key, producerTask: found.task } };
    }
    if (source.kind === "oneof") {
      const found = this.oneOf(source);
      if (found === undefined) return this.fromOutside(kind, source);
      dependencies.add(found.task);
      const key = kind === "Parameter" ? "outputParameterKey" : "outputArtifactKey";
      return { [`taskOutput${kind}`]: { [key]: found.key, producerTask: found.task } };
    }
    if (source.kind === "param" && this.owner === undefined) return { [`componentInput${kind}`]: source.name };
    if ((source.kind === "item" || source.kind === "subvar") && source.loop === this.owner) {
      return { [`componentInput${kind}`]: inputValueChannel(source, kfpSanitize) };
    }
    return this.fromOutside(kind, source);
  }

  /**
   * The task of this DAG that has the value of a step output, and its key there: the step's own task
   * when it is in this DAG, else the group of this DAG that holds it (whose outputs, and those of
   * the groups below it down to the step, get the value). `undefined` when the step is not inside
   * this DAG.
   */
  producer(read: Extract<Source, { kind: "output" | "collect" }>): { task: string; key: string } | undefined {
    // Where the value is produced, the loop groups hand it out under its own channel name.
    const source = { kind: read.kind, step: read.step, output: read.output };
    const producer = this.tree.tasks.get(source.step);
    if (producer === undefined || !startsWith(producer.path, this.ownerPath)) return undefined;
    const depth = this.ownerPath.length;
    if (producer.path.length === depth) return { task: producer.name, key: source.output };
    this.surface(producer, source, depth);
    return { task: producer.path[depth].name, key: inputValueChannel(source, kfpSanitize) };
  }

  /**
   * The task of this DAG that has a `oneOf(…)`: its branches group when the group is in this DAG, else
   * the group of this DAG that holds it (the value handed out of every group down to it). The branches
   * group's output selects, of its branch groups' outputs, the one that has a value
   * (`valueFromOneof`). `undefined` when the branches group is not inside this DAG.
   */
  oneOf(source: Extract<Source, { kind: "oneof" }>): { task: string; key: string } | undefined {
    const g = source.group;
    if (!startsWith(g.path, this.ownerPath)) return undefined;
    const key = inputValueChannel(source, kfpSanitize);
    const type = this.tree.typeOf(source);
    const selectors = source.options.map((o) => {
      const step = this.tree.tasks.get(o.step)!;
      const branch = step.path[step.path.length - 1];
      const channel = inputValueChannel({ kind: "output", step: o.step, output: o.output }, kfpSanitize);
      branch.outputs.set(channel, { task: step.name, key: o.output, type, list: false });
      return { task: branch.name, key: channel };
    });
    g.outputs.set(key, { task: "", key: "", type, list: false, oneof: selectors });
    const depth = this.ownerPath.length;
    let task = g.name;
    for (let i = g.path.length - 1; i >= depth; i--) {
      const outer = g.path[i];
      outer.outputs.set(key, { task, key, type, list: outer.type === "loop" });
      task = outer.name;
    }
    return { task, key };
  }

  private fromOutside(kind: ValueKind, source: Source): Spec | undefined {
    if (this.owner === undefined) return undefined; // out of scope: validation reports it
    const key = sourceKey(source);
    // A value the group already reads (for its condition or its loop) keeps the name it has there.
    let need = this.owner.needs.get(key);
    if (need === undefined) {
      need = source.kind === "collect" ? { ...source, via: this.surfacer(source) } : source;
      this.owner.needs.set(key, need);
    }
    return { [`componentInput${kind}`]: inputValueChannel(need, kfpSanitize) };
  }

  /**
   * The group that hands a collected output out to the DAG holding both it and this one: the
   * outermost group around the producer that is not around this DAG too.
   */
  private surfacer(source: Extract<Source, { kind: "collect" }>): string | undefined {
    const path = this.tree.tasks.get(source.step)?.path ?? [];
    let common = 0;
    while (common < path.length && common < this.ownerPath.length && path[common] === this.ownerPath[common]) common++;
    return path[common]?.name;
  }

  /** Hands the value out of every group between `producer` and the DAG at `depth`. */
  private surface(producer: TaskNode, source: Extract<Source, { kind: "output" | "collect" }>, depth: number): void {
    const key = inputValueChannel(source, kfpSanitize);
    const type = this.tree.typeOf({ kind: "output", step: source.step, output: source.output });
    let list = false;
    let task = producer.name;
    let inner = source.output;
    for (let i = producer.path.length - 1; i >= depth; i--) {
      const g = producer.path[i];
      list ||= g.type === "loop";
      g.outputs.set(key, { task, key: inner, type, list });
      task = g.name;
      inner = key;
    }
  }
}

function startsWith<T>(path: readonly T[], prefix: readonly T[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}
