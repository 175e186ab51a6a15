import type { ResolvedProgram } from "../resolve/index.js";
import { planCache, type CachePlan, type PipelineCachePlan } from "./cache.js";

export { cacheDiagnostics } from "./cache-diagnostics.js";
export { planCache, type CachePlan, type CacheReason, type PipelineCachePlan, type StepCachePlan } from "./cache.js";

/** The resolved program with its cache plan, computed once for every back end. */
export function withCachePlan(resolved: ResolvedProgram): ResolvedProgram & { readonly cachePlan: CachePlan } {
  return { ...resolved, cachePlan: planCache(resolved) };
}

const computed = new WeakMap<ResolvedProgram, CachePlan>();

/**
 * The cache plan of the pipeline a run starts, as the back ends read it: the program's `cachePlan`
 * when the CLI computed it, else computed here once per resolved program (tests call a back end alone).
 */
export function pipelineCachePlan(resolved: ResolvedProgram, pipeline: string): PipelineCachePlan | undefined {
  let plan = resolved.cachePlan ?? computed.get(resolved);
  if (plan === undefined) {
    plan = planCache(resolved);
    computed.set(resolved, plan);
  }
  return plan.pipelines.get(pipeline);
}
