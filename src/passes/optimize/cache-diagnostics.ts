import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedProgram } from "../resolve/index.js";
import type { CachePlan } from "./cache.js";

/**
 * Where caching is explicitly turned on (`caching true` on the step, its component or the pipeline a
 * run starts) and the plan does not cache the step anyway — a mutable image, side effects, a
 * non-deterministic input — a warning at that setting says so and why, instead of ignoring the
 * setting silently. A step not cached because its upstream is not is left out: the upstream's own
 * setting is where the fix is. Each (code, setting) once, however many steps or runs share it.
 */
export function cacheDiagnostics(resolved: ResolvedProgram, plan: CachePlan): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const [name, run] of resolved.pipelines) {
    for (const entry of plan.pipelines.get(name)?.entries ?? []) {
      const caching = run.steps.get(entry.step)?.settings.caching;
      if (caching === undefined || !caching.value || entry.reason === undefined) continue;
      const r = entry.reason;
      let d: Diagnostic | undefined;
      if (r.kind === "unpinnedImage") d = M.cacheOnMutableImage.atWith(caching.loc, [{ message: "the image", loc: r.loc }], entry.step.name, r.image);
      else if (r.kind === "sideEffects") d = M.cacheOnSideEffects.atWith(caching.loc, [{ message: "the component", loc: r.loc }], entry.step.name);
      else if (r.kind === "nonDeterministic") d = M.cacheOnNonDeterministic.atWith(caching.loc, [{ message: "the input", loc: r.loc }], entry.step.name, r.input, r.what);
      if (d === undefined) continue;
      const id = `${d.code} ${caching.loc.file}:${caching.loc.line}:${caching.loc.col} ${d.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(d);
    }
  }
  return out;
}
