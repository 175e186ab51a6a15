import type { ResolvedProgram } from "../resolve/index.js";
import { planCache, type CachePlan } from "./cache.js";

export { cacheDiagnostics } from "./cache-diagnostics.js";
export { planCache, type CachePlan, type CacheReason, type PipelineCachePlan, type StepCachePlan } from "./cache.js";

/** The resolved program with its cache plan, computed once for every back end. */
export function withCachePlan(resolved: ResolvedProgram): ResolvedProgram & { readonly cachePlan: CachePlan } {
  return { ...resolved, cachePlan: planCache(resolved) };
}
