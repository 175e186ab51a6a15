import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type {
  Argument,
  Expr,
  Loc,
  Node,
  OutputRef,
  Param,
  Pipeline as IRPipeline,
  PipelineOutput,
  Schedule,
  Settings,
  Step as IRStep,
  Type,
} from "../../ir/types.js";
import { nameAnonymous } from "../common/naming.js";
import { concurrencyPolicy } from "../common/settings.js";
import { artifactRootProblem } from "../common/values.js";
import type { Args, Callable, Decls, OutputDecls } from "./component.js";
import { argumentLoc, callSite, optionLoc } from "./location.js";
import { toSettings, type PipelineSettings } from "./settings.js";
import {
  addNode,
  body,
  callStep,
  ImporterImpl,
  inBlock,
  StepImpl,
  withBody,
  type BodyContext,
  type PendingNode,
  type Step,
  type StepOptions,
} from "./step.js";
import { declParts, type ArtifactKind, type Kind, type KindOf, type Literal, type ParamKind, type TypeSpec } from "./types.js";
import { Cond, exprOf, LoopItem, Value, type Condition, type Resolver } from "./values.js";
import { record } from "../../ir/records.js";
import { checkOptions } from "./shapes.js";

/** A schedule: a five-field cron expression, or one with its time zone and concurrency policy. */
export type ScheduleSpec = string | { readonly cron: string; readonly timezone?: string; readonly concurrency?: "Allow" | "Forbid" | "Replace" };

/** The spec of a pipeline: its parameters, description, schedule and pipeline-wide settings. */
export interface PipelineSpec<P extends Decls, O extends OutputDecls = OutputDecls> extends PipelineSettings {
  /** The run's parameters by name, as component inputs are declared (`Float.default(0.1)`). */
  readonly params?: P;
  /**
   * The types of the outputs the body returns, like `output model: Artifact = fit.model` in the
   * language: needed only where an output's type is not its value's own (a `Model` declared as
   * `Artifact`, an `Int` as `Float`, a loop item's field). Without it, each returned value keeps its
   * type; a declared output the body does not return is an error.
   */
  readonly outputs?: O;
  /** What the pipeline does, shown in the KFP and Argo UIs. */
  readonly description?: string;
  /** When the pipeline runs by itself: an Argo CronWorkflow, a KFP recurring run (see `ScheduleSpec`). */
  readonly schedule?: ScheduleSpec;
  /** Where the run's artifacts are stored, `"s3://bucket/prefix"` (s3://, gs:// or minio://): the language's `artifactRoot`. */
  readonly artifactRoot?: string;
}

/** Outputs a pipeline body returns: `{ model: fit.outputs.model }`. */
export type PipelineOutputs = Readonly<Record<string, Value>>;

/** What `p.if(…)` returns: add `elif` and `else` branches. */
export interface IfChain {
  /** Another condition, tried when the ones before do not hold. */
  elif(condition: Condition, then: () => void): IfChain;
  /** The branch taken when no condition holds. */
  else(then: () => void): void;
}

/** The handle a pipeline body receives: parameters, control flow, the exit handler. */
export interface PipelineContext<P extends Decls> {
  /** The pipeline's parameters as values. */
  readonly params: { readonly [K in keyof P]: Value<KindOf<P[K]>> };
  /** The pipeline's final status, for steps in `finally`. */
  readonly status: Value<"Status">;
  /** Steps that run only when the condition holds. */
  if(condition: Condition, then: () => void): IfChain;
  /**
   * Steps run once per item, at most `parallel` at a time; `variable` names the loop in the IR.
   * Returns what the body returns, so that a step made in the loop can be fanned in with `collect`.
   */
  for<T = void, K extends Kind = any>(
    variable: string,
    items: readonly (Literal | Value<ParamKind>)[] | Value<"List">,
    body: (item: LoopItem<K>) => T,
    options?: { readonly parallel?: number },
  ): T;
  /** The exit handler: steps that run after all others, whatever happened. */
  finally(body: () => void): void;
}

/** A pipeline: export it to compile it; call it inside another pipeline to run it as a sub-pipeline. */
export interface Pipeline<P extends Decls = Decls, O extends OutputDecls = OutputDecls> extends Callable<P, O> {
  (args: Args<P>, options?: StepOptions): Step<O>;
  readonly $kind: "pipeline";
  /** @internal */
  $ir(report: (d: Diagnostic) => void): IRPipeline;
  /** @internal Serves deployed from this pipeline. */
  readonly $deployed: () => readonly { readonly serve: unknown }[];
  /** @internal The components and pipelines its steps call. */
  readonly $callees: () => ReadonlySet<Callable>;
}

