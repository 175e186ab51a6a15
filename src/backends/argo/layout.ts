import type { Branch, Condition, Deploy, Importer, Loop, Node, Step } from "../../ir/types.js";
import { walkBlock } from "../../ir/query/walk.js";
import { argoName, type UniqueNames } from "../../kubernetes/names.js";

/**
 * How a pipeline's body is laid out in Argo DAG templates, decided before any task is written (a
 * step may read the output of a step written further down, so every step's place must be known):
 *
 * - steps are tasks of the DAG they are in; conditions add no template: every task inside a branch
 *   carries the branch's `when` (and the `when`s of the branches around it);
 * - a loop whose body is one step, without `parallel`, is that step's task with `withItems` or
 *   `withParam` in the surrounding DAG, as Argo's own examples write loops;
 * - a loop whose body is more than one step runs an iteration DAG template (`for-<variable>-body`)
 *   from a looped task, the iteration's item coming in as input parameters;
 * - `parallel N` wraps the looped task in a DAG template of its own (`for-<variable>`) with
 *   `parallelism: N`, since Argo limits parallelism per template, not per task.
 */
export type Item = StepItem | CallItem | DeployItem;

/** A condition branch around an item: the `if` and which of its branches. */
export interface BranchRef {
  readonly condition: Condition;
  readonly index: number;
}

export interface StepItem {
  readonly kind: "step";
  readonly step: Step;
  readonly task: string;
  readonly branches: readonly BranchRef[];
  /** The loop this task iterates over itself (`withItems`/`withParam`). */
  readonly loop?: Loop;
}

/** A task that runs a nested DAG template (a loop's wrapper or iteration). */
export interface CallItem {
  readonly kind: "call";
  readonly task: string;
  readonly child: DagLayout;
  readonly branches: readonly BranchRef[];
  readonly loop?: Loop;
}

export interface DeployItem {
  readonly kind: "deploy";
  readonly deploy: Deploy;
  readonly task: string;
  readonly branches: readonly BranchRef[];
}

/** One DAG template: its items, the DAG that calls it, and its role. */
export interface DagLayout {
  readonly role: "pipeline" | "exit" | "loop";
  readonly items: Item[];
  readonly parent?: DagLayout;
  /** The task of the parent DAG that runs this one. */
  callTask?: string;
  /** For a loop wrapper: the limit on tasks running at once. */
  readonly parallelism?: number;
  /** The loop whose iteration this DAG is (its item comes in as inputs). */
  readonly iterationOf?: Loop;
  /** A name for the template (made unique when it is written). */
  readonly baseName: string;
}

/** Every step's place: its DAG and task. Importers have no task; they are looked up by name. */
export interface PipelineLayout {
  readonly root: DagLayout;
  readonly exit?: DagLayout;
  readonly stepDag: ReadonlyMap<string, DagLayout>;
  readonly stepTask: ReadonlyMap<string, string>;
  readonly importers: ReadonlyMap<string, Importer>;
  /** Every step's loop, innermost, when it is inside one. */
  readonly stepLoop: ReadonlyMap<string, Loop>;
}

/** Lays out a pipeline's body and `finally` (see `Item`). Task names are unique in the pipeline. */
export function layoutPipeline(body: readonly Node[], exitBody: readonly Node[] | undefined, taskNames: UniqueNames): PipelineLayout {
  const stepDag = new Map<string, DagLayout>();
  const stepTask = new Map<string, string>();
  const importers = new Map<string, Importer>();
  const stepLoop = new Map<string, Loop>();
  // Steps keep their names as task names; generated tasks (loops, deploys) take what is left.
  for (const { node } of [...walkBlock(body), ...walkBlock(exitBody ?? [])]) if (node.kind === "step") taskNames.reserve(argoName(node.name));

  const place = (nodes: readonly Node[], dag: DagLayout, branches: readonly BranchRef[], loop: Loop | undefined): void => {
    for (const node of nodes) {
      switch (node.kind) {
        case "step": {
          const task = argoName(node.name);
          stepDag.set(node.name, dag);
          stepTask.set(node.name, task);
          if (loop !== undefined) stepLoop.set(node.name, loop);
          dag.items.push({ kind: "step", step: node, task, branches });
          break;
        }
        case "importer":
          importers.set(node.name, node);
          break;
        case "deploy": {
          // A deploy is a task other steps may run `after`, by its name.
          const task = taskNames.take(argoName(`deploy-${node.serve}`));
          stepDag.set(node.name, dag);
          stepTask.set(node.name, task);
          if (loop !== undefined) stepLoop.set(node.name, loop);
          dag.items.push({ kind: "deploy", deploy: node, task, branches });
          break;
        }
        case "condition":
          node.branches.forEach((b: Branch, index) => place(b.body, dag, [...branches, { condition: node, index }], loop));
          break;
        case "loop":
          placeLoop(node, dag, branches);
          break;
      }
    }
  };

  const placeLoop = (loop: Loop, dag: DagLayout, branches: readonly BranchRef[]): void => {
    const tasks = loop.body.filter((n) => n.kind !== "importer");
    const single = tasks.length === 1 && tasks[0].kind === "step" ? (tasks[0] as Step) : undefined;
    let host = dag;
    let hostBranches = branches;
    if (loop.parallelism !== undefined) {
      const wrapper: DagLayout = { role: "loop", items: [], parent: dag, parallelism: loop.parallelism, baseName: `for-${argoName(loop.variable)}` };
      const task = taskNames.take(`for-${argoName(loop.variable)}`);
      wrapper.callTask = task;
      dag.items.push({ kind: "call", task, child: wrapper, branches });
      host = wrapper;
      hostBranches = [];
    }
    if (single !== undefined) {
      for (const n of loop.body) if (n.kind === "importer") importers.set(n.name, n);
      const task = argoName(single.name);
      stepDag.set(single.name, host);
      stepTask.set(single.name, task);
      stepLoop.set(single.name, loop);
      host.items.push({ kind: "step", step: single, task, branches: hostBranches, loop });
      return;
    }
    const iteration: DagLayout = { role: "loop", items: [], parent: host, iterationOf: loop, baseName: `for-${argoName(loop.variable)}-body` };
    const task = loop.parallelism !== undefined ? taskNames.take(`for-${argoName(loop.variable)}-body`) : taskNames.take(`for-${argoName(loop.variable)}`);
    iteration.callTask = task;
    host.items.push({ kind: "call", task, child: iteration, branches: hostBranches, loop });
    place(loop.body, iteration, [], loop);
  };

  const root: DagLayout = { role: "pipeline", items: [], baseName: "" };
  place(body, root, [], undefined);
  let exit: DagLayout | undefined;
  if (exitBody !== undefined) {
    exit = { role: "exit", items: [], baseName: "exit-handler" };
    place(exitBody, exit, [], undefined);
  }
  return { root, exit, stepDag, stepTask, importers, stepLoop };
}

/** The DAG just inside `outer` on the way to `inner` (or `undefined` when `inner` is not inside it). */
export function childOnPath(outer: DagLayout, inner: DagLayout): DagLayout | undefined {
  for (let d: DagLayout | undefined = inner; d !== undefined; d = d.parent) if (d.parent === outer) return d;
  return undefined;
}
