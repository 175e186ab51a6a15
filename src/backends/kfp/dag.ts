import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Deploy, Expr, Importer, Loop, Node, Pipeline, Program, Step, Type } from "../../ir/types.js";
import { resolveCall } from "../../ir/query/callee.js";
import { outputType } from "../../ir/query/infer.js";
import { pipelineScope } from "../../ir/query/scope.js";
import type { Inferred } from "../../ir/query/types.js";
import type { NamedNode } from "../../ir/query/walk.js";
import { branchCel, conditionCel, type Cel } from "./cel.js";
import { kfpSanitize } from "../../kubernetes/names.js";
import { inputValueChannel, sourceKey, STRING, type Source } from "./sources.js";
import { literalValue, pythonJson } from "./values.js";

/** A step that runs a component. */
export interface StepNode {
  readonly kind: "step";
  readonly name: string;
  readonly step: Step;
  readonly component: Component;
  /** The groups around it, outermost first. */
  readonly path: readonly GroupNode[];
}

/** A step that runs a whole pipeline: its task's component is that pipeline's DAG. */
export interface SubPipelineNode {
  readonly kind: "subPipeline";
  readonly name: string;
  readonly step: Step;
  readonly pipeline: Pipeline;
  readonly path: readonly GroupNode[];
}

/** An importer: a task whose executor is KFP's importer, with the artifact as its output `artifact`. */
export interface ImporterNode {
  readonly kind: "importer";
  readonly name: string;
  readonly importer: Importer;
  readonly path: readonly GroupNode[];
}

/** A serve deployed from the pipeline: a task that applies the InferenceService. */
export interface DeployNode {
  readonly kind: "deploy";
  readonly name: string;
  readonly deploy: Deploy;
  readonly path: readonly GroupNode[];
}

export type TaskNode = StepNode | SubPipelineNode | ImporterNode | DeployNode;

/** The step, importer or deploy of the pipeline that a task runs. */
export function irNode(t: TaskNode): NamedNode {
  return t.kind === "importer" ? t.importer : t.kind === "deploy" ? t.deploy : t.step;
}

/** How a loop runs: over a literal list (`raw`, as JSON) or over a value read at run time. */
export interface LoopInfo {
  readonly variable: string;
  readonly items: { readonly kind: "raw"; readonly json: string } | { readonly kind: "source"; readonly source: Source };
  /** The group's input that carries the current item. */
  readonly itemChannel: string;
  readonly itemType: Type;
  /** At most this many iterations at a time (`iteratorPolicy.parallelismLimit`). */
  readonly parallelism?: number;
}

/** A value read outside the group it is produced in, which the group hands out as an output. */
export interface GroupOutput {
  /** The task inside the group that has the value, and its key there. */
  readonly task: string;
  readonly key: string;
  readonly type: Type;
  /** Every iteration's value (the group is a loop, or holds the loop): a LIST, or a list of artifacts. */
  readonly list: boolean;
  /** For a `oneOf(…)` of a branches group: the branch groups' outputs, one of which has a value. */
  readonly oneof?: readonly { readonly task: string; readonly key: string }[];
}

/**
 * A group: a sub-DAG its parent runs as one task. `condition-N` runs its DAG when its trigger holds;
 * `condition-branches-N` holds the branches of an `if` with `elif` or `else`; `for-loop-N` runs its DAG
 * once per item; `exit-handler-1` holds the whole body of a pipeline with a `finally`.
 */
export interface GroupNode {
  readonly kind: "group";
  readonly type: "condition" | "branches" | "loop" | "exit";
  /** Unique in the pipeline, for keys. */
  readonly id: number;
  /** Its task's name in the parent DAG; its component is `comp-<name>` (made unique). */
  name: string;
  readonly trigger?: Cel;
  readonly loop?: LoopInfo;
  readonly children: DagNode[];
  readonly path: readonly GroupNode[];
  /**
   * The values its DAG reads from outside, as its inputs, by source key: what the conditions around
   * it read (the SDK hands these to every group inside, used or not), what its loop runs over, and
   * what the tasks inside read (added while the DAG is written).
   */
  readonly needs: Map<string, Source>;
  /** Values produced inside and read outside, by output key (added while the DAGs are written). */
  readonly outputs: Map<string, GroupOutput>;
  /** A branches group's `oneOf(…)` values, numbered in the order they are first read, by their steps. */
  readonly oneofs: Map<string, number>;
}

export type DagNode = TaskNode | GroupNode;

/** The DAG tree of a pipeline. */
export interface DagTree {
  readonly root: DagNode[];
  /** Every task node by the step's name in the IR (steps, sub-pipelines, importers, deploys). */
  readonly tasks: ReadonlyMap<string, TaskNode>;
  readonly groups: readonly GroupNode[];
  /** The `exit-handler-1` group when the pipeline has a `finally`. */
  readonly exit?: GroupNode;
  /** The nodes of the `finally` block (in the root DAG, after the exit handler). */
  readonly finallyNodes: ReadonlySet<DagNode>;
  /** The type of a value a task reads. */
  typeOf(source: Source): Type;
  /** The source of a value expression read at `path`, if it is one that tasks pass around. */
  sourceOf(expr: Expr, path: readonly GroupNode[]): Source | undefined;
}