/** The output declarations matching what a body returns, for TypeScript. */
type OutputsOf<R> = R extends Readonly<Record<string, Value>> ? { readonly [K in keyof R]: TypeSpec<R[K] extends Value<infer T> ? T : Kind> } : {};

/**
 * Declares a pipeline. The body runs when the pipeline is compiled; it calls components (adding
 * steps), uses `p.if`, `p.for` and `p.finally`, and may return outputs for callers of a sub-pipeline.
 */
export function pipeline<P extends Decls = {}, R extends PipelineOutputs | void = void, O extends OutputDecls = OutputsOf<R>>(
  name: string,
  spec: PipelineSpec<P, O>,
  body: (p: PipelineContext<P>) => R,
): Pipeline<P, O> {
  const loc = callSite();
  const params = spec.params ?? ({} as P);
  let built: Built | undefined;
  let building = false;

  // Built once, the first time anything asks (a caller's step reading its outputs, or the program);
  // its diagnostics are kept and handed to whoever asks for the IR.
  const build = (): Built => {
    if (built !== undefined) return built;
    // A pipeline that calls itself: the recursive-pipelines rule reports it; here, no outputs.
    if (building) return { ir: undefined, outputTypes: new Map<string, Type>(), deployed: [], callees: new Set<Callable>(), diagnostics: [] };
    building = true;
    try {
      const diagnostics: Diagnostic[] = [];
      built = { ...buildPipeline(name, spec, params, body as (p: PipelineContext<P>) => PipelineOutputs | void, loc, (d) => diagnostics.push(d)), diagnostics };
      return built;
    } finally {
      building = false;
    }
  };
  const fn = ((args: Args<P>, options?: StepOptions) => callStep(fn, args as Record<string, unknown>, options ?? {}, callSite())) as unknown as Pipeline<P, O>;
  Object.defineProperties(fn, {
    $kind: { value: "pipeline" },
    $name: { value: name },
    $outputs: { value: () => build().outputTypes },
    $ir: {
      value: (report: (d: Diagnostic) => void) => {
        const b = build();
        b.diagnostics.forEach(report);
        return b.ir;
      },
    },
    $deployed: { value: () => build().deployed },
    $callees: { value: () => build().callees },
  });
  return fn;
}

interface Built {
  readonly ir: IRPipeline | undefined;
  readonly outputTypes: Map<string, Type>;
  readonly deployed: { serve: unknown }[];
  readonly callees: Set<Callable>;
  readonly diagnostics: readonly Diagnostic[];
}

