import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Loc, Type } from "../../ir/types.js";
import type { Callable, OutputDecls } from "./component.js";
import type { StepSettings } from "./settings.js";
import type { ArtifactKind, Kind, TypeSpec } from "./types.js";
import { Value, type Condition, type Resolver } from "./values.js";

/** Options of one step: its name, ordering, and settings that override the component's. */
export interface StepOptions extends StepSettings {
  /** The step's name (`prep = prepare(…)` in the language); by default the callee's name. */
  readonly name?: string;
  /** Steps this one runs after, beyond those whose outputs it reads. */
  readonly after?: readonly Step[];
  /** Run once the upstream steps finished, whether they succeeded or not. */
  readonly always?: boolean;
  /** The name shown in the run's UI. */
  readonly displayName?: string;
}

/** The kind of each output of a step. */
export type Outputs<O extends OutputDecls> = { readonly [K in keyof O]: Value<O[K] extends TypeSpec<infer T> ? T : Kind> };

/** A step of a pipeline: read its outputs as `step.outputs.name`. */
export interface Step<O extends OutputDecls = OutputDecls> {
  /** The step's outputs by name, to pass to later steps (`fit.outputs.model`). */
  readonly outputs: Outputs<O>;
}

/** What a pipeline body is made of, before names are given. */
export type PendingNode =
  | { readonly kind: "step"; readonly step: StepImpl }
  | { readonly kind: "importer"; readonly step: ImporterImpl }
  | { readonly kind: "deploy"; readonly serve: DeployedServe; readonly after: readonly Step[] }
  | {
      readonly kind: "condition";
      readonly branches: { readonly condition?: Condition; readonly body: PendingNode[]; readonly loc: Loc }[];
      readonly loc: Loc;
    }
  | {
      readonly kind: "loop";
      readonly variable: string;
      readonly items: unknown;
      readonly parallelism?: number;
      readonly body: PendingNode[];
      readonly loc: Loc;
    };

/**
 * A `serve()` made inside a pipeline body (see serve.ts): its name, where it was called, the
 * declaration the program collects, and how it learns the names of the pipeline's steps (its model
 * may be a step's output), once the pipeline is complete.
 */
export interface DeployedServe {
  readonly name: string;
  readonly loc: Loc;
  readonly declaration: object;
  bind(r: Resolver): void;
}

/** A step made by calling a component or pipeline. */
export class StepImpl implements Step {
  readonly outputs: Outputs<OutputDecls>;

  constructor(
    readonly callee: Callable,
    readonly args: Readonly<Record<string, unknown>>,
    readonly options: StepOptions,
    readonly loc: Loc,
  ) {
    this.outputs = outputValues(this, () => callee.$outputs());
  }
}

/** A step made by `importer(…)`; its one output is `artifact`. */
export class ImporterImpl implements Step<{ artifact: TypeSpec<ArtifactKind> }> {
  readonly outputs: Outputs<{ artifact: TypeSpec<ArtifactKind> }>;

  constructor(
    readonly artifactType: Extract<Type, { kind: "artifact" }>,
    readonly uri: unknown,
    readonly options: { readonly name?: string; readonly reimport?: boolean; readonly metadata?: Readonly<Record<string, unknown>>; readonly after?: readonly Step[] },
    readonly loc: Loc,
  ) {
    this.outputs = outputValues(this, () => new Map([["artifact", artifactType]])) as Outputs<{ artifact: TypeSpec<ArtifactKind> }>;
  }
}

/** `step.outputs.x` values; an unknown output name still makes a reference, which validation reports. */
function outputValues(step: object, types: () => ReadonlyMap<string, Type>): Outputs<OutputDecls> {
  const made = new Map<string, Value>();
  return new Proxy({} as Outputs<OutputDecls>, {
    get(_t, prop) {
      if (typeof prop !== "string") return undefined;
      let v = made.get(prop);
      if (v === undefined) {
        v = new Value(types().get(prop), (r, at) => ({ kind: "output", step: r.stepName(step), output: prop, loc: at }), { file: "", line: 1, col: 1, endLine: 1, endCol: 1 });
        made.set(prop, v);
      }
      return v;
    },
  });
}

/** The pipeline body being built: the blocks open now, and where problems go. */
export interface BodyContext {
  readonly blocks: PendingNode[][];
  readonly report: (d: Diagnostic) => void;
}

let current: BodyContext | undefined;

/** Runs `f` with `ctx` as the body under construction. */
export function withBody<T>(ctx: BodyContext, f: () => T): T {
  const outer = current;
  current = ctx;
  try {
    return f();
  } finally {
    current = outer;
  }
}

/** The body under construction, or a diagnostic-carrying error when called outside any pipeline. */
export function body(what: string, loc: Loc): BodyContext {
  if (current === undefined) throw new BuilderError(M.outsidePipeline.at(loc, what));
  return current;
}

/** The body under construction, or undefined outside any pipeline (a top-level `serve()`). */
export function currentBody(): BodyContext | undefined {
  return current;
}

/** Adds a node to the innermost open block. */
export function addNode(ctx: BodyContext, node: PendingNode): void {
  ctx.blocks[ctx.blocks.length - 1].push(node);
}

/** Runs `f` with a fresh innermost block and returns the block. */
export function inBlock(ctx: BodyContext, f: () => void): PendingNode[] {
  const block: PendingNode[] = [];
  ctx.blocks.push(block);
  try {
    f();
  } finally {
    ctx.blocks.pop();
  }
  return block;
}

/** A misuse of the builder that cannot become IR (a component called outside a pipeline). */
export class BuilderError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Adds a step calling `callee` to the body under construction. */
export function callStep(callee: Callable, args: Readonly<Record<string, unknown>>, options: StepOptions, loc: Loc): Step {
  const ctx = body(`'${callee.$name}(…)'`, loc);
  const step = new StepImpl(callee, args, options, loc);
  addNode(ctx, { kind: "step", step });
  return step;
}
