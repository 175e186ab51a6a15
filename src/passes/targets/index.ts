import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { M } from "../../diagnostics/catalog.js";
import { selectsValue } from "../../ir/settings.js";
import type { Program, Settings } from "../../ir/types.js";
import { compareLocs } from "../../ir/query/locs.js";
import { resolve, type ResolvedProgram } from "../resolve/index.js";
import type { PlacedProgram } from "../optimize/placement-apply.js";

/**
 * Checks of what every Kubernetes target writes, run once per program whatever the number of targets
 * a run compiles (the CLI runs them when it compiles for any back end; `check` and `-t ir` do not):
 * a problem that is the same on KFP, Argo, Katib and KServe is one diagnostic with one code.
 *
 * A GPU model (`gpu 1 "nvidia-l4"`) is a node label no target has a field for: unless a node
 * selector or affinity of the pod asks for it, pods may run on any GPU node. Checked with the
 * settings each pod runs with (the resolved settings of each step and tune, a serve's own). A GPU
 * request placed on a pool of a cluster profile (`--cluster`) selects the pool, so it is not reported.
 */
export function checkTargets(program: Program, resolved: ResolvedProgram = resolve(program)): Diagnostic[] {
  const effective: Settings[] = [];
  for (const p of resolved.pipelines.values()) for (const s of p.steps.values()) effective.push(s.settings);
  for (const t of resolved.tunes.values()) effective.push(t.settings);
  for (const s of program.serves) effective.push(s.settings);

  const placed = (resolved as Partial<PlacedProgram>).placement?.pools;
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const settings of effective) {
    const gpu = settings.resources?.gpu;
    if (gpu?.type === undefined || !(gpu.count > 0) || selectsValue(settings, gpu.type)) continue;
    if (placed?.has(settings.resources!) === true) continue;
    const key = JSON.stringify(gpu.loc);
    if (reported.has(key)) continue; // several steps of one component: one place to fix
    reported.add(key);
    out.push(M.gpuModelNotSelected.at(gpu.loc, gpu.type));
  }
  return out.sort((a, b) => compareLocs(a.loc!, b.loc!));
}