function buildPipeline<P extends Decls>(
  name: string,
  spec: PipelineSpec<P>,
  paramDecls: P,
  bodyFn: (p: PipelineContext<P>) => PipelineOutputs | void,
  loc: Loc,
  report: (d: Diagnostic) => void,
) {
  const params: Param[] = [];
  const paramValues: Record<string, Value> = record();
  for (const [n, d] of Object.entries(paramDecls)) {
    const parts = declParts(d);
    const p: { -readonly [K in keyof Param]: Param[K] } = { kind: "param", name: n, type: parts.type.ir, loc };
    if (parts.default !== undefined) p.default = exprOf(parts.default, loc, NO_STEPS);
    if (parts.optional) p.optional = true;
    params.push(p);
    paramValues[n] = new Value(parts.type.ir, (_r, at) => ({ kind: "param", name: n, loc: at }), loc);
  }

  /** `f`, reporting a promise it returns (an `async` body) at `at`; a promise counts as no value. */
  const synchronous =
    <T>(f: () => T, what: string, at: Loc) =>
    (): T | undefined => {
      const value = f();
      if (!isThenable(value)) return value;
      report(M.asyncBody.at(at, what));
      return undefined;
    };

  const top: PendingNode[] = [];
  let exit: { body: PendingNode[]; loc: Loc } | undefined;
  const ctx: BodyContext = { blocks: [top], report };
  const context: PipelineContext<P> = {
    params: paramValues as PipelineContext<P>["params"],
    status: new Value<"Status">({ kind: "status" }, (_r, at) => ({ kind: "status", loc: at }), loc),
    if(condition, then) {
      const at = callSite();
      const branches: { condition?: Condition; body: PendingNode[]; loc: Loc }[] = [{ condition, body: inBlock(ctx, synchronous(then, "The body of p.if", at)), loc: at }];
      addNode(ctx, { kind: "condition", branches, loc: at });
      let closed = false;
      const chain: IfChain = {
        elif(c, t) {
          if (closed) report(M.builderMisuse.at(callSite(), "elif", "it follows an else"));
          const at = callSite();
          branches.push({ condition: c, body: inBlock(ctx, synchronous(t, "The body of elif", at)), loc: at });
          return chain;
        },
        else(t) {
          if (closed) report(M.builderMisuse.at(callSite(), "else", "the condition already has an else"));
          closed = true;
          const at = callSite();
          branches.push({ body: inBlock(ctx, synchronous(t, "The body of else", at)), loc: at });
        },
      };
      return chain;
    },
    for(variable, items, loopBody, options) {
      const at = callSite();
      const listType = items instanceof Value ? items.$type : undefined;
      const itemType = listType?.kind === "param" && listType.name === "List" ? listType.items : undefined;
      const item = new LoopItem(variable, itemType, at);
      let result: unknown;
      const block = inBlock(ctx, () => {
        result = synchronous(() => loopBody(item as never), "The body of p.for", at)();
      });
      addNode(ctx, { kind: "loop", variable, items, parallelism: options?.parallel, body: block, loc: at });
      return result as never;
    },
    finally(exitBody) {
      const at = callSite();
      if (exit !== undefined) {
        report(M.misplacedFinally.at(at));
        return;
      }
      exit = { body: inBlock(ctx, synchronous(exitBody, "The body of p.finally", at)), loc: at };
    },
  };

  const returned = withBody(ctx, synchronous(() => bodyFn(context), `The body of pipeline '${name}'`, loc)) ?? {};
  const callees = new Set<Callable>();
  const gather = (nodes: readonly PendingNode[]) => {
    for (const n of nodes) {
      if (n.kind === "step") callees.add(n.step.callee);
      else if (n.kind === "condition") for (const b of n.branches) gather(b.body);
      else if (n.kind === "loop") gather(n.body);
    }
  };
  gather([...top, ...(exit?.body ?? [])]);

  // Names: explicit ones first, then anonymous steps after their callee, in the order they were made.
  const resolver = nameSteps([...top, ...(exit?.body ?? [])]);
  const deployed: { serve: unknown }[] = [];
  const lower = (nodes: readonly PendingNode[]): Node[] => nodes.map((n) => lowerNode(n, resolver, report, lower, deployed));

  // Declared outputs first, in their order (as the language lists them), then undeclared ones.
  const outputTypes = new Map<string, Type>();
  const declared: Readonly<Record<string, TypeSpec>> = spec.outputs ?? {};
  const returnedValues = returned as Readonly<Record<string, Value | undefined>>;
  const outputNames = [...new Set([...Object.keys(declared), ...Object.keys(returnedValues)])];
  const outputs: PipelineOutput[] = outputNames.map((n) => {
    const v = returnedValues[n];
    const type = declared[n]?.ir ?? v?.$type ?? { kind: "param", name: "String" };
    outputTypes.set(n, type);
    if (v === undefined) {
      report(M.pipelineOutputNoValue.at(loc, n, "return its value from the pipeline body, as in return { model: fit.outputs.model }"));
      return { kind: "pipelineOutput", name: n, type, value: { kind: "null", loc }, loc };
    }
    return { kind: "pipelineOutput", name: n, type, value: v.$build(resolver, loc), loc };
  });

  const specLoc = argumentLoc(loc, 1);
  checkOptions(spec, "PipelineSpec", `pipeline '${name}'`, specLoc, report);
  const ir: { -readonly [K in keyof IRPipeline]: IRPipeline[K] } = {
    kind: "pipeline",
    name,
    params,
    outputs,
    body: lower(top),
    settings: toSettings(spec, specLoc, report) as Settings,
    loc,
  };
  if (spec.description !== undefined) ir.description = spec.description;
  if (exit !== undefined) ir.exitHandler = { body: lower(exit.body), loc: exit.loc };
  if (spec.schedule !== undefined) {
    const s = typeof spec.schedule === "string" ? { cron: spec.schedule } : spec.schedule;
    const schedule: { -readonly [K in keyof Schedule]: Schedule[K] } = { kind: "schedule", cron: s.cron.trim(), loc };
    if (s.timezone !== undefined) schedule.timezone = { name: s.timezone, loc };
    if (s.concurrency !== undefined) {
      const policy = concurrencyPolicy(s.concurrency);
      if (policy === undefined) report(M.scheduleConcurrency.at(loc, String(s.concurrency)));
      else schedule.concurrency = policy;
    }
    ir.schedule = schedule;
  }
  if (spec.artifactRoot !== undefined) {
    const problem = artifactRootProblem(spec.artifactRoot);
    if (problem !== undefined) report(M.invalidArtifactRoot.at(loc, problem));
    else ir.artifactRoot = { uri: spec.artifactRoot, loc };
  }
  return { ir: ir as IRPipeline, outputTypes, deployed, callees };
}

