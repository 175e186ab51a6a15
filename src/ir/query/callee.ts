import type { Component, Expr, Loc, Pipeline, Program, Serve, Type } from "../types.js";
import { compareLocs } from "./locs.js";
import type { NamedNode } from "./walk.js";

/** What a step or a tune runs. */
export type Callee =
  | { readonly kind: "component"; readonly name: string; readonly component: Component }
  | { readonly kind: "pipeline"; readonly name: string; readonly pipeline: Pipeline };

/** An input of a component or a parameter of a sub-pipeline, as seen by a caller. */
export interface Port {
  readonly name: string;
  readonly type: Type;
  readonly default?: Expr;
  readonly optional: boolean;
  readonly loc: Loc;
}

/** An output of a component, a sub-pipeline or an importer. */
export interface OutPort {
  readonly name: string;
  readonly type: Type;
  readonly loc: Loc;
}

function first<T extends { readonly name: string; readonly loc: Loc }>(items: readonly T[], name: string): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (item.name === name && (best === undefined || compareLocs(item.loc, best.loc) < 0)) best = item;
  }
  return best;
}

/** The component called `name` (the first declared, when there are duplicates). */
export function findComponent(program: Program, name: string): Component | undefined {
  return first(program.components, name);
}

export function findPipeline(program: Program, name: string): Pipeline | undefined {
  return first(program.pipelines, name);
}

/** The serve called `name` (the first declared, when there are duplicates). */
export function findServe(program: Program, name: string): Serve | undefined {
  return first(program.serves, name);
}

/** What `call` runs: the kind it names first, then the other kind (so a wrong `kind` is not fatal). */
export function resolveCall(
  program: Program,
  call: { readonly kind: "component" | "pipeline"; readonly name: string },
): Callee | undefined {
  const component = (): Callee | undefined => {
    const c = findComponent(program, call.name);
    return c && { kind: "component", name: c.name, component: c };
  };
  const pipeline = (): Callee | undefined => {
    const p = findPipeline(program, call.name);
    return p && { kind: "pipeline", name: p.name, pipeline: p };
  };
  return call.kind === "pipeline" ? (pipeline() ?? component()) : (component() ?? pipeline());
}

export function calleeInputs(callee: Callee): readonly Port[] {
  return callee.kind === "component" ? callee.component.inputs : callee.pipeline.params.map((p) => ({ ...p, optional: p.optional === true }));
}

export function calleeOutputs(callee: Callee): readonly OutPort[] {
  return callee.kind === "component" ? callee.component.outputs : callee.pipeline.outputs;
}

/** The outputs of a named node; `undefined` when what a step calls is unknown. */
export function nodeOutputs(program: Program, node: NamedNode): readonly OutPort[] | undefined {
  switch (node.kind) {
    case "step": {
      const callee = resolveCall(program, node.call);
      return callee && calleeOutputs(callee);
    }
    case "importer":
      return [{ name: "artifact", type: node.artifactType, loc: node.loc }];
    case "deploy":
      return [];
  }
}

/** Whether leaving the input out is fine: it has a default or is optional. */
export function isRequired(port: Port): boolean {
  return port.default === undefined && !port.optional;
}
