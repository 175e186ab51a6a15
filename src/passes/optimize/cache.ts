/**
 * The optimizer's cache analysis (issue 13, point 1): a pure function of the resolved program that
 * says, for every component step a run executes (its own, those of the pipelines it calls, inside
 * loops and branches), whether the step is cached, why not, and its key. The key is the sha256 of a
 * canonical encoding (`cache-key.ts`) of what can change the step's result: image, command, args,
 * env, and its inputs, where an input made by another step is that step's key, so a change upstream
 * changes every key downstream. A step is not cached when `resolve` says so (caching off, side
 * effects, a mutable image), when an input is non-deterministic (the pipeline's status, a per-pod
 * field), or when an input comes from a step that is not cached (its output's identity is unknown).
 */

import type { Duration, Expr, Importer, Loc, Node, Pipeline, Step } from "../../ir/types.js";
import { walkNodes } from "../../ir/query/walk.js";
import type { NotCachedReason, ResolvedPipeline, ResolvedProgram, ResolvedStep } from "../resolve/index.js";
import { cacheKey, definitionKey, encodeCommand, encodeEnvSource, imageIdentity, perPodField, type Json, type KeyInputs } from "./cache-key.js";

export type { Json, KeyInputs } from "./cache-key.js";

export type CacheReason =
  | NotCachedReason
  /** An input (or env var) differs from run to run: `input` is `input 'x'` or `env var X`, `what` its value. */
  | { readonly kind: "nonDeterministic"; readonly input: string; readonly what: string; readonly loc: Loc }
  /** An input comes from a step that is not cached, so what it will be is not known before it runs. */
  | { readonly kind: "upstreamNotCached"; readonly input: string; readonly upstream: string; readonly loc: Loc };

export interface StepCachePlan {
  readonly step: Step;
  /** The step's name, prefixed by the calling steps' names (`prep.clean`) inside called pipelines. */
  readonly path: string;
  readonly cached: boolean;
  /** Why not cached (`undefined` when cached). */
  readonly reason?: CacheReason;
  /** What the key is the hash of. */
  readonly keyInputs: KeyInputs;
  /** sha256 hex of the canonical encoding of `keyInputs` (computed for uncached steps too). */
  readonly key: string;
  /**
   * sha256 hex of what the step runs, without its inputs (image, command, args, env): the static part
   * of a key a target completes with the input values it sees at run time (Argo's `memoize`).
   */
  readonly definitionKey: string;
  /** How long a cached result may be reused, when the source says (`cache … maxAge`); else the target's default. */
  readonly maxAge?: Duration;
}

export interface PipelineCachePlan {
  /** Every component step the run executes, in source order (a pipeline called twice appears twice). */
  readonly entries: readonly StepCachePlan[];
  /** By IR node, for the back ends: the first entry of each step. */
  readonly steps: ReadonlyMap<Step, StepCachePlan>;
}

export interface CachePlan {
  /** By the name of the pipeline a run starts. */
  readonly pipelines: ReadonlyMap<string, PipelineCachePlan>;
}

/** The cache plan of every pipeline of the program, as the pipeline a run starts. */
export function planCache(resolved: ResolvedProgram): CachePlan {
  const pipelines = new Map<string, PipelineCachePlan>();
  for (const [name, run] of resolved.pipelines) pipelines.set(name, planPipeline(resolved, run));
  return { pipelines };
}

/** The description of a value: its encoding, and why it is not known before the run, if so. */
interface Desc {
  readonly v: Json;
  readonly nondet?: string;
  readonly unknown?: string;
}

interface Scope {
  readonly pipeline: Pipeline;
  readonly prefix: string;
  readonly params: ReadonlyMap<string, Desc>;
  readonly nodes: ReadonlyMap<string, Step | Importer>;
  readonly loops: Map<string, Desc>;
  /** Plans of this scope's component steps, by name. */
  readonly plans: Map<string, StepCachePlan>;
  /** Scopes of the pipelines this scope's steps call, by step name. */
  readonly calls: Map<string, Scope>;
}

