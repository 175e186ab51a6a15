import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Expr, Node, Pipeline, Program, Step, Type } from "../../ir/types.js";
import { branchCel, conditionCel, type Cel } from "./cel.js";
import { kfpName } from "./names.js";
import { sourceKey, type Source } from "./sources.js";

/** A step that runs a component, placed in the DAG tree. */
export interface StepNode {
  readonly kind: "step";
  readonly step: Step;
  readonly component: Component;
  /** The groups around the step, outermost first. */
  readonly path: readonly GroupNode[];
}

/**
 * A group: a sub-DAG the root (or another group) runs as one task. `condition-N` runs its DAG when its
 * trigger holds; `condition-branches-N` holds the branches of an `if` with `elif` or `else`.
 */
export interface GroupNode {
  readonly kind: "group";
  /** Its task's name in the parent DAG; its component is `comp-<name>`. */
  name: string;
  readonly trigger?: Cel;
  readonly children: DagNode[];
  readonly path: readonly GroupNode[];
  /** What the conditions around it read: the SDK hands these to every group inside, used or not. */
  readonly inherited: readonly Source[];
  /** The values its DAG reads from outside, as its inputs (computed once the tree is built). */
  needs: Source[];
}

export type DagNode = StepNode | GroupNode;

/** The DAG tree of a pipeline: the root's nodes, and every step and group by name. */
export interface DagTree {
  readonly root: DagNode[];
  readonly steps: ReadonlyMap<string, StepNode>;
  readonly groups: readonly GroupNode[];
  /** The type of a value a task reads. */
  typeOf(source: Source): Type;
}

/**
 * Lays a pipeline's body out as KFP DAGs, as the SDK does: each `if` without `elif`/`else` is a
 * `condition-N` group; an `if` with them is a `condition-branches-N` group holding one `condition-N`
 * group per branch. Groups are numbered in the SDK's order: in source order, depth first, except that
 * the first branch of an `if` with `elif`/`else` is numbered after the groups inside it (the SDK
 * renumbers it when the next branch turns the `if` into branches).
 *
 * Constructs the back end does not compile yet are left out here; `unsupportedConstructs` reports them.
 */
