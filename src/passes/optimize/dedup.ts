/**
 * Deduplication (issue 13, point 3): which component steps of a run may share one emitted container
 * definition. Two steps share when what their container is made of is identical after resolution: the
 * component's image, inputs, outputs, command, args and side effects (not its name, description or
 * source locations), the step's effective pod settings (resources, env, volumes, retry, placement,
 * labels, …), which inputs have a value (an argument or a default: an absent optional input drops
 * arguments out) and whether it is cached. A pure function of the resolved program; the back ends render it:
 *
 * - Argo writes one container template per group (named after the group's first component), which
 *   every step of the group references;
 * - KFP writes one component and one executor per group in each DAG it writes (a called pipeline's
 *   components are merged in as its own), which the group's tasks reference. Without the plan
 *   (`compile --no-optimize`) each task has its own, numbered `-2`, `-3`…, as the KFP SDK writes them.
 */
import { createHash } from "node:crypto";
import { withoutLocs } from "../../ir/json.js";
import type { Component, Step } from "../../ir/types.js";
import type { ResolvedProgram, ResolvedStep } from "../resolve/index.js";

/** Steps whose container is the same: one definition on a target that shares. */
export interface DedupGroup {
  /** The first 16 hex digits of the sha256 of the shared definition. */
  readonly id: string;
  /** The component of the group's first step (a group may hold steps of equal components of other names). */
  readonly component: string;
  /** Every step of the group, in the run's order (a step is listed once, however often it runs). */
  readonly steps: readonly Step[];
}

export interface PipelineDedupPlan {
  /** Every group, one per distinct definition, in order of first use (groups of one included). */
  readonly groups: readonly DedupGroup[];
  /** The group of each component step of the run. */
  readonly groupOf: ReadonlyMap<Step, DedupGroup>;
}

export interface DedupPlan {
  /** By the name of the pipeline a run starts. */
  readonly pipelines: ReadonlyMap<string, PipelineDedupPlan>;
}

/** How the targets share a group's definition between its steps, in the words `explain` prints. */
export const SHARING = {
  argo: "one container template per group",
  kfp: "one component and executor per group",
} as const;

/** The dedup plan of every pipeline of the program, as the pipeline a run starts. */
export function planDedup(resolved: ResolvedProgram): DedupPlan {
  const pipelines = new Map<string, PipelineDedupPlan>();
  const components = new WeakMap<Component, string>();
  for (const [name, run] of resolved.pipelines) pipelines.set(name, planRun(run.steps.values(), components));
  return { pipelines };
}

function planRun(steps: Iterable<ResolvedStep>, components: WeakMap<Component, string>): PipelineDedupPlan {
  const byId = new Map<string, { id: string; component: string; steps: Step[] }>();
  const groupOf = new Map<Step, DedupGroup>();
  for (const r of steps) {
    const id = definitionId(r, components);
    let group = byId.get(id);
    if (group === undefined) {
      group = { id, component: r.component.name, steps: [] };
      byId.set(id, group);
    }
    group.steps.push(r.step);
    groupOf.set(r.step, group);
  }
  return { groups: [...byId.values()], groupOf };
}

/** The hash of what a step's container is made of (see the top of this file). */
export function definitionId(r: ResolvedStep, components = new WeakMap<Component, string>()): string {
  const given = new Set(r.step.arguments.filter((a) => a.value.kind !== "null").map((a) => a.name));
  const present = r.component.inputs.filter((i) => given.has(i.name) || (i.default !== undefined && i.default.kind !== "null")).map((i) => i.name);
  const step = JSON.stringify(withoutLocs({ settings: r.podSettings, present, cached: r.cache.cacheable }));
  return createHash("sha256").update(componentText(r.component, components)).update("\u0000").update(step).digest("hex").slice(0, 16);
}

/** The component's part of a definition, once per component however many steps run it. */
function componentText(component: Component, memo: WeakMap<Component, string>): string {
  let text = memo.get(component);
  if (text === undefined) {
    const { image, inputs, outputs, command, args, sideEffects } = component;
    text = JSON.stringify(withoutLocs({ image: image.ref, inputs, outputs, command, args, sideEffects }));
    memo.set(component, text);
  }
  return text;
}