function planPipeline(resolved: ResolvedProgram, run: ResolvedPipeline): PipelineCachePlan {
  const entries: StepCachePlan[] = [];
  const steps = new Map<Step, StepCachePlan>();
  const byName = new Map(resolved.program.pipelines.map((p) => [p.name, p]));
  const active = new Set<Pipeline>();

  const enter = (pipeline: Pipeline, prefix: string, params: ReadonlyMap<string, Desc>): Scope => {
    const placed = walkNodes(pipeline);
    const nodes = new Map<string, Step | Importer>();
    for (const { node } of placed) if (node.kind === "step" || node.kind === "importer") nodes.set(node.name, node);
    const scope: Scope = { pipeline, prefix, params, nodes, loops: new Map(), plans: new Map(), calls: new Map() };
    if (active.has(pipeline)) return scope; // (invalid) recursion
    active.add(pipeline);
    for (const { node } of placed) visit(scope, node);
    active.delete(pipeline);
    return scope;
  };

  const visit = (scope: Scope, node: Node): void => {
    if (node.kind === "loop") scope.loops.set(node.variable, describe(scope, node.items));
    if (node.kind !== "step") return;
    if (node.call.kind === "component") {
      planStep(scope, node);
      return;
    }
    callScope(scope, node);
  };

  const callScope = (scope: Scope, step: Step): Scope | undefined => {
    const known = scope.calls.get(step.name);
    if (known !== undefined) return known;
    const callee = byName.get(step.call.name);
    if (callee === undefined || active.has(callee)) return undefined;
    const params = new Map<string, Desc>();
    for (const p of callee.params) {
      const arg = step.arguments.find((a) => a.name === p.name);
      if (arg !== undefined) params.set(p.name, describe(scope, arg.value));
      else if (p.default !== undefined) params.set(p.name, describe(scope, p.default));
    }
    const inner = enter(callee, `${scope.prefix}${step.name}.`, params);
    scope.calls.set(step.name, inner);
    return inner;
  };

  const planStep = (scope: Scope, step: Step): StepCachePlan | undefined => {
    const known = scope.plans.get(step.name);
    if (known !== undefined) return known;
    const r: ResolvedStep | undefined = run.steps.get(step);
    if (r === undefined) return undefined;
    const { component, settings } = r;
    let reason: CacheReason | undefined = r.cache.cacheable ? undefined : r.cache.reason;
    const note = (input: string, d: Desc, loc: Loc): void => {
      if (reason !== undefined && reason.kind !== "upstreamNotCached") return;
      if (d.nondet !== undefined) reason = { kind: "nonDeterministic", input, what: d.nondet, loc };
      else if (d.unknown !== undefined && reason === undefined) reason = { kind: "upstreamNotCached", input, upstream: d.unknown, loc };
    };
    const inputs: { [input: string]: Json } = {};
    for (const input of component.inputs) {
      const arg = step.arguments.find((a) => a.name === input.name);
      const expr = arg?.value ?? input.default;
      if (expr === undefined) continue;
      const d = describe(scope, expr);
      inputs[input.name] = d.v;
      note(`input '${input.name}'`, d, arg?.loc ?? expr.loc);
    }
    const env: Json[] = [];
    for (const e of settings.env ?? []) {
      let d: Desc;
      if (e.source.kind === "value") d = describe(scope, e.source.value);
      else if (e.source.kind === "fieldPath" && perPodField(e.source.fieldPath)) d = { v: encodeEnvSource(e)!, nondet: `the pod field ${e.source.fieldPath}` };
      else d = { v: encodeEnvSource(e)! };
      env.push([e.name, d.v]);
      note(`env var ${e.name}`, d, e.loc);
    }
    const keyInputs: KeyInputs = { image: imageIdentity(component), command: encodeCommand(component.command), args: encodeCommand(component.args), env, inputs };
    const maxAge = settings.cacheMaxAge;
    const plan: StepCachePlan = {
      step,
      path: `${scope.prefix}${step.name}`,
      cached: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
      keyInputs,
      key: cacheKey(keyInputs),
      definitionKey: definitionKey(keyInputs),
      ...(maxAge === undefined ? {} : { maxAge }),
    };
    scope.plans.set(step.name, plan);
    entries.push(plan);
    if (!steps.has(step)) steps.set(step, plan);
    return plan;
  };

  /** The identity of `step.output` in `scope`. */
  const outputOf = (scope: Scope, stepName: string, output: string, tag: string): Desc => {
    const node = scope.nodes.get(stepName);
    if (node === undefined) return { v: [tag, "?", output] };
    if (node.kind === "importer") {
      const uri = describe(scope, node.uri);
      return { ...uri, v: [tag, ["importer", uri.v, node.reimport], output] };
    }
    if (node.call.kind === "component") {
      const plan = planStep(scope, node);
      if (plan === undefined) return { v: [tag, "?", output] };
      return plan.cached ? { v: [tag, plan.key, output] } : { v: [tag, plan.key, output], unknown: plan.path };
    }
    const inner = callScope(scope, node);
    const out = inner?.pipeline.outputs.find((o) => o.name === output);
    if (inner === undefined || out === undefined) return { v: [tag, "?", output] };
    const d = describe(inner, out.value);
    return { ...d, v: [tag, d.v] };
  };

  const describe = (scope: Scope, expr: Expr): Desc => {
    const all = (tag: string, ds: readonly Desc[]): Desc => {
      const nondet = ds.find((d) => d.nondet !== undefined)?.nondet;
      const unknown = ds.find((d) => d.unknown !== undefined)?.unknown;
      return { v: [tag, ...ds.map((d) => d.v)], ...(nondet === undefined ? {} : { nondet }), ...(unknown === undefined ? {} : { unknown }) };
    };
    switch (expr.kind) {
      case "string":
      case "number":
      case "bool":
        return { v: ["lit", expr.value] };
      case "null":
        return { v: ["lit", null] };
      case "list":
        return all("list", expr.items.map((e) => describe(scope, e)));
      case "struct": {
        const fields = [...expr.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const ds = fields.map((f) => describe(scope, f.value));
        const d = all("struct", ds);
        return { ...d, v: ["struct", ...fields.map((f, i) => [f.name, ds[i]!.v] as Json)] };
      }
      case "param":
        // A run's parameter is set when the run starts: the key names it (the run-time value is added by
        // the target); a called pipeline's is the caller's argument.
        return scope.params.get(expr.name) ?? (scope.prefix === "" ? { v: ["param", expr.name] } : { v: ["param?", expr.name] });
      case "output":
        return outputOf(scope, expr.step, expr.output, "output");
      case "collect":
        return outputOf(scope, expr.step, expr.output, "collect");
      case "oneof":
        return all("oneOf", expr.options.map((o) => describe(scope, o)));
      case "loopItem": {
        const items = scope.loops.get(expr.loop) ?? { v: "?" };
        return { ...items, v: ["loopItem", items.v, expr.field ?? null] };
      }
      case "interpolation":
        return all("concat", expr.parts.map((p) => (typeof p === "string" ? { v: p } : describe(scope, p))));
      case "status":
        return { v: ["status"], nondet: "the pipeline's status" };
      case "compare":
        return all(expr.op, [describe(scope, expr.left), describe(scope, expr.right)]);
      case "and":
      case "or":
        return all(expr.kind, [describe(scope, expr.left), describe(scope, expr.right)]);
      case "not":
        return all("not", [describe(scope, expr.operand)]);
    }
  };

  enter(run.pipeline, "", new Map());
  return { entries, steps };
}
