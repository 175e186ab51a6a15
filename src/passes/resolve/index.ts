/**
 * The resolution pass: the middle end between checking and the back ends. It runs once on a valid
 * program (no error from the front end or validation; the CLI runs it when it compiles for a back end,
 * and the target checks of `passes/targets` read it too) and computes what every back end reads, so
 * that no back end derives it again and targets cannot drift apart (STYLE habit 13):
 *
 * ```
 * ResolvedProgram
 * ├─ program                      the checked IR, unchanged
 * ├─ pipelines: name → ResolvedPipeline     each pipeline as the pipeline a run starts (its file)
 * │  ├─ order: TaskOrder                    source order, and the KFP SDK's creation order
 * │  ├─ steps: Step → ResolvedStep          every component step the run executes: its own and those
 * │  │  ├─ settings                         of the pipelines it calls, transitively
 * │  │  ├─ podSettings                      settings + the run's labels, annotations, pull secrets
 * │  │  └─ cache: Cacheability              cacheable, or why not
 * │  ├─ calls: Step → ResolvedCall          steps that run a pipeline: settings, cache
 * │  └─ importers: Importer → ResolvedImporter   cache
 * ├─ tunes: name → ResolvedTune             a component tune's trial settings
 * └─ names: ResolvedNames                   each declaration's name on each target (`names.ts`)
 * ```
 *
 * Effective settings are composed in one place (`settings.ts`: the run's, the component's, the step's)
 * and cacheability is decided in one (`caching.ts`), with its reason; what a pipeline, tune or serve is
 * called on each target in one (`names.ts`, from the conventions of `src/kubernetes/`). The
 * optimizer's passes will plug in here, between `resolve` and the back ends.
 *
 * A pure function of the program; the facts are keyed by IR node (identity), so a back end asks
 * `resolved.pipelines.get(run.name).steps.get(step)`.
 */

import type { Component, Importer, Pipeline, Program, Settings, Step } from "../../ir/types.js";
import { walkNodes } from "../../ir/query/walk.js";
import { flagCacheability, stepCacheability, unpinnedImage, type Cacheability, type NotCachedReason } from "./caching.js";
import { resolveNames, type ResolvedNames } from "./names.js";
import { taskOrder, type TaskOrder } from "./order.js";
import type { CachePlan } from "../optimize/cache.js";
import type { DedupPlan } from "../optimize/dedup.js";
import { callSettings, runDefaults, stepPodSettings, stepSettings, tuneSettings } from "./settings.js";

export type { Cacheability, NotCachedReason } from "./caching.js";
export type { TaskOrder } from "./order.js";
export { nameOn, type ResolvedNames } from "./names.js";
export { composeSettings } from "./settings.js";

export interface ResolvedProgram {
  readonly program: Program;
  /** Every pipeline, by name, as the pipeline a run starts. */
  readonly pipelines: ReadonlyMap<string, ResolvedPipeline>;
  /** Every tune of a component, by name (a tune of a pipeline runs the pipeline's own steps). */
  readonly tunes: ReadonlyMap<string, ResolvedTune>;
  /** Each pipeline's, tune's and serve's name on each target. */
  readonly names: ResolvedNames;
  /** The optimizer's cache plan (`passes/optimize/cache.ts`), when the caller computed it. */
  readonly cachePlan?: CachePlan;
  /** The optimizer's dedup plan (`passes/optimize/dedup.ts`), when the caller computed it. */
  readonly dedupPlan?: DedupPlan;
  /**
   * `compile --no-optimize`: the optimizer's passes did not run, and the back ends render without
   * their plans (no cache key analysis, no shared definitions) instead of computing them.
   */
  readonly unoptimized?: true;
}

