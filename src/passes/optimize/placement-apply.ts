/**
 * A placement as settings every target renders (the back ends only render them): a container placed
 * on a pool selects the pool's labels (and `poolLabel: <pool>` when the profile names that label) and
 * tolerates the pool's taints; a container without GPUs gets a required node affinity `NotIn` the GPU
 * pools that have no NoSchedule or NoExecute taint (the tainted ones repel it already). What the user
 * wrote stays and wins: a selector key they set is kept, a toleration or affinity term they wrote comes
 * first. The added entries carry the location of the GPU request (the affinity term, of the first pool it names).
 */
import type { NodePool } from "../../cluster/types.js";
import type { AffinityTerm, KeyValue, Loc, Program, Resources, Settings, Toleration } from "../../ir/types.js";
import type { ResolvedPipeline, ResolvedProgram, ResolvedStep, ResolvedTune } from "../resolve/index.js";
import type { Placement } from "./placement.js";

export interface PlacedProgram extends ResolvedProgram {
  readonly placement: Placement;
}

/** `resolved` with every container's settings placed (see the top of this file). */
export function applyPlacement(resolved: ResolvedProgram, placement: Placement): PlacedProgram {
  const place = settingsPlacer(placement);
  const pipelines = new Map<string, ResolvedPipeline>();
  for (const [name, p] of resolved.pipelines) {
    const steps = new Map<ResolvedStep["step"], ResolvedStep>();
    for (const [step, s] of p.steps) steps.set(step, { ...s, settings: place(s.settings), podSettings: place(s.podSettings) });
    pipelines.set(name, { ...p, steps });
  }
  const tunes = new Map<string, ResolvedTune>();
  for (const [name, t] of resolved.tunes) tunes.set(name, { ...t, settings: place(t.settings) });
  const program: Program = {
    ...resolved.program,
    serves: resolved.program.serves.map((s) => ({
      ...s,
      settings: place(s.settings),
      ...(s.transformer === undefined ? {} : { transformer: { ...s.transformer, settings: place(s.transformer.settings) } }),
    })),
  };
  return { ...resolved, program, pipelines, tunes, placement };
}

function settingsPlacer(placement: Placement): (settings: Settings) => Settings {
  const { profile } = placement;
  const openGpuPools = profile.pools.filter((p) => p.gpu !== undefined && !p.taints.some((t) => t.effect === "NoSchedule" || t.effect === "NoExecute"));
  return (settings) => {
    const resources: Resources | undefined = settings.resources;
    const pool = resources === undefined ? undefined : placement.pools.get(resources);
    if (pool !== undefined) return onPool(settings, pool, profile.poolLabel, resources!.gpu!.loc);
    const hasGpu = (resources?.gpu?.count ?? 0) > 0;
    if (hasGpu || openGpuPools.length === 0 || profile.poolLabel === undefined) return settings;
    // Where the pools are written: the term comes from the profile.
    const loc = openGpuPools[0].loc;
    const term: AffinityTerm = { kind: "affinity", key: profile.poolLabel, operator: "NotIn", values: openGpuPools.map((p) => p.name), loc };
    return { ...settings, affinity: [...(settings.affinity ?? []), term] };
  };
}

function onPool(settings: Settings, pool: NodePool, poolLabel: string | undefined, loc: Loc): Settings {
  const selector: KeyValue[] = [...(settings.nodeSelector ?? [])];
  const wanted: (readonly [string, string])[] = [...pool.labels];
  if (poolLabel !== undefined) wanted.push([poolLabel, pool.name]);
  for (const [key, value] of wanted) if (!selector.some((kv) => kv.key === key)) selector.push({ key, value, loc });
  const tolerations: Toleration[] = [...(settings.tolerations ?? [])];
  for (const t of pool.taints) {
    const covered = tolerations.some((u) => (u.key === undefined && u.operator === "Exists") || (u.key === t.key && (u.operator === "Exists" || u.value === t.value) && (u.effect === undefined || u.effect === t.effect)));
    if (covered) continue;
    tolerations.push(
      t.value === undefined
        ? { kind: "toleration", key: t.key, operator: "Exists", effect: t.effect, loc }
        : { kind: "toleration", key: t.key, operator: "Equal", value: t.value, effect: t.effect, loc },
    );
  }
  return { ...settings, ...(selector.length === 0 ? {} : { nodeSelector: selector }), ...(tolerations.length === 0 ? {} : { tolerations }) };
}
