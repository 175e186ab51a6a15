/**
 * What `mlpc explain` reports: the optimizer's decisions for every pipeline, as plain data that the
 * text and JSON writers print (`text.ts`, `json.ts`). A pure function of the resolved program the
 * optimizer's passes ran on (its cache and dedup plans, and its placement with a cluster profile).
 *
 * The estimated cost is relative, in the units of the profile's pool `cost` (what a node of the pool
 * costs): a step placed on a pool costs its share of a node, the pool's cost × the GPUs it asks for ÷
 * the pool's GPUs per node, once per step (a loop's iterations and a pipeline's duration are not known
 * before the run); a MIG slice counts as its part of a GPU (`gpuFraction`). Steps without GPUs are not
 * placed on a named pool and are left out of it.
 */
import type { NodePool } from "../cluster/types.js";
import type { Pipeline, RequestLimit, Step } from "../ir/types.js";
import { deadStepsOf } from "../passes/optimize/dead-steps.js";
import { pipelineCachePlan, pipelineDedupPlan, type CacheReason, type PlacedProgram, type StepCachePlan } from "../passes/optimize/index.js";
import type { ResolvedProgram } from "../passes/resolve/index.js";

/** The version of the report's shape (`schemas/explain.schema.json`). */
export const EXPLAIN_VERSION = 1;

export interface ExplainReport {
  readonly version: typeof EXPLAIN_VERSION;
  readonly pipelines: readonly PipelineExplain[];
}

export interface PipelineExplain {
  readonly name: string;
  /** The file the pipeline is declared in. */
  readonly file: string;
  /** The cluster profile's file, `null` without one. */
  readonly cluster: string | null;
  /** Every component step the run executes, in source order; `prep.clean` inside a called pipeline. */
  readonly steps: readonly StepExplain[];
  /** Groups of steps whose container is identical (two or more steps), in order of first use. */
  readonly shared: readonly SharedExplain[];
  /** The pools the run's GPU steps are placed on, in the profile's order; empty without a profile. */
  readonly pools: readonly PoolExplain[];
  /** The sum of the pools' cost, `null` without a profile. */
  readonly cost: number | null;
}

export interface StepExplain {
  readonly step: string;
  readonly component: string;
  /** The pool the step is placed on, `null` for any node. */
  readonly pool: string | null;
  /** GPUs asked for: whole GPUs, or with `mig` that many slices of that MIG profile. */
  readonly gpu: { readonly count: number; readonly type: string | null; readonly mig: string | null } | null;
  /** Request, or `request..limit`, or the limit alone; `null` when not set. */
  readonly cpu: string | null;
  readonly memory: string | null;
  readonly cached: boolean;
  /** Why not cached, `null` when cached. */
  readonly reason: { readonly kind: CacheReason["kind"]; readonly text: string } | null;
  readonly key: {
    /** sha256, hex, of the key's canonical encoding. */
    readonly hash: string;
    /** Always part of the key: `image`, `command`, `args`; then the env vars and inputs, by name. */
    readonly env: readonly string[];
    readonly inputs: readonly string[];
  };
  /** Nothing reads its outputs or runs after it and it has no side effects (MLP3010). */
  readonly dead: boolean;
  /** The id of its dedup group (steps with the same id share one definition where the target allows it). */
  readonly definition: string;
  /** Its share of its pool's cost, `null` when not placed on a pool. */
  readonly cost: number | null;
}

export interface SharedExplain {
  readonly definition: string;
  readonly component: string;
  readonly steps: readonly string[];
}

export interface PoolExplain {
  readonly pool: string;
  readonly steps: number;
  readonly gpus: number;
  readonly cost: number;
}

/** The report of `pipelines` (each a pipeline of `resolved.program` as the pipeline a run starts). */
export function explainPipelines(resolved: ResolvedProgram | PlacedProgram, pipelines: readonly Pipeline[]): PipelineExplain[] {
  const dead = new Set<Step>();
  for (const p of resolved.program.pipelines) for (const s of deadStepsOf(resolved.program, p)) dead.add(s);
  return pipelines.map((p) => explainPipeline(resolved, p, dead));
}

