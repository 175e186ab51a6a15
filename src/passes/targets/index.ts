import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { M } from "../../diagnostics/catalog.js";
import { overrideSettings, selectsValue } from "../../ir/settings.js";
import type { Program, Settings } from "../../ir/types.js";
import { compareLocs } from "../../ir/query/locs.js";
import { walkNodes } from "../../ir/query/walk.js";

/**
 * Checks of what every Kubernetes target writes, run once per program whatever the number of targets
 * a run compiles (the CLI runs them when it compiles for any back end; `check` and `-t ir` do not):
 * a problem that is the same on KFP, Argo, Katib and KServe is one diagnostic with one code.
 *
 * A GPU model (`gpu 1 "nvidia-l4"`) is a node label no target has a field for: unless a node
 * selector or affinity of the pod asks for it, pods may run on any GPU node. Checked with the
 * settings each pod runs with: a step's over its component's, a tune's over its component's, a serve's.
 */
export function checkTargets(program: Program): Diagnostic[] {
  const components = new Map(program.components.map((c) => [c.name, c]));
  const effective: Settings[] = [];
  for (const p of program.pipelines) {
    for (const { node } of walkNodes(p)) {
      if (node.kind !== "step" || node.call.kind !== "component") continue;
      const c = components.get(node.call.name);
      if (c !== undefined) effective.push(overrideSettings(c.settings, node.settings));
    }
  }
  for (const t of program.tunes) {
    const c = t.target.kind === "component" ? components.get(t.target.name) : undefined;
    if (c !== undefined) effective.push(overrideSettings(c.settings, t.settings));
  }
  for (const s of program.serves) effective.push(s.settings);

  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const settings of effective) {
    const gpu = settings.resources?.gpu;
    if (gpu?.type === undefined || !(gpu.count > 0) || selectsValue(settings, gpu.type)) continue;
    const key = JSON.stringify(gpu.loc);
    if (reported.has(key)) continue; // several steps of one component: one place to fix
    reported.add(key);
    out.push(M.gpuModelNotSelected.at(gpu.loc, gpu.type));
  }
  return out.sort((a, b) => compareLocs(a.loc!, b.loc!));
}
