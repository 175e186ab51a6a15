import { compareLocs } from "../../ir/query/locs.js";
import type { Step } from "../../ir/types.js";
import type { ResolvedProgram, ResolvedStep } from "../resolve/index.js";

/**
 * Every step that runs a component, once (a step of a called pipeline runs in each pipeline that
 * calls it; it is reported once, with the settings of the first run that reaches it), in source order.
 */
export function componentSteps(resolved: ResolvedProgram): ResolvedStep[] {
  const seen = new Map<Step, ResolvedStep>();
  for (const run of resolved.pipelines.values()) {
    for (const [step, facts] of run.steps) if (!seen.has(step)) seen.set(step, facts);
  }
  return [...seen.values()].sort((a, b) => compareLocs(a.step.loc, b.step.loc));
}