function explainPipeline(resolved: ResolvedProgram | PlacedProgram, pipeline: Pipeline, dead: ReadonlySet<Step>): PipelineExplain {
  const placement = "placement" in resolved ? resolved.placement : undefined;
  const run = resolved.pipelines.get(pipeline.name)!;
  const entries = pipelineCachePlan(resolved, pipeline.name)?.entries ?? [];
  const dedup = pipelineDedupPlan(resolved, pipeline.name);
  const pathsOf = new Map<Step, string[]>();
  for (const e of entries) pathsOf.set(e.step, [...(pathsOf.get(e.step) ?? []), e.path]);
  const steps = entries.map((entry): StepExplain => {
    const r = run.steps.get(entry.step)!;
    const resources = r.settings.resources;
    const g = resources?.gpu;
    const gpu = g !== undefined && g.count > 0 ? { count: g.count, type: g.type ?? null, mig: g.mig ?? null } : null;
    const pool = resources === undefined ? undefined : placement?.pools.get(resources);
    return {
      step: entry.path,
      component: r.component.name,
      pool: pool?.name ?? null,
      gpu,
      cpu: quantity(resources?.cpu),
      memory: quantity(resources?.memory),
      cached: entry.cached,
      reason: entry.reason === undefined ? null : { kind: entry.reason.kind, text: reasonText(entry, r.component.name) },
      key: { hash: entry.key, env: keyEnv(entry), inputs: Object.keys(entry.keyInputs.inputs) },
      dead: dead.has(entry.step),
      definition: dedup?.groupOf.get(entry.step)?.id ?? "",
      cost: pool === undefined || gpu === null ? null : share(pool, gpu.count * gpuFraction(gpu.mig)),
    };
  });
  const shared = (dedup?.groups ?? [])
    .filter((g) => g.steps.length > 1)
    .map((g) => ({ definition: g.id, component: g.component, steps: g.steps.flatMap((s) => pathsOf.get(s) ?? []) }));
  const pools = placement === undefined ? [] : poolTotals(placement.profile.pools, steps);
  return {
    name: pipeline.name,
    file: pipeline.loc.file,
    cluster: placement?.profile.file ?? null,
    steps,
    shared,
    pools,
    cost: placement === undefined ? null : round(pools.reduce((sum, p) => sum + p.cost, 0)),
  };
}

/**
 * The part of a GPU one device of a request is: 1, or for a MIG slice its compute slices of the
 * GPU's seven (`1g.10gb` → 1/7, `3g.40gb` → 3/7), as NVIDIA partitions A100 and H100 GPUs.
 */
function gpuFraction(mig: string | null): number {
  if (mig === null) return 1;
  const slices = Number(/^(\d+)g\./.exec(mig)?.[1] ?? "7");
  return Math.min(slices, 7) / 7;
}

/** A step's share of a node of `pool`: the pool's cost × its GPUs ÷ the pool's GPUs per node. */
function share(pool: NodePool, gpus: number): number {
  const perNode = pool.gpu?.count ?? 0;
  return round(perNode > 0 ? (pool.cost * gpus) / perNode : pool.cost);
}

function poolTotals(pools: readonly NodePool[], steps: readonly StepExplain[]): PoolExplain[] {
  return pools.flatMap((pool) => {
    const on = steps.filter((s) => s.pool === pool.name);
    if (on.length === 0) return [];
    const gpus = on.reduce((sum, s) => sum + (s.gpu?.count ?? 0), 0);
    return [{ pool: pool.name, steps: on.length, gpus, cost: round(on.reduce((sum, s) => sum + (s.cost ?? 0), 0)) }];
  });
}

/** Costs to 4 decimals, so that sums print the same on every machine. */
function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function quantity(rl: RequestLimit | undefined): string | null {
  const request = rl?.request?.value;
  const limit = rl?.limit?.value;
  if (request !== undefined && limit !== undefined && request !== limit) return `${request}..${limit}`;
  return request ?? limit ?? null;
}

/** The env vars of the key, by name (`keyInputs.env` is `[name, source]` pairs). */
function keyEnv(entry: StepCachePlan): string[] {
  const env = entry.keyInputs.env;
  return Array.isArray(env) ? env.map((e) => String((e as readonly unknown[])[0])) : [];
}

/** Why a step is not cached, in words. */
export function reasonText(entry: StepCachePlan, component: string): string {
  const r = entry.reason!;
  switch (r.kind) {
    case "cachingOff":
      return `caching is off (${r.loc.file}:${r.loc.line})`;
    case "sideEffects":
      return `component '${component}' declares side effects, which a reused result would skip`;
    case "unpinnedImage":
      return `its image '${r.image}' ${r.why}, so it can change between runs`;
    case "nonDeterministic":
      return `its ${r.input} is ${r.what}, which differs from run to run`;
    case "upstreamNotCached":
      return `its ${r.input} comes from '${r.upstream}', which is not cached`;
  }
}