/**
 * Lays a pipeline's body out as KFP DAGs, as the SDK does. Each `if` without `elif`/`else` is a
 * `condition-N` group; an `if` with them is a `condition-branches-N` group holding one `condition-N`
 * group per branch; each loop is a `for-loop-N` group; with a `finally`, the body goes into the
 * `exit-handler-1` group and the `finally` steps run after it in the root DAG. Groups are numbered in
 * the SDK's order: in source order, depth first, a literal loop's item input taking a number just
 * before its loop, and the first branch of an `if` with `elif`/`else` numbered after the groups inside
 * it (the SDK renumbers it when the next branch turns the `if` into branches).
 */
export function buildDag(program: Program, pipeline: Pipeline, diagnostics: Diagnostic[]): DagTree {
  const scope = pipelineScope(program, pipeline);
  const tasks = new Map<string, TaskNode>();
  const groups: GroupNode[] = [];
  const finallyNodes = new Set<DagNode>();

  // A value the IR cannot type (a reference validation reports) is passed as a String.
  const declared = (t: Inferred): Type => (t.kind === "unknown" || t.kind === "null" ? STRING : t);
  const typeOf = (source: Source): Type => {
    switch (source.kind) {
      case "param":
        return scope.params.get(source.name)?.type ?? STRING;
      case "output":
        return declared(outputType(scope, source.step, source.output));
      case "collect": {
        const t = declared(outputType(scope, source.step, source.output));
        return t.kind === "artifact" ? t : { kind: "param", name: "List", items: t };
      }
      case "item":
        return source.loop.loop!.itemType;
      case "subvar":
        return STRING;
      case "oneof":
        return declared(outputType(scope, source.options[0].step, source.options[0].output));
    }
  };
  const sourceOf = (expr: Expr, path: readonly GroupNode[]): Source | undefined => {
    switch (expr.kind) {
      case "param":
        return { kind: "param", name: expr.name };
      case "output":
      case "collect":
        return { kind: expr.kind, step: expr.step, output: expr.output };
      case "loopItem": {
        const loop = enclosingLoop(path, expr.loop);
        if (loop === undefined) return undefined;
        return expr.field === undefined ? { kind: "item", loop } : { kind: "subvar", loop, field: expr.field };
      }
      case "oneof": {
        // The validator made sure the steps are directly in the branches of one if/elif/else.
        const branch = tasks.get(expr.options[0].step)?.path.at(-1);
        const group = branch?.path.at(-1);
        if (group?.type !== "branches") return undefined;
        const options = expr.options.map((o) => ({ step: o.step, output: o.output }));
        const key = options.map((o) => `${o.step}.${o.output}`).join(",");
        let index = group.oneofs.get(key);
        if (index === undefined) group.oneofs.set(key, (index = group.oneofs.size + 1));
        return { kind: "oneof", group, index, options };
      }
      default:
        return undefined;
    }
  };

  let counter = 0;
  let ids = 0;
  const cel = (expr: Expr, path: readonly GroupNode[]): Cel | undefined => {
    const r = conditionCel(expr, (e) => {
      const s = sourceOf(e, path);
      return s?.kind === "subvar" ? undefined : s; // a field of an item is not a value the condition's task has
    }, typeOf, kfpSanitize);
    if (r.ok) return r.cel;
    diagnostics.push(M.kfpNotYetSupported.at(r.at.loc, "A condition on this value"));
    return undefined;
  };
  const group = (type: GroupNode["type"], name: string, path: readonly GroupNode[], needs: readonly Source[], extra: { trigger?: Cel; loop?: LoopInfo } = {}): GroupNode => {
    const g: GroupNode = { kind: "group", type, id: ++ids, name, ...extra, children: [], path, needs: new Map(), outputs: new Map(), oneofs: new Map() };
    for (const s of needs) g.needs.set(sourceKey(s), s);
    groups.push(g);
    return g;
  };
  const task = (t: TaskNode): TaskNode => {
    tasks.set(irNode(t).name, t);
    return t;
  };

  const loopGroup = (node: Loop, path: readonly GroupNode[], inherited: readonly Source[]): GroupNode | undefined => {
    const needs = [...inherited];
    let items: LoopInfo["items"];
    let itemChannel: string;
    let itemType: Type = STRING;
    if (node.items.kind === "list") {
      const literal = literalValue(node.items);
      if (!literal.ok) {
        diagnostics.push(M.kfpRuntimeCollection.at(literal.at.loc, "list of loop items"));
        return undefined;
      }
      items = { kind: "raw", json: pythonJson(literal.value) };
      itemChannel = `pipelinechannel--loop-item-param-${++counter}`;
      itemType = literalType((literal.value as unknown[])[0]);
    } else {
      const source = sourceOf(node.items, path);
      if (source === undefined) {
        diagnostics.push(M.kfpNotYetSupported.at(node.items.loc, "A loop over this value"));
        return undefined;
      }
      const type = typeOf(source);
      if (type.kind === "artifact") {
        diagnostics.push(M.kfpLoopOverArtifacts.at(node.items.loc));
        return undefined;
      }
      items = { kind: "source", source };
      if (source.kind === "subvar") needs.push({ kind: "item", loop: source.loop });
      needs.push(source);
      itemChannel = `${inputValueChannel(source, kfpSanitize)}-loop-item`;
      if (type.kind === "param" && type.name === "List" && type.items !== undefined) itemType = type.items;
    }
    const loop: LoopInfo = { variable: node.variable, items, itemChannel, itemType, parallelism: node.parallelism };
    return group("loop", `for-loop-${++counter}`, path, needs, { loop });
  };

  const build = (nodes: readonly Node[], path: readonly GroupNode[], inherited: readonly Source[]): DagNode[] => {
    const out: DagNode[] = [];
    for (const node of nodes) {
      switch (node.kind) {
        case "step": {
          const name = kfpSanitize(node.name);
          const callee = resolveCall(program, node.call);
          if (callee?.kind === "component") out.push(task({ kind: "step", name, step: node, component: callee.component, path }));
          else if (callee?.kind === "pipeline") out.push(task({ kind: "subPipeline", name, step: node, pipeline: callee.pipeline, path }));
          break;
        }
        case "importer":
          out.push(task({ kind: "importer", name: kfpSanitize(node.name), importer: node, path }));
          break;
        case "deploy":
          out.push(task({ kind: "deploy", name: kfpSanitize(node.name), deploy: node, path }));
          break;
        case "loop": {
          const g = loopGroup(node, path, inherited);
          if (g === undefined) break;
          g.children.push(...build(node.body, [...path, g], inherited));
          out.push(g);
          break;
        }
        case "condition": {
          const [first, ...rest] = node.branches;
          const firstCel = first.condition === undefined ? undefined : cel(first.condition, path);
          if (rest.length === 0) {
            const g = group("condition", `condition-${++counter}`, path, [...inherited, ...(firstCel?.sources ?? [])], { trigger: firstCel });
            g.children.push(...build(first.body, [...path, g], [...inherited, ...(firstCel?.sources ?? [])]));
            out.push(g);
            break;
          }
          const branches = group("branches", `condition-branches-${++counter}`, path, inherited);
          const conditions: Cel[] = firstCel === undefined ? [] : [firstCel];
          // The first branch's inner groups are numbered before the branch itself (see above).
          const firstNeeds = [...inherited, ...(firstCel?.sources ?? [])];
          const firstBranch = group("condition", "", [...path, branches], firstNeeds, { trigger: firstCel });
          firstBranch.children.push(...build(first.body, [...path, branches, firstBranch], firstNeeds));
          firstBranch.name = `condition-${++counter}`;
          branches.children.push(firstBranch);
          rest.forEach((branch, i) => {
            const own = branch.condition === undefined ? undefined : cel(branch.condition, path);
            const trigger = branchCel(conditions, i + 1, own);
            if (own !== undefined) conditions.push(own);
            const branchNeeds = [...inherited, ...trigger.sources];
            const g = group("condition", `condition-${++counter}`, [...path, branches], branchNeeds, { trigger });
            g.children.push(...build(branch.body, [...path, branches, g], branchNeeds));
            branches.children.push(g);
          });
          out.push(branches);
          break;
        }
      }
    }
    return out;
  };

  let root: DagNode[];
  let exit: GroupNode | undefined;
  if (pipeline.exitHandler === undefined) {
    root = build(pipeline.body, [], []);
  } else {
    exit = group("exit", `exit-handler-${++counter}`, [], []);
    exit.children.push(...build(pipeline.body, [exit], []));
    const after = build(pipeline.exitHandler.body, [], []);
    for (const n of after) finallyNodes.add(n);
    root = [exit, ...after];
  }
  return { root, tasks, groups, exit, finallyNodes, typeOf, sourceOf };
}

/** The innermost loop around `path` whose variable is `variable`. */
function enclosingLoop(path: readonly GroupNode[], variable: string): GroupNode | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (path[i].loop?.variable === variable) return path[i];
  return undefined;
}

/** The type of a literal loop item, as the SDK infers it from the first item. */
function literalType(value: unknown): Type {
  if (typeof value === "number") return { kind: "param", name: Number.isInteger(value) ? "Int" : "Float" };
  if (typeof value === "boolean") return { kind: "param", name: "Bool" };
  if (Array.isArray(value)) return { kind: "param", name: "List" };
  if (value instanceof Map) return { kind: "param", name: "Struct" };
  return STRING;
}
