/**
 * GPU placement against a cluster profile: every container that asks for GPUs (a step of a pipeline,
 * the trials of a component's tune, a serve's predictor and transformer) goes to the cheapest node
 * pool that fits it (GPU model, GPUs — or slices of the MIG profile asked for — per node, CPU and
 * memory per node); a request no pool fits is an error at its `resources` setting naming the closest
 * pool and why it does not fit. A pool that lists MIG slices has its GPUs partitioned into them (the
 * device plugin's mixed strategy advertises them only as slices), so it takes MIG requests only. A
 * pure function of the resolved program and the profile; `placement-apply.ts` turns its answer into
 * settings.
 */
import type { ClusterProfile, NodePool } from "../../cluster/types.js";
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Resources, Settings } from "../../ir/types.js";
import { compareLocs } from "../../ir/query/locs.js";
import { parseQuantity } from "../../kubernetes/quantity.js";
import type { ResolvedProgram } from "../resolve/index.js";

export interface Placement {
  readonly profile: ClusterProfile;
  /** The pool each GPU request goes to, keyed by the `resources` setting that asks for the GPUs. */
  readonly pools: ReadonlyMap<Resources, NodePool>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Each container's settings with what it is called in messages. */
export function placementSites(resolved: ResolvedProgram): { readonly what: string; readonly settings: Settings }[] {
  const sites: { what: string; settings: Settings }[] = [];
  for (const p of resolved.pipelines.values()) for (const s of p.steps.values()) sites.push({ what: `step '${s.step.name}'`, settings: s.settings });
  for (const [name, t] of resolved.tunes) sites.push({ what: `the trials of tune '${name}'`, settings: t.settings });
  for (const s of resolved.program.serves) {
    sites.push({ what: `the predictor of serve '${s.name}'`, settings: s.settings });
    if (s.transformer !== undefined) sites.push({ what: `the transformer of serve '${s.name}'`, settings: s.transformer.settings });
  }
  return sites;
}

export function placeSteps(resolved: ResolvedProgram, profile: ClusterProfile): Placement {
  const pools = new Map<Resources, NodePool>();
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const { what, settings } of placementSites(resolved)) {
    const resources = settings.resources;
    const gpu = resources?.gpu;
    if (resources === undefined || gpu === undefined || !(gpu.count > 0) || pools.has(resources)) continue;
    const fit = fitPool(resources, profile);
    if (typeof fit === "string") {
      // Several steps of one component share its `resources`: one place to fix, one error.
      const key = JSON.stringify(gpu.loc);
      if (reported.has(key)) continue;
      reported.add(key);
      const asked = gpu.mig === undefined ? `GPU${gpu.count === 1 ? "" : "s"}` : `MIG ${gpu.mig} slice${gpu.count === 1 ? "" : "s"}`;
      diagnostics.push(M.placementNoFit.at(gpu.loc, `the ${gpu.count} ${asked} of ${what}`, fit));
    } else {
      pools.set(resources, fit);
    }
  }
  diagnostics.sort((a, b) => compareLocs(a.loc!, b.loc!));
  return { profile, pools, diagnostics };
}

/** The cheapest pool that fits the request (the first in the profile on a tie), or why none does. */
export function fitPool(resources: Resources, profile: ClusterProfile): NodePool | string {
  const gpu = resources.gpu!;
  const gpuPools = profile.pools.filter((p) => p.gpu !== undefined);
  if (gpuPools.length === 0) return "the profile has no pool with GPUs";
  let candidates: readonly NodePool[] = gpuPools;
  if (gpu.type !== undefined) {
    candidates = gpuPools.filter((p) => p.gpu!.model === gpu.type);
    if (candidates.length === 0) {
      const models = [...new Set(gpuPools.map((p) => `'${p.gpu!.model}'`))].join(", ");
      return `no pool has '${gpu.type}' GPUs; the pools' GPU models are ${models}`;
    }
  }
  const perNode = gpu.mig === undefined ? fitWholeGpus(gpu.count, gpu.type ?? "GPU", candidates) : fitMigSlices(gpu.count, gpu.mig, candidates);
  if (typeof perNode === "string") return perNode;
  candidates = perNode;
  for (const [need, has, text, what] of [
    [requested(resources.cpu), (p: NodePool) => p.cpu, (p: NodePool) => p.cpuText, "CPU"],
    [requested(resources.memory), (p: NodePool) => p.memory, (p: NodePool) => p.memoryText, "of memory"],
  ] as const) {
    if (need === undefined) continue;
    const fits = candidates.filter((p) => has(p) >= need.value);
    if (fits.length === 0) {
      const best = maxBy(candidates, has);
      return `needs ${need.text} ${what} on one node; pool '${best.name}' has ${text(best)}`;
    }
    candidates = fits;
  }
  return candidates.reduce((best, p) => (p.cost < best.cost ? p : best));
}

/** The pools with `count` whole GPUs on one node (not partitioned into MIG slices), or why none has. */
function fitWholeGpus(count: number, model: string, pools: readonly NodePool[]): readonly NodePool[] | string {
  const whole = pools.filter((p) => p.gpu!.mig.length === 0);
  if (whole.length === 0) {
    const pool = pools[0]!;
    return `needs ${count} × ${model} on one node; pool '${pool.name}' offers its GPUs only as MIG slices (${pool.gpu!.mig.map((m) => m.profile).join(", ")}), which a step asks for with mig`;
  }
  const fits = whole.filter((p) => p.gpu!.count >= count);
  if (fits.length > 0) return fits;
  const best = maxBy(whole, (p) => p.gpu!.count);
  return `needs ${count} × ${model} on one node; pool '${best.name}' has ${best.gpu!.count} per node`;
}

/** The pools with `count` slices of MIG profile `profile` on one node, or why none has. */
function fitMigSlices(count: number, profile: string, pools: readonly NodePool[]): readonly NodePool[] | string {
  const slices = (p: NodePool): number => p.gpu!.mig.find((m) => m.profile === profile)?.count ?? 0;
  const offering = pools.filter((p) => slices(p) > 0);
  if (offering.length === 0) return `needs ${count} × MIG ${profile} on one node; ${offeredSlices(pools)}`;
  const fits = offering.filter((p) => slices(p) >= count);
  if (fits.length > 0) return fits;
  const best = maxBy(offering, slices);
  return `needs ${count} × MIG ${profile} on one node; pool '${best.name}' has ${slices(best)} per node`;
}

/** "the pools offer 1g.10gb (a100-mig: 14 per node), 3g.40gb (…)", each profile once, in profile order. */
function offeredSlices(pools: readonly NodePool[]): string {
  const byProfile = new Map<string, string[]>();
  for (const p of pools) for (const m of p.gpu!.mig) byProfile.set(m.profile, [...(byProfile.get(m.profile) ?? []), `${p.name}: ${m.count} per node`]);
  if (byProfile.size === 0) return "no pool offers MIG slices";
  return `the pools offer ${[...byProfile].map(([profile, where]) => `${profile} (${where.join(", ")})`).join(", ")}`;
}

/** What a container needs on its node: its request, or its limit when it gives none. */
function requested(rl: Resources["cpu"]): { readonly value: number; readonly text: string } | undefined {
  const q = rl?.request ?? rl?.limit;
  if (q === undefined) return undefined;
  const value = parseQuantity(q.value);
  return value === undefined ? undefined : { value, text: q.value };
}

function maxBy<T>(items: readonly T[], key: (t: T) => number): T {
  return items.reduce((best, t) => (key(t) > key(best) ? t : best));
}