const NO_STEPS: Resolver = { stepName: () => "" };

/** Gives every step its name, the way the language names them (see StepNamer in the DSL lowering). */
function nameSteps(nodes: readonly PendingNode[]): Resolver {
  const names = new Map<object, string>();
  const used = new Set<string>();
  const anonymous: { step: object; base: string }[] = [];
  const visit = (list: readonly PendingNode[]) => {
    for (const n of list) {
      if (n.kind === "step" || n.kind === "importer") {
        const explicit = n.step.options.name;
        if (explicit !== undefined) {
          names.set(n.step, explicit);
          used.add(explicit);
        } else {
          anonymous.push({ step: n.step, base: n.kind === "step" ? n.step.callee.$name : "importer" });
        }
      } else if (n.kind === "deploy") {
        used.add(n.serve.name);
      } else if (n.kind === "condition") {
        for (const b of n.branches) visit(b.body);
      } else if (n.kind === "loop") {
        visit(n.body);
      }
    }
  };
  visit(nodes);
  for (const [step, name] of nameAnonymous(used, anonymous.map(({ step, base }) => ({ key: step, base })))) names.set(step, name);
  return { stepName: (step) => names.get(step) ?? "<step outside this pipeline>" };
}

function afterRefs(after: readonly Step[] | undefined, r: Resolver, loc: Loc) {
  return (after ?? []).map((s) => ({ step: r.stepName(s), loc }));
}

function lowerNode(
  n: PendingNode,
  r: Resolver,
  report: (d: Diagnostic) => void,
  lower: (nodes: readonly PendingNode[]) => Node[],
  deployed: { serve: unknown }[],
): Node {
  switch (n.kind) {
    case "step": {
      const s = n.step;
      const argsLoc = argumentLoc(s.loc, 0);
      const args: Argument[] = Object.entries(s.args)
        .filter(([, v]) => v !== undefined)
        .map(([name, v]) => {
          // The argument as written in the call (`lr: a.outputs.data`), where the loader can find it.
          const at = optionLoc(argsLoc, name);
          return { name, value: exprOf(v, at, r), loc: at };
        });
      const optionsLoc = argumentLoc(s.loc, 1);
      checkOptions(s.options, "StepOptions", `step '${r.stepName(s)}'`, optionsLoc, report);
      const step: { -readonly [K in keyof IRStep]: IRStep[K] } = {
        kind: "step",
        name: r.stepName(s),
        call: { kind: s.callee.$kind, name: s.callee.$name, loc: s.loc },
        arguments: args,
        after: afterRefs(s.options.after, r, s.loc),
        settings: toSettings(s.options, optionsLoc, report),
        ignoreUpstreamFailure: s.options.always ?? false,
        loc: s.loc,
      };
      if (s.options.displayName !== undefined) step.displayName = s.options.displayName;
      return step;
    }
    case "importer": {
      const s = n.step;
      return {
        kind: "importer",
        name: r.stepName(s),
        uri: exprOf(s.uri, s.loc, r),
        artifactType: s.artifactType,
        reimport: s.options.reimport ?? false,
        metadata: Object.entries(s.options.metadata ?? {}).map(([key, v]) => ({ key, value: exprOf(v, s.loc, r), loc: s.loc })),
        after: afterRefs(s.options.after, r, s.loc),
        loc: s.loc,
      };
    }
    case "deploy":
      // The serve's model may read this pipeline's steps: it resolves their names here.
      n.serve.bind(r);
      deployed.push({ serve: n.serve.declaration });
      return { kind: "deploy", name: n.serve.name, serve: n.serve.name, after: afterRefs(n.after, r, n.serve.loc), loc: n.serve.loc };
    case "condition":
      return {
        kind: "condition",
        branches: n.branches.map((b) =>
          b.condition === undefined
            ? { body: lower(b.body), loc: b.loc }
            : { condition: conditionExpr(b.condition, r, b.loc), body: lower(b.body), loc: b.loc },
        ),
        loc: n.loc,
      };
    case "loop": {
      const loop: { -readonly [K in keyof Extract<Node, { kind: "loop" }>]: Extract<Node, { kind: "loop" }>[K] } = {
        kind: "loop",
        variable: n.variable,
        items: exprOf(n.items, n.loc, r),
        body: lower(n.body),
        loc: n.loc,
      };
      if (n.parallelism !== undefined) loop.parallelism = n.parallelism;
      return loop;
    }
  }
}

