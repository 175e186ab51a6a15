import type { Component, Expr, Loc, Node, Pipeline, Program, Serve, Step, Tune, Type } from "../../../src/ir/types.js";

/**
 * A small builder of IR by hand, for what the language cannot express (names a builder could give,
 * fractional counts) and for robustness tests. Every node gets a distinct dummy location on its own
 * line of `ir.mlpipe`, so tests can tell where a diagnostic points.
 */
let line = 0;
export function loc(): Loc {
  line += 1;
  return { file: "ir.mlpipe", line, col: 1, endLine: line, endCol: 10 };
}

export const T = {
  string: { kind: "param", name: "String" } as Type,
  int: { kind: "param", name: "Int" } as Type,
  float: { kind: "param", name: "Float" } as Type,
  dataset: { kind: "artifact", name: "Dataset" } as Type,
  model: { kind: "artifact", name: "Model" } as Type,
};

export function program(parts: Partial<Omit<Program, "kind">>): Program {
  return { kind: "program", components: [], pipelines: [], tunes: [], serves: [], ...parts };
}

export function component(name: string, parts: Partial<Component> = {}): Component {
  return {
    kind: "component",
    name,
    image: { ref: "ghcr.io/acme/x:1", loc: loc() },
    inputs: [],
    outputs: [],
    command: [],
    args: [],
    settings: {},
    sideEffects: false,
    loc: loc(),
    ...parts,
  };
}

export function pipeline(name: string, body: readonly Node[], parts: Partial<Pipeline> = {}): Pipeline {
  return { kind: "pipeline", name, params: [], outputs: [], body, settings: {}, loc: loc(), ...parts };
}

export function step(name: string, call: string, args: Record<string, Expr> = {}, parts: Partial<Step> = {}): Step {
  return {
    kind: "step",
    name,
    call: { kind: "component", name: call, loc: loc() },
    arguments: Object.entries(args).map(([n, value]) => ({ name: n, value, loc: loc() })),
    after: [],
    settings: {},
    ignoreUpstreamFailure: false,
    loc: loc(),
    ...parts,
  };
}

export const E = {
  str: (value: string): Expr => ({ kind: "string", value, loc: loc() }),
  num: (value: number): Expr => ({ kind: "number", value, loc: loc() }),
  param: (name: string): Expr => ({ kind: "param", name, loc: loc() }),
  out: (s: string, output: string): Expr => ({ kind: "output", step: s, output, loc: loc() }),
  item: (l: string, field?: string): Expr => (field === undefined ? { kind: "loopItem", loop: l, loc: loc() } : { kind: "loopItem", loop: l, field, loc: loc() }),
  list: (...items: Expr[]): Expr => ({ kind: "list", items, loc: loc() }),
};

export function tune(name: string, target: string, parts: Partial<Tune> = {}): Tune {
  return {
    kind: "tune",
    name,
    target: { kind: "component", name: target, loc: loc() },
    objective: { type: "maximize", metric: "accuracy", additionalMetrics: [], strategies: [], loc: loc() },
    algorithm: { name: "random", settings: [], loc: loc() },
    search: [],
    arguments: [],
    settings: {},
    loc: loc(),
    ...parts,
  };
}

export function serve(name: string, parts: Partial<Serve> = {}): Serve {
  return {
    kind: "serve",
    name,
    model: { format: "sklearn", storage: { kind: "string", value: "s3://acme/m", loc: loc() }, loc: loc() },
    settings: {},
    loc: loc(),
    ...parts,
  };
}