/** A pipeline as the pipeline a run starts, with the facts of every task the run executes. */
export interface ResolvedPipeline {
  readonly pipeline: Pipeline;
  /** Its own tasks' orders (a called pipeline's are under its own name). */
  readonly order: TaskOrder;
  /** Steps that run a component, here or in a pipeline it calls (transitively). */
  readonly steps: ReadonlyMap<Step, ResolvedStep>;
  /** Steps that run a pipeline, here or in a pipeline it calls. */
  readonly calls: ReadonlyMap<Step, ResolvedCall>;
  /** Importers, here or in a pipeline it calls. */
  readonly importers: ReadonlyMap<Importer, ResolvedImporter>;
}

export interface ResolvedStep {
  readonly step: Step;
  readonly component: Component;
  /** The run's caching default, the component's settings, the step's. */
  readonly settings: Settings;
  /** `settings` with the run's labels, annotations and pull secrets on the pod (see `settings.ts`). */
  readonly podSettings: Settings;
  readonly cache: Cacheability;
}

export interface ResolvedCall {
  readonly step: Step;
  readonly callee: Pipeline;
  /** The step's settings over the run's caching default. */
  readonly settings: Settings;
  readonly cache: Cacheability;
}

export interface ResolvedImporter {
  readonly importer: Importer;
  /** The run's caching default decides (an importer has no settings of its own). */
  readonly cache: Cacheability;
}

export interface ResolvedTune {
  readonly component: Component;
  /** The tune's settings over the component's. */
  readonly settings: Settings;
}

/** Resolves a valid program (see the top of this file). */
export function resolve(program: Program): ResolvedProgram {
  const components = new Map(program.components.map((c) => [c.name, c]));
  const byName = new Map(program.pipelines.map((p) => [p.name, p]));
  // Whether an image is pinned is parsed once per component, however many steps run it.
  const unpinned = new Map<Component, NotCachedReason | undefined>(program.components.map((c) => [c, unpinnedImage(c)]));
  const pipelines = new Map<string, ResolvedPipeline>();
  for (const run of program.pipelines) pipelines.set(run.name, resolvePipeline(run, components, byName, unpinned));
  const tunes = new Map<string, ResolvedTune>();
  for (const tune of program.tunes) {
    const component = tune.target.kind === "component" ? components.get(tune.target.name) : undefined;
    if (component !== undefined) tunes.set(tune.name, { component, settings: tuneSettings(component, tune) });
  }
  return { program, pipelines, tunes, names: resolveNames(program) };
}

function resolvePipeline(
  run: Pipeline,
  components: ReadonlyMap<string, Component>,
  pipelines: ReadonlyMap<string, Pipeline>,
  unpinned: ReadonlyMap<Component, NotCachedReason | undefined>,
): ResolvedPipeline {
  const steps = new Map<Step, ResolvedStep>();
  const calls = new Map<Step, ResolvedCall>();
  const importers = new Map<Importer, ResolvedImporter>();
  const importerCache = flagCacheability(runDefaults(run));
  const visited = new Set<Pipeline>();
  const visit = (pipeline: Pipeline): void => {
    if (visited.has(pipeline)) return; // called twice, or (invalid) recursion
    visited.add(pipeline);
    for (const { node } of walkNodes(pipeline)) {
      if (node.kind === "importer") importers.set(node, { importer: node, cache: importerCache });
      if (node.kind !== "step") continue;
      if (node.call.kind === "component") {
        const component = components.get(node.call.name);
        if (component === undefined) continue; // an unknown callee is a validation error
        const settings = stepSettings(run, component, node);
        steps.set(node, { step: node, component, settings, podSettings: stepPodSettings(run, component, node), cache: stepCacheability(component, settings, unpinned.get(component)) });
      } else {
        const callee = pipelines.get(node.call.name);
        if (callee === undefined) continue;
        const settings = callSettings(run, node);
        calls.set(node, { step: node, callee, settings, cache: flagCacheability(settings) });
        visit(callee);
      }
    }
  };
  visit(run);
  return { pipeline: run, order: taskOrder(run), steps, calls, importers };
}