function conditionExpr(c: Condition, r: Resolver, loc: Loc): Expr {
  return c instanceof Cond ? c.$build(r, loc) : c.$build(r, loc);
}

/** Collects the values of a step output made inside a loop, as one list (fan-in). */
export function collect<K extends Kind>(output: Value<K>): Value<"List"> {
  const loc = callSite();
  const ctx = body("'collect(…)'", loc);
  const type = output.$type;
  const listType: Type | undefined = type?.kind === "param" ? { kind: "param", name: "List", items: type } : type === undefined ? undefined : { kind: "param", name: "List" };
  return new Value<"List">(
    listType,
    (r, at) => {
      const e = output.$build(r, at);
      if (e.kind === "output") return { kind: "collect", step: e.step, output: e.output, loc: at };
      ctx.report(M.collectArgument.at(loc, "collect(score.outputs.auc)"));
      return { kind: "null", loc: at };
    },
    loc,
  );
}

/**
 * The output of whichever step ran, of steps in the branches of one `p.if(…).elif(…).else(…)` (one per
 * branch, with an `else`): the language's `oneOf(a.model, b.model)`.
 */
export function oneOf<K extends Kind>(first: Value<K>, ...rest: readonly Value<K>[]): Value<K> {
  const loc = callSite();
  const ctx = body("'oneOf(…)'", loc);
  return new Value<K>(
    first.$type,
    (r, at) => {
      const options: OutputRef[] = [];
      for (const v of [first, ...rest]) {
        const e = v.$build(r, at);
        if (e.kind !== "output") {
          ctx.report(M.oneOfArgument.at(loc, "oneOf(a.outputs.model, b.outputs.model)"));
          return { kind: "null", loc: at };
        }
        options.push(e);
      }
      if (options.length < 2) {
        ctx.report(M.oneOfTooFew.at(loc));
        return { kind: "null", loc: at };
      }
      return { kind: "oneof", options, loc: at };
    },
    loc,
  );
}

/** Brings an existing artifact into the pipeline; the step's one output is `artifact`. */
export function importer<K extends ArtifactKind>(
  type: TypeSpec<K>,
  uri: string | Value<"String">,
  options: { readonly name?: string; readonly reimport?: boolean; readonly metadata?: Readonly<Record<string, unknown>>; readonly after?: readonly Step[] } = {},
): Step<{ artifact: TypeSpec<K> }> {
  const loc = callSite();
  const ctx = body("'importer(…)'", loc);
  const ir = type.ir;
  if (ir.kind !== "artifact") throw new Error("importer() takes an artifact type");
  const step = new ImporterImpl(ir, uri, options, loc);
  addNode(ctx, { kind: "importer", step });
  return step as unknown as Step<{ artifact: TypeSpec<K> }>;
}

export { StepImpl };

/**
 * Whether `value` is a promise or another thenable. The rest of an async body runs later, outside any
 * pipeline, and fails there (its steps belong to no body); that failure is the reported one, so it is
 * caught here rather than left to crash the process as an unhandled rejection.
 */
function isThenable(value: unknown): boolean {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  try {
    const then = (value as { then?: unknown }).then;
    if (typeof then !== "function") return false;
    (then as (ok: unknown, fail: unknown) => unknown).call(value, undefined, () => undefined);
    return true;
  } catch {
    return true;
  }
}