export function buildDag(program: Program, pipeline: Pipeline, diagnostics: Diagnostic[]): DagTree {
  const components = new Map(program.components.map((c) => [c.name, c]));
  const steps = new Map<string, StepNode>();
  const groups: GroupNode[] = [];
  const taskName = (step: string): string => kfpName(step);
  // Every step's component up front: a condition may read a step written after it.
  const componentOf = new Map<string, Component>();
  const collect = (nodes: readonly Node[]): void => {
    for (const n of nodes) {
      if (n.kind === "step" && n.call.kind === "component") {
        const c = components.get(n.call.name);
        if (c !== undefined) componentOf.set(n.name, c);
      } else if (n.kind === "condition") n.branches.forEach((b) => collect(b.body));
    }
  };
  collect(pipeline.body);
  const typeOf = (source: Source): Type => {
    if (source.kind === "param") return pipeline.params.find((p) => p.name === source.name)?.type ?? STRING;
    return componentOf.get(source.step)?.outputs.find((o) => o.name === source.output)?.type ?? STRING;
  };
  let counter = 0;

  const cel = (expr: Expr): Cel | undefined => {
    const r = conditionCel(expr, typeOf, taskName);
    if (r.ok) return r.cel;
    diagnostics.push(M.kfpNotYetSupported.at(r.at.loc, "A condition on this value"));
    return undefined;
  };
  const group = (name: string, trigger: Cel | undefined, path: readonly GroupNode[], inherited: readonly Source[]): GroupNode => {
    const g: GroupNode = { kind: "group", name, trigger, children: [], path, inherited, needs: [] };
    groups.push(g);
    return g;
  };

  const build = (nodes: readonly Node[], path: readonly GroupNode[], inherited: readonly Source[]): DagNode[] => {
    const out: DagNode[] = [];
    for (const node of nodes) {
      if (node.kind === "step") {
        const component = componentOf.get(node.name);
        if (component === undefined) continue; // a sub-pipeline (MLP4001) or an unknown component (validation)
        const s: StepNode = { kind: "step", step: node, component, path };
        steps.set(node.name, s);
        out.push(s);
      } else if (node.kind === "condition") {
        const [first, ...rest] = node.branches;
        const firstCel = first.condition === undefined ? undefined : cel(first.condition);
        if (rest.length === 0) {
          const g = group(`condition-${++counter}`, firstCel, path, inherited);
          g.children.push(...build(first.body, [...path, g], [...inherited, ...(firstCel?.sources ?? [])]));
          out.push(g);
          continue;
        }
        const branchesNumber = ++counter;
        const branches = group(`condition-branches-${branchesNumber}`, undefined, path, inherited);
        const conditions: Cel[] = firstCel === undefined ? [] : [firstCel];
        // The first branch's inner groups are numbered before the branch itself (see above).
        const firstBranch = group("", firstCel, [...path, branches], inherited);
        firstBranch.children.push(...build(first.body, [...path, branches, firstBranch], [...inherited, ...(firstCel?.sources ?? [])]));
        firstBranch.name = `condition-${++counter}`;
        branches.children.push(firstBranch);
        rest.forEach((branch, i) => {
          const own = branch.condition === undefined ? undefined : cel(branch.condition);
          const trigger = branchCel(conditions, i + 1, own);
          if (own !== undefined) conditions.push(own);
          const g = group(`condition-${++counter}`, trigger, [...path, branches], inherited);
          g.children.push(...build(branch.body, [...path, branches, g], [...inherited, ...trigger.sources]));
          branches.children.push(g);
        });
        out.push(branches);
      }
      // Loops, importers and deploys: not compiled yet (MLP4001).
    }
    return out;
  };

  const root = build(pipeline.body, [], []);
  for (const g of groups) g.needs = needsOf(g, steps);
  return { root, steps, groups, typeOf };
}

const STRING: Type = { kind: "param", name: "String" };

/**
 * The values a group's DAG reads from outside it, in a stable order (sorted by channel later): the
 * pipeline parameters and outputs of steps outside the group that its steps and conditions read, and
 * what the conditions around it read.
 */
function needsOf(g: GroupNode, steps: ReadonlyMap<string, StepNode>): Source[] {
  const inside = new Set<string>();
  const collectSteps = (nodes: readonly DagNode[]): void => {
    for (const n of nodes) {
      if (n.kind === "step") inside.add(n.step.name);
      else collectSteps(n.children);
    }
  };
  collectSteps(g.children);
  const needs = new Map<string, Source>();
  const add = (s: Source): void => {
    if (s.kind === "output" && (inside.has(s.step) || !steps.has(s.step))) return;
    needs.set(sourceKey(s), s);
  };
  for (const s of g.inherited) add(s);
  for (const s of g.trigger?.sources ?? []) add(s);
  const visit = (nodes: readonly DagNode[]): void => {
    for (const n of nodes) {
      if (n.kind === "group") {
        for (const s of n.inherited) add(s);
        for (const s of n.trigger?.sources ?? []) add(s);
        visit(n.children);
      } else {
        for (const a of n.step.arguments) for (const s of argumentSources(a.value)) add(s);
      }
    }
  };
  visit(g.children);
  return [...needs.values()];
}

/** The parameters and step outputs an argument reads (inside a run-time string too). */
export function argumentSources(value: Expr): Source[] {
  switch (value.kind) {
    case "param":
      return [{ kind: "param", name: value.name }];
    case "output":
      return [{ kind: "output", step: value.step, output: value.output }];
    case "interpolation":
      return value.parts.flatMap((p) => (typeof p === "string" ? [] : argumentSources(p)));
    default:
      return [];
  }
}
