/**
 * The optimizer's passes, between `resolve` and the back ends: the cache plan (issue 13 point 1),
 * with a cluster profile, placement (point 2): GPU containers go to the cheapest pool that fits and
 * CPU-only ones stay off GPU pools, and the dedup plan (point 3): which steps share one definition.
 */
import type { ClusterProfile } from "../../cluster/types.js";
import type { ResolvedProgram } from "../resolve/index.js";
import { planCache, type CachePlan, type PipelineCachePlan } from "./cache.js";
import { planDedup, type DedupPlan, type PipelineDedupPlan } from "./dedup.js";
import { applyPlacement, type PlacedProgram } from "./placement-apply.js";
import { placeSteps } from "./placement.js";

export { cacheDiagnostics } from "./cache-diagnostics.js";
export { planCache, type CachePlan, type CacheReason, type PipelineCachePlan, type StepCachePlan } from "./cache.js";
export { planDedup, SHARING, type DedupGroup, type DedupPlan, type PipelineDedupPlan } from "./dedup.js";
export type { PlacedProgram } from "./placement-apply.js";
export { placeSteps, type Placement } from "./placement.js";
/** The resolved program with its cache and dedup plans, computed once for every back end. */
export function withCachePlan(resolved: ResolvedProgram): ResolvedProgram & { readonly cachePlan: CachePlan; readonly dedupPlan: DedupPlan } {
  return { ...resolved, cachePlan: planCache(resolved), dedupPlan: planDedup(resolved) };
}

/** `resolved` marked as not optimized (`compile --no-optimize`): the back ends render it without plans. */
export function unoptimized(resolved: ResolvedProgram): ResolvedProgram {
  return { ...resolved, unoptimized: true };
}

const computed = new WeakMap<ResolvedProgram, CachePlan>();
const computedDedup = new WeakMap<ResolvedProgram, DedupPlan>();

/**
 * The cache plan of the pipeline a run starts, as the back ends read it: the program's `cachePlan`
 * when the CLI computed it, else computed here once per resolved program (tests call a back end alone);
 * none for an unoptimized program.
 */
export function pipelineCachePlan(resolved: ResolvedProgram, pipeline: string): PipelineCachePlan | undefined {
  return planOf(resolved, resolved.cachePlan, computed, planCache)?.pipelines.get(pipeline);
}

/** The dedup plan of the pipeline a run starts, as `pipelineCachePlan` finds the cache plan. */
export function pipelineDedupPlan(resolved: ResolvedProgram, pipeline: string): PipelineDedupPlan | undefined {
  return planOf(resolved, resolved.dedupPlan, computedDedup, planDedup)?.pipelines.get(pipeline);
}

/** The plan the program carries, else the one computed for it before, else computed now and kept; none unoptimized. */
function planOf<P extends object>(resolved: ResolvedProgram, carried: P | undefined, kept: WeakMap<ResolvedProgram, P>, compute: (r: ResolvedProgram) => P): P | undefined {
  if (resolved.unoptimized) return undefined;
  let plan = carried ?? kept.get(resolved);
  if (plan === undefined) {
    plan = compute(resolved);
    kept.set(resolved, plan);
  }
  return plan;
}

/** `resolved` placed on `profile`'s pools; when a request fits no pool, `placement.diagnostics` says so. */
export function place(resolved: ResolvedProgram, profile: ClusterProfile): PlacedProgram {
  return applyPlacement(resolved, placeSteps(resolved, profile));
}
