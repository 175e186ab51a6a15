import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { PipelineCachePlan } from "../../passes/optimize/cache.js";
import type { PipelineDedupPlan } from "../../passes/optimize/dedup.js";
import { findPipeline, findServe } from "../../ir/query/callee.js";
import { outputType, typeOfExpr } from "../../ir/query/infer.js";
import { pipelineScope, type PipelineScope } from "../../ir/query/scope.js";
import type { Inferred } from "../../ir/query/types.js";
import { inFinally, subExpressions, type SiteKind } from "../../ir/query/walk.js";
import type { Deploy, Expr, Loop, OutputRef, Pipeline, Program, Step, Type } from "../../ir/types.js";
import { nameOn, type ResolvedNames, type ResolvedPipeline } from "../../passes/resolve/index.js";
import { compareCodePoints } from "../../output/yaml.js";
import { uriParameter } from "./artifacts.js";
import type { UriContext } from "./command.js";
import { iterationValue, keptValues } from "./collect.js";
import { compact, containerTemplate, section, takesInputUri, UPSTREAM_KEY_INPUT } from "./container.js";
import { importSource } from "./importer.js";
import { childOnPath, layoutPipeline, type BranchRef, type DagLayout, type Item, type PipelineLayout } from "./layout.js";
import { memoize, memoizeMaxAge } from "./memoize.js";
import { deployResource, STORAGE_URI_INPUT } from "./deploy.js";
import { distributedTemplate, globalKey, keyParameter } from "./distributed.js";
import { argoName, MAX_ARGO_NAME_LENGTH, UniqueNames } from "../../kubernetes/names.js";
import { literalJson } from "../kubernetes/pod.js";
import { oneOfExpression, type OneOfOption } from "./oneof.js";
import { valueText, type ValueScope } from "./values.js";
import { allOf, branchWhen, whenExpression, type When } from "./when.js";

type Spec = Record<string, unknown>;

/** What the templates of one Workflow share while they are written. */
export interface WorkflowContext {
  readonly program: Program;
  /** The pipeline the Workflow runs (its caching default, labels…). */
  readonly top: Pipeline;
  /** The facts of the run (`top`) resolved once: each task's effective settings and cacheability. */
  readonly run: ResolvedPipeline;
  /** What each pipeline and serve is called (`resolved.names`). */
  readonly names: ResolvedNames;
  readonly diagnostics: Diagnostic[];
  readonly cacheMaxAge: string;
  /** The optimizer's cache plan of the run: which steps are memoized, and their keys' static part. */
  readonly cachePlan?: PipelineCachePlan;
  /**
   * The optimizer's dedup plan of the run: steps of one group share a container template. Without it
   * (`compile --no-optimize`) every step has a template of its own.
   */
  readonly dedupPlan?: PipelineDedupPlan;
  readonly templateNames: UniqueNames;
  /** DAG templates (pipelines, loops, the exit handler), in the order written. */
  readonly dagTemplates: Spec[];
  /** Container and resource templates, in order of first use. */
  readonly leafTemplates: Spec[];
  /** Leaf templates by body, so that steps with equal settings share one. */
  readonly leafByBody: Map<string, string>;
  /** Sub-pipelines already written, by pipeline name → template name. */
  readonly pipelineTemplates: Map<string, string>;
  /** Image pull secrets of every step (Argo has them per Workflow only). */
  readonly pullSecrets: Set<string>;
  /** The artifact root of the Workflow's pipeline (`ctx.top`), which all its steps write under. */
  readonly uris: UriContext;
  /** The artifact outputs of each sub-pipeline written whose URI its DAG template gives (`<o>-uri`). */
  readonly uriOutputs: Map<string, ReadonlySet<string>>;
}

/**
 * The longest text of what a memoized step's result was made from that is embedded in the keys of
 * the steps reading its artifacts (see `PipelineWriter.material`). Each such text embeds the texts of
 * the step's own upstream steps, so along a chain of artifacts they would grow with the chain (a
 * 1,000-step chain wrote 154 MB); beyond this size a step stands for itself by the run's id instead:
 * its consumers are not reused across runs, which is always correct.
 */
export const MAX_UPSTREAM_TEXT = 1024;

/** Where the exit handler reads values that tasks hand over (an env value or importer metadata is no such place). */
const EXIT_READ_SITES: ReadonlySet<SiteKind> = new Set(["argument", "condition", "loopItems", "importerUri", "serveStorage"]);

/** What a step of the main DAG that the exit handler reads exports: global names by output. */
type ExitReads = Map<string, Map<string, string>>;

/** An input a nested DAG template needs from the DAG that calls it. */
interface Need {
  readonly kind: "parameter" | "artifact";
  readonly name: string;
  /** Resolves the value in the caller's scope. */
  resolve(scope: DagScope, deps: Set<string>): Spec | string | undefined;
}

/** One DAG template being written: its tasks, and what it needs from its caller. */
interface DagState {
  readonly layout: DagLayout;
  readonly tasks: Spec[];
  readonly needs: Map<string, Need>;
  /** Output parameters it exposes to its caller (`collect` of steps inside it). */
  readonly outputs: Spec[];
  readonly exposed: Map<string, string>;
  /** Exposed outputs whose value is an iteration's `[]` or `[value]` (see `collect.ts`). */
  readonly perIteration: Set<string>;
  /** Steps outside it that its tasks run `after` (its caller task waits for them instead). */
  readonly afterOutside: Set<string>;
  template?: Spec;
}

interface DagScope extends ValueScope {
  readonly state: DagState;
  outputArtifact(step: string, output: string, deps: Set<string>): Spec | undefined;
  paramArtifact(name: string): Spec | undefined;
  /** The output artifact of whichever option ran (`oneOf(…)`, see `oneof.ts`). */
  oneOfArtifact(options: readonly OutputRef[], deps: Set<string>): Spec | undefined;
}

/**
 * Writes the DAG template of `pipeline` (and the templates it uses) into `ctx` and returns its name,
 * and that of its exit handler's DAG when it is the pipeline the Workflow runs (`ctx.top`). Both the
 * Workflow's pipeline (whose inputs Argo fills from `spec.arguments`) and a pipeline called by a step
 * read their parameters as `{{inputs.parameters.x}}`; the exit handler, which Argo gives no inputs,
 * reads them as `{{workflow.parameters.x}}`. A sub-pipeline is written once per Workflow.
 */
export function pipelineTemplate(ctx: WorkflowContext, pipeline: Pipeline): { name: string; exit?: string } {
  const written = ctx.pipelineTemplates.get(pipeline.name);
  if (written !== undefined) return { name: written };
  const name = ctx.templateNames.take(nameOn(ctx.names.argo, pipeline.name));
  ctx.pipelineTemplates.set(pipeline.name, name);
  const taskNames = new UniqueNames(MAX_ARGO_NAME_LENGTH);
  const isTop = pipeline === ctx.top;
  if (!isTop && pipeline.exitHandler !== undefined) {
    ctx.diagnostics.push(M.argoNotYetSupported.at(pipeline.exitHandler.loc, "An exit handler (finally) in a sub-pipeline"));
  }
  for (const p of pipeline.params) if (p.optional === true && p.default === undefined) ctx.diagnostics.push(M.argoOptionalParam.at(p.loc, p.name));
  const layout = layoutPipeline(pipeline.body, isTop ? pipeline.exitHandler?.body : undefined, taskNames);
  const reported = new Set<Expr>();
  const exitReads = isTop && pipeline.exitHandler !== undefined ? exitHandlerReads(ctx, pipeline, layout, reported) : new Map();
  const writer = new PipelineWriter(ctx, pipeline, layout, exitReads, reported);
  const root = writer.writeDag(layout.root, name);
  root.template!.inputs = pipelineInputs(pipeline);
  const outputs = writer.pipelineOutputs(root);
  if (outputs !== undefined) root.template!.outputs = outputs;
  ctx.uriOutputs.set(pipeline.name, writer.uriOutputs);
  let exit: string | undefined;
  if (layout.exit !== undefined) {
    exit = ctx.templateNames.take(`${name}-exit`);
    writer.writeDag(layout.exit, exit);
  }
  return { name, exit };
}

/** A pipeline's parameters as a template's inputs (defaults as Argo's `default`). */
function pipelineInputs(pipeline: Pipeline): Spec | undefined {
  const parameters: Spec[] = [];
  const artifacts: Spec[] = [];
  for (const p of pipeline.params) {
    if (p.type.kind === "artifact") artifacts.push({ name: p.name });
    else parameters.push({ name: p.name });
  }
  return section({ parameters, artifacts });
}

/**
 * The outputs of main-DAG steps that the exit handler reads. Argo gives the `onExit` template no
 * inputs and no `tasks.*` of the main DAG, but an output exported with `globalName` is readable
 * everywhere as `{{workflow.outputs.parameters.<name>}}` (`…artifacts.<name>` for an artifact). Each
 * read output is exported as `<task>-<output>` (task names are unique in the Workflow), and so is
 * the URI of a read artifact when there is an artifact root. The values of a loop (`collect`) have
 * no global output to go through: MLP4109, added to `reported` so that it is reported once. If the step did not run (the run failed before it), the
 * global output has no value and the exit step that reads it fails, as a KFP exit task does.
 */
function exitHandlerReads(ctx: WorkflowContext, pipeline: Pipeline, layout: PipelineLayout, reported: Set<Expr>): ExitReads {
  const reads: ExitReads = new Map();
  const read = (e: Expr, skip: Set<Expr>): void => {
    switch (e.kind) {
      case "output": {
        const dag = layout.stepDag.get(e.step);
        if (dag === undefined || dag.role === "exit") return; // importers, steps of the exit handler
        if (layout.stepLoop.has(e.step)) return; // validation allows only collect() of these

        const task = layout.stepTask.get(e.step)!;
        let outputs = reads.get(e.step);
        if (outputs === undefined) reads.set(e.step, (outputs = new Map()));
        outputs.set(e.output, `${task}-${e.output}`);
        outputs.set(uriParameter(e.output), `${task}-${uriParameter(e.output)}`);
        return;
      }
      case "collect":
        if (layout.stepDag.get(e.step)?.role !== "exit") {
          ctx.diagnostics.push(M.argoExitReadsLoopOutput.at(e.loc, `collect(${e.step}.${e.output})`));
          reported.add(e);
        }
        return;
      case "oneof": {
        // Its options are not read one by one: the whole choice is supported or reported here.
        for (const o of e.options) skip.add(o);
        // Options in the main DAG: a skipped step exports no global output to choose from.
        const dag = layout.stepDag.get(e.options[0].step);
        if (dag !== undefined && dag.role !== "exit") {
          ctx.diagnostics.push(M.argoNotYetSupported.at(e.loc, "Reading oneOf(…) of main-DAG steps in 'finally'"));
          reported.add(e);
        }
        return;
      }
      default:
        return;
    }
  };
  for (const site of pipelineScope(ctx.program, pipeline).sites) {
    if (!inFinally(site.path) || !EXIT_READ_SITES.has(site.kind)) continue;
    const skip = new Set<Expr>();
    for (const e of subExpressions(site.expr)) if (!skip.has(e)) read(e, skip);
  }
  return reads;
}

class PipelineWriter {
  /** What the pipeline declares, as the IR queries index it. */
  private readonly irScope: PipelineScope;
  private readonly states = new Map<DagLayout, DagState>();
  /** What a memoized step's result was made from, as text Argo completes (see `memoize`). */
  private readonly material = new Map<string, string>();
  /** The artifact outputs of the pipeline whose URI its template gives as `<output>-uri`. */
  readonly uriOutputs = new Set<string>();

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly pipeline: Pipeline,
    private readonly layout: PipelineLayout,
    private readonly exitReads: ExitReads,
    /** Values already reported (by `exitHandlerReads`), not to be reported again. */
    private readonly reported: ReadonlySet<Expr>,
  ) {
    this.irScope = pipelineScope(ctx.program, pipeline);
  }

  /** Writes a DAG template and every template inside it; returns its state. */
  writeDag(layout: DagLayout, name: string): DagState {
    const state: DagState = { layout, tasks: [], needs: new Map(), outputs: [], exposed: new Map(), perIteration: new Set(), afterOutside: new Set() };
    this.states.set(layout, state);
    const template: Spec = { name };
    state.template = template;
    this.ctx.dagTemplates.push(template);
    for (const item of layout.items) this.writeItem(state, item);
    const dag: Spec = { tasks: state.tasks };
    // Inputs and outputs are added as they are found (callers, `collect`); the Workflow orders keys.
    Object.assign(template, compact({ parallelism: layout.parallelism, dag }));
    return state;
  }

  private scope(state: DagState, loop: Loop | undefined): DagScope {
    const layout = state.layout;
    const need = (key: string, kind: Need["kind"], name: string, resolve: Need["resolve"]): string => {
      if (!state.needs.has(key)) state.needs.set(key, { kind, name, resolve });
      return name;
    };
    const self: DagScope = {
      state,
      param: (name) => {
        if (layout.role === "pipeline") return `{{inputs.parameters.${name}}}`;
        if (layout.role === "exit") return `{{workflow.parameters.${name}}}`;
        return `{{inputs.parameters.${need(`param:${name}`, "parameter", name, (s) => s.param(name))}}}`;
      },
      paramArtifact: (name) => {
        if (layout.role === "pipeline") return { from: `{{inputs.artifacts.${name}}}` };
        if (layout.role === "exit") return undefined;
        return { from: `{{inputs.artifacts.${need(`param:${name}`, "artifact", name, (s) => s.paramArtifact(name))}}}` };
      },
      output: (step, output, deps) => {
        const task = this.layout.stepTask.get(step);
        if (task === undefined) return undefined;
        const global = layout.role === "exit" ? this.exitReads.get(step)?.get(output) : undefined;
        if (global !== undefined) return `{{workflow.outputs.parameters.${global}}}`;
        if (this.layout.stepDag.get(step) === layout) {
          deps.add(task);
          return `{{tasks.${task}.outputs.parameters.${output}}}`;
        }
        if (layout.parent === undefined) return undefined;
        return `{{inputs.parameters.${need(`out:${step}.${output}`, "parameter", `${task}-${output}`, (s, d) => s.output(step, output, d))}}}`;
      },
      outputArtifact: (step, output, deps) => {
        const task = this.layout.stepTask.get(step);
        if (task === undefined) return undefined;
        const global = layout.role === "exit" ? this.exitReads.get(step)?.get(output) : undefined;
        if (global !== undefined) return this.distributedGlobal(step, global) ?? { from: `{{workflow.outputs.artifacts.${global}}}` };
        if (this.layout.stepDag.get(step) === layout) {
          deps.add(task);
          return this.distributedArtifact(step, output, task) ?? { from: `{{tasks.${task}.outputs.artifacts.${output}}}` };
        }
        if (layout.parent === undefined) return undefined;
        const name = need(`out:${step}.${output}`, "artifact", `${task}-${output}`, (s, d) => s.outputArtifact(step, output, d));
        return { from: `{{inputs.artifacts.${name}}}` };
      },
      loopItem: (loopName, field) => {
        if (loop?.variable === loopName) return field === undefined ? "{{item}}" : `{{item.${field}}}`;
        if (layout.parent === undefined) return undefined;
        const name = field === undefined ? loopName : `${loopName}-${field}`;
        return `{{inputs.parameters.${need(`item:${name}`, "parameter", name, (s) => s.loopItem(loopName, field))}}}`;
      },
      collect: (step, output, deps) => {
        const stepDag = this.layout.stepDag.get(step);
        const task = this.layout.stepTask.get(step);
        if (stepDag === undefined || task === undefined) return undefined;
        if (stepDag === layout) {
          deps.add(task);
          return `{{tasks.${task}.outputs.parameters.${output}}}`;
        }
        const child = childOnPath(layout, stepDag);
        if (child !== undefined && child.callTask !== undefined) {
          deps.add(child.callTask);
          const read = this.readExposed(child, step, output);
          return "expression" in read ? `{{=${read.expression}}}` : read.parameter;
        }
        if (layout.parent === undefined) return undefined;
        return `{{inputs.parameters.${need(`collect:${step}.${output}`, "parameter", `${task}-${output}`, (s, d) => s.collect(step, output, d))}}}`;
      },
      status: () => "{{workflow.status}}",
      oneOf: (options, deps) => {
        const found = this.oneOfOptions(options);
        if (found === undefined) return undefined;
        if (found.dag === layout) {
          for (const o of found.options) deps.add(o.task);
          return `{{=${oneOfExpression(found.options, "parameters")}}}`;
        }
        if (layout.parent === undefined) return undefined;
        const name = need(`oneof:${oneOfKey(found.options)}`, "parameter", `oneof-${oneOfKey(found.options)}`, (s, d) => s.oneOf(options, d));
        return `{{inputs.parameters.${name}}}`;
      },
      oneOfArtifact: (options, deps) => {
        const found = this.oneOfOptions(options);
        if (found === undefined) return undefined;
        if (found.dag === layout) {
          for (const o of found.options) deps.add(o.task);
          return { fromExpression: oneOfExpression(found.options, "artifacts") };
        }
        if (layout.parent === undefined) return undefined;
        const name = need(`oneof:${oneOfKey(found.options)}`, "artifact", `oneof-${oneOfKey(found.options)}`, (s, d) => s.oneOfArtifact(options, d));
        return { from: `{{inputs.artifacts.${name}}}` };
      },
    };
    return self;
  }

  /**
   * The tasks of a `oneOf(…)`'s options and the DAG that holds them all (that of their `if`), or
   * `undefined` when one is not a task (an importer) or they are not in one DAG.
   */
  private oneOfOptions(options: readonly OutputRef[]): { dag: DagLayout; options: OneOfOption[] } | undefined {
    const dag = this.layout.stepDag.get(options[0]?.step ?? "");
    if (dag === undefined) return undefined;
    const out: OneOfOption[] = [];
    for (const o of options) {
      const task = this.layout.stepTask.get(o.step);
      if (task === undefined || this.layout.stepDag.get(o.step) !== dag) return undefined;
      out.push({ task, output: o.output });
    }
    return { dag, options: out };
  }

  /** Makes a nested DAG give its caller every value of `step.output` (a looped task's aggregate). */
  private expose(dag: DagLayout, step: string, output: string): string {
    const state = this.states.get(dag)!;
    const key = `${step}.${output}`;
    const existing = state.exposed.get(key);
    if (existing !== undefined) return existing;
    const task = this.layout.stepTask.get(step)!;
    const name = `${task}-${output}`;
    const stepDag = this.layout.stepDag.get(step)!;
    let valueFrom: Spec;
    if (stepDag !== dag) valueFrom = this.readExposed(childOnPath(dag, stepDag)!, step, output);
    else if (dag.iterationOf !== undefined && this.maySkip(dag, task)) {
      // An iteration may skip the step: it gives `[]` or `[value]` (see `collect.ts`).
      const item = dag.items.find((i) => i.task === task);
      const type = this.outputType(step, output);
      const json = (item?.kind === "step" && item.loop !== undefined) || (type?.kind === "param" && (type.name === "List" || type.name === "Struct"));
      valueFrom = { expression: iterationValue(task, output, json) };
      state.perIteration.add(name);
    } else valueFrom = { parameter: `{{tasks.${task}.outputs.parameters.${output}}}` };
    state.outputs.push({ name, valueFrom });
    state.exposed.set(key, name);
    state.template!.outputs = { parameters: state.outputs };
    return name;
  }

  /**
   * How the DAG that calls `child` reads every value of `step.output` that `child` exposes: the
   * task's output (Argo's aggregate when the task is looped), or, when each iteration gives `[]` or
   * `[value]`, the expression that keeps the values of the iterations that ran (see `collect.ts`).
   */
  private readExposed(child: DagLayout, step: string, output: string): { parameter: string } | { expression: string } {
    const exposed = this.expose(child, step, output);
    if (this.states.get(child)!.perIteration.has(exposed)) return { expression: keptValues(child.callTask!, exposed) };
    return { parameter: `{{tasks.${child.callTask}.outputs.parameters.${exposed}}}` };
  }

  /** Whether the task of `dag` may be skipped: it is under an `if` in its DAG. */
  private maySkip(dag: DagLayout, task: string): boolean {
    return dag.items.some((i) => i.task === task && i.branches.length > 0);
  }

  private writeItem(state: DagState, item: Item): void {
    const deps = new Set<string>();
    const scope = this.scope(state, "loop" in item ? item.loop : undefined);
    const when = this.branchesWhen(item.branches, scope, deps);
    let task: Spec | undefined;
    let always = false;
    switch (item.kind) {
      case "step":
        always = item.step.ignoreUpstreamFailure;
        this.afterDeps(state, item.step.after, deps);
        task = item.step.call.kind === "pipeline" ? this.subPipelineTask(item.step, item.task, scope, deps) : this.stepTask(item.step, item.task, scope, deps);
        break;
      case "call": {
        const childName = this.ctx.templateNames.take(item.child.baseName === "" ? item.task : item.child.baseName);
        const child = this.writeDag(item.child, childName);
        task = this.callTask(child, item.task, childName, scope, deps);
        break;
      }
      case "deploy":
        this.afterDeps(state, item.deploy.after, deps);
        task = this.deployTask(item.deploy, item.task, scope, deps);
        break;
    }
    if (task === undefined) return;
    if (item.kind !== "deploy" && "loop" in item && item.loop !== undefined) Object.assign(task, this.loopItems(item.loop, scope, deps));
    if (when !== undefined) task.when = when.text;
    deps.delete(item.task);
    const depends = dependsText(deps, always);
    // Key order: name, template, depends, arguments, when, the loop.
    const ordered = compact({
      name: task.name,
      template: task.template,
      depends: depends,
      arguments: task.arguments,
      when: task.when,
      withItems: task.withItems,
      withParam: task.withParam,
    });
    state.tasks.push(ordered);
  }

  /** The `when` of the branches around an item: all of them must hold. */
  private branchesWhen(branches: readonly BranchRef[], scope: DagScope, deps: Set<string>): When | undefined {
    const whens: When[] = [];
    for (const b of branches) {
      const earlier: When[] = [];
      let own: When | undefined;
      for (let i = 0; i <= b.index; i++) {
        const c = b.condition.branches[i].condition;
        if (c === undefined) continue;
        const r = whenExpression(c, scope, deps, (e) => this.typeOf(e));
        if (!r.ok) {
          if (!this.reported.has(r.at)) this.ctx.diagnostics.push(M.argoNotYetSupported.at(r.at.loc, "A condition on this value here"));
          return undefined;
        }
        if (i < b.index) earlier.push(r.when);
        else own = r.when;
      }
      whens.push(branchWhen(earlier, own));
    }
    return allOf(whens);
  }

  /** `after`: the task (or the nested DAG's task) of the same DAG that holds each step. */
  private afterDeps(state: DagState, after: Step["after"], deps: Set<string>): void {
    for (const a of after) this.afterStep(state, a.step, deps);
  }

  private afterStep(state: DagState, step: string, deps: Set<string>): void {
    const dag = this.layout.stepDag.get(step);
    if (dag === undefined) return; // an importer (nothing to wait for) or a step not compiled
    if (dag === state.layout) {
      deps.add(this.layout.stepTask.get(step)!);
      return;
    }
    const child = childOnPath(state.layout, dag);
    if (child?.callTask !== undefined) deps.add(child.callTask);
    else state.afterOutside.add(step);
  }

  private stepTask(step: Step, taskName: string, scope: DagScope, deps: Set<string>): Spec | undefined {
    const resolved = this.ctx.run.steps.get(step);
    if (resolved === undefined) return undefined; // validation reports unknown callees
    const { component, settings, cache } = resolved;
    for (const s of settings.imagePullSecrets ?? []) this.ctx.pullSecrets.add(s.name);
    const given = new Map(step.arguments.filter((a) => a.value.kind !== "null").map((a) => [a.name, a]));
    const present = new Set(component.inputs.filter((i) => given.has(i.name) || (i.default !== undefined && i.default.kind !== "null")).map((i) => i.name));
    if (settings.distributed !== undefined) return this.distributedTask(step, taskName, scope, deps, given, present);

    const parameters: Spec[] = [];
    const artifacts: Spec[] = [];
    const upstream: (() => string)[] = [];
    const root = this.ctx.uris.root;
    for (const input of component.inputs) {
      const arg = given.get(input.name);
      if (arg === undefined) continue;
      if (input.type.kind === "artifact") {
        const source = this.artifactArgument(arg.value, scope, deps);
        if (source === undefined) continue;
        artifacts.push({ name: input.name, ...source.spec });
        upstream.push(source.material);
        if (root !== undefined && takesInputUri(component, input.name)) {
          const uri = this.artifactUri(arg.value, scope, deps);
          if (uri !== undefined) parameters.push({ name: uriParameter(input.name), value: uri });
        }
      } else {
        const text = this.parameterValue(arg.value, scope, deps);
        if (text !== undefined) parameters.push({ name: input.name, value: text });
      }
    }
    // Whether the step is memoized is the resolve pass's decision, as on KFP (so both targets cache the
    // same steps); the static part of its key is the optimizer's (`passes/optimize`). A step the plan
    // finds non-deterministic or fed by an uncached step is still memoized: its key holds the run-time
    // inputs, and an uncached upstream's part of it is the workflow's uid, so it never hits.
    const planned = this.ctx.cachePlan?.steps.get(step);
    const memoized = cache.cacheable;
    const withUpstream = memoized && artifacts.length > 0;
    const globals = this.exitReads.get(step.name);
    const body = containerTemplate(component, settings, present, { upstreamKey: withUpstream, uris: this.ctx.uris, globals }, this.ctx.diagnostics);
    let fingerprint: string | undefined;
    if (memoized) {
      const names = component.inputs.filter((i) => present.has(i.name) && i.type.kind !== "artifact").map((i) => i.name);
      if (withUpstream) names.push(UPSTREAM_KEY_INPUT);
      // The step's own maxAge (its effective setting, which the cache plan carries too), else the default.
      const maxAge = settings.cacheMaxAge === undefined ? this.ctx.cacheMaxAge : memoizeMaxAge(settings.cacheMaxAge.seconds);
      const m = memoize(planned?.definitionKey ?? body, this.ctx.top.name, names, maxAge);
      fingerprint = String(m.key).split("-")[1];
      insertAfter(body, "activeDeadlineSeconds", "memoize", m);
      if (withUpstream) parameters.push({ name: UPSTREAM_KEY_INPUT, value: upstream.map((m) => m()).join("|") });
    }
    // The dedup plan says which steps may share a template; the body is compared too, as a guard
    // (what Argo alone adds to it, such as the values an exit handler reads, can still differ).
    const group = this.ctx.dedupPlan?.groupOf.get(step);
    const template =
      group === undefined
        ? this.leafTemplate(argoName(component.name), body, `${this.pipeline.name}.${step.name}`)
        : this.leafTemplate(argoName(group.component), body, `group ${group.id}`);
    const material = fingerprint === undefined ? undefined : `${fingerprint}(${parameters.map((p) => p.value).join("|")})`;
    this.material.set(step.name, material === undefined || material.length > MAX_UPSTREAM_TEXT ? "{{workflow.uid}}" : material);
    return { name: taskName, template, arguments: section({ parameters, artifacts }) };
  }

  /**
   * The task of a distributed step: a resource template that creates its training job (see
   * `distributedTemplate`), given its parameters and the URIs of its input artifacts; memoized when
   * the step is cacheable, keyed by those parameters (an input artifact by its URI).
   */
  private distributedTask(step: Step, taskName: string, scope: DagScope, deps: Set<string>, given: ReadonlyMap<string, Step["arguments"][number]>, present: ReadonlySet<string>): Spec | undefined {
    const { component, podSettings } = this.ctx.run.steps.get(step)!;
    const parameters: Spec[] = [];
    for (const input of component.inputs) {
      const arg = given.get(input.name);
      if (arg === undefined) continue;
      if (input.type.kind === "artifact") {
        if (this.ctx.uris.root === undefined || !takesInputUri(component, input.name)) continue;
        const uri = this.artifactUri(arg.value, scope, deps);
        if (uri !== undefined) parameters.push({ name: uriParameter(input.name), value: uri });
      } else {
        const text = this.parameterValue(arg.value, scope, deps);
        if (text !== undefined) parameters.push({ name: input.name, value: text });
      }
    }
    const body = distributedTemplate(component, podSettings, present, this.ctx.uris, step, this.ctx.diagnostics, this.exitReads.get(step.name));
    if (body === undefined) return undefined;
    // Memoized as KFP caches it: a hit gives back the outputs' URIs and keys, where the reused job wrote them.
    const { cache, settings } = this.ctx.run.steps.get(step)!;
    if (cache.cacheable) {
      const names = ((body.inputs as { parameters?: { name: string }[] } | undefined)?.parameters ?? []).map((p) => p.name);
      const maxAge = settings.cacheMaxAge === undefined ? this.ctx.cacheMaxAge : memoizeMaxAge(settings.cacheMaxAge.seconds);
      const m = memoize(this.ctx.cachePlan?.steps.get(step)?.definitionKey ?? body, this.ctx.top.name, names, maxAge);
      insertAfter(body, "retryStrategy", "memoize", m);
    }
    this.material.set(step.name, "{{workflow.uid}}");
    const template = this.leafTemplate(argoName(component.name), body, `${this.pipeline.name}.${step.name}`);
    return { name: taskName, template, arguments: section({ parameters, artifacts: [] }) };
  }

  /** Where a later step reads output `output` of the distributed step `step`, run as task `task`: a key-only artifact at the key the job reported. */
  private distributedArtifact(step: string, output: string, task: string): Spec | undefined {
    const node = this.findStep(step);
    const root = this.ctx.uris.root;
    if (node === undefined || root === undefined || this.ctx.run.steps.get(node)?.settings.distributed === undefined) return undefined;
    return { [root.field]: { key: `{{tasks.${task}.outputs.parameters.${keyParameter(output)}}}` } };
  }

  /** Where the exit handler reads output `global` of the distributed step `step`: a key-only artifact at the exported key. */
  private distributedGlobal(step: string, global: string): Spec | undefined {
    const node = this.findStep(step);
    const root = this.ctx.uris.root;
    if (node === undefined || root === undefined || this.ctx.run.steps.get(node)?.settings.distributed === undefined) return undefined;
    return { [root.field]: { key: `{{workflow.outputs.parameters.${globalKey(global)}}}` } };
  }

  private subPipelineTask(step: Step, taskName: string, scope: DagScope, deps: Set<string>): Spec | undefined {
    const callee = findPipeline(this.ctx.program, step.call.name);
    if (callee === undefined) return undefined;
    const { name } = pipelineTemplate(this.ctx, callee);
    const given = new Map(step.arguments.filter((a) => a.value.kind !== "null").map((a) => [a.name, a]));
    const parameters: Spec[] = [];
    const artifacts: Spec[] = [];
    for (const p of callee.params) {
      const arg = given.get(p.name);
      if (p.type.kind === "artifact") {
        if (arg === undefined) continue;
        const source = this.artifactArgument(arg.value, scope, deps);
        if (source !== undefined) artifacts.push({ name: p.name, ...source.spec });
        continue;
      }
      // A sub-pipeline's defaults are its parameters' defaults: DAG inputs are passed explicitly.
      const value = arg?.value ?? p.default;
      if (value === undefined) continue;
      const text = this.parameterValue(value, scope, deps);
      if (text !== undefined) parameters.push({ name: p.name, value: text });
    }
    this.material.set(step.name, "{{workflow.uid}}");
    return { name: taskName, template: name, arguments: section({ parameters, artifacts }) };
  }

  private callTask(child: DagState, taskName: string, template: string, scope: DagScope, deps: Set<string>): Spec {
    const parameters: Spec[] = [];
    const artifacts: Spec[] = [];
    const inputParameters: Spec[] = [];
    const inputArtifacts: Spec[] = [];
    for (const need of [...child.needs.values()].sort((a, b) => compareCodePoints(a.name, b.name))) {
      const value = need.resolve(scope, deps);
      if (value === undefined) {
        this.ctx.diagnostics.push(M.argoNotYetSupported.at(child.layout.iterationOf?.loc ?? this.pipeline.loc, `Reading '${need.name}' here`));
        continue;
      }
      if (need.kind === "parameter") {
        inputParameters.push({ name: need.name });
        parameters.push({ name: need.name, value });
      } else {
        inputArtifacts.push({ name: need.name });
        artifacts.push({ name: need.name, ...(value as Spec) });
      }
    }
    for (const step of child.afterOutside) this.afterStep(scope.state, step, deps);
    const inputs = section({ parameters: inputParameters, artifacts: inputArtifacts });
    if (inputs !== undefined) child.template!.inputs = inputs;
    return { name: taskName, template, arguments: section({ parameters, artifacts }) };
  }

  /** `withItems` for a literal list, `withParam` for a list computed at run time. */
  private loopItems(loop: Loop, scope: DagScope, deps: Set<string>): Spec {
    const items = literalJson(loop.items);
    if (Array.isArray(items)) return { withItems: items };
    const text = valueText(loop.items, scope, deps);
    if (!text.ok) {
      this.ctx.diagnostics.push(M.argoNotYetSupported.at(text.at.loc, "A loop over this value here"));
      return {};
    }
    return { withParam: text.text };
  }

  private parameterValue(value: Expr, scope: DagScope, deps: Set<string>): string | undefined {
    const v = valueText(value, scope, deps);
    if (v.ok) return v.text;
    if (this.reported.has(v.at)) return undefined;
    if (v.why === "collection") this.ctx.diagnostics.push(M.argoRuntimeCollection.at(v.at.loc, value.kind === "list" ? "list" : "struct"));
    else this.ctx.diagnostics.push(M.argoNotYetSupported.at(v.at.loc, "Reading this value here"));
    return undefined;
  }

  /**
   * An artifact argument: `from` another task or an input, or an importer's location; and what it was
   * made from, for the memoization key of the step reading it (`mlpc-upstream`), computed only when
   * asked for. With an artifact root that is the artifact's URI, which names the producing pod (a
   * memoized producer gives the URI of the result it reused), so the text stays small however long
   * the chain. Without one it is what the producer's key was computed from (its template's hash and
   * its inputs, upstream texts included), or the run's id when the producer is not memoized, lies
   * in another DAG template, or its text is too long (`MAX_UPSTREAM_TEXT`).
   */
  private artifactArgument(value: Expr, scope: DagScope, deps: Set<string>): { spec: Spec; material: () => string } | undefined {
    if (value.kind === "output") {
      const importer = this.layout.importers.get(value.step);
      if (importer !== undefined) {
        const spec = importSource(importer.uri, this.ctx.uris.root, scope, deps, this.ctx.diagnostics);
        if (spec === undefined) return undefined;
        return { spec, material: () => JSON.stringify(spec) };
      }
      const spec = scope.outputArtifact(value.step, value.output, deps);
      if (spec === undefined) {
        this.ctx.diagnostics.push(M.argoNotYetSupported.at(value.loc, "Reading this artifact here"));
        return undefined;
      }
      if (this.ctx.uris.root !== undefined && this.hasUri(value.step, value.output)) {
        return { spec, material: () => this.artifactUri(value, scope, deps) ?? "{{workflow.uid}}" };
      }
      const sameDag = this.layout.stepDag.get(value.step) === scope.state.layout;
      return { spec, material: () => (sameDag ? (this.material.get(value.step) ?? "{{workflow.uid}}") : "{{workflow.uid}}") };
    }
    if (value.kind === "param") {
      const spec = scope.paramArtifact(value.name);
      if (spec === undefined) {
        this.ctx.diagnostics.push(M.argoNotYetSupported.at(value.loc, "Reading this artifact here"));
        return undefined;
      }
      return { spec, material: () => "{{workflow.uid}}" };
    }
    if (value.kind === "oneof") {
      const spec = scope.oneOfArtifact(value.options, deps);
      if (spec === undefined) {
        if (!this.reported.has(value)) this.ctx.diagnostics.push(M.argoNotYetSupported.at(value.loc, "Reading this artifact here"));
        return undefined;
      }
      // With an artifact root, the URI of the option that ran names what the input was made from.
      const withUris = this.ctx.uris.root !== undefined && value.options.every((o) => this.hasUri(o.step, o.output));
      return { spec, material: () => (withUris ? (this.artifactUri(value, scope, deps) ?? "{{workflow.uid}}") : "{{workflow.uid}}") };
    }
    return undefined; // validation allows only references (and oneOf of them) for artifacts
  }

  /** Whether the producer of `step.output` reports its URI (`<output>-uri`): a component step, or a sub-pipeline that gives it. */
  private hasUri(step: string, output: string): boolean {
    const node = this.findStep(step);
    if (node === undefined) return false;
    if (node.call.kind === "component") return true;
    return this.ctx.uriOutputs.get(node.call.name)?.has(output) === true;
  }

  /**
   * The URI of an artifact argument as Argo text: an importer's URI, or the producer's `<output>-uri`
   * (see `ArtifactRoot`). Reports why when there is none.
   */
  artifactUri(value: Expr, scope: DagScope, deps: Set<string>): string | undefined {
    if (value.kind === "param") {
      this.ctx.diagnostics.push(M.argoParamArtifactUri.at(value.loc, value.name));
      return undefined;
    }
    if (value.kind === "oneof") {
      if (this.ctx.uris.root === undefined) {
        this.ctx.diagnostics.push(M.argoArtifactUri.at(value.loc, `oneOf(${value.options.map((o) => `${o.step}.${o.output}`).join(", ")})`, this.ctx.uris.pipeline));
        return undefined;
      }
      const uris = value.options.every((o) => this.hasUri(o.step, o.output)) ? scope.oneOf(value.options.map((o) => ({ ...o, output: uriParameter(o.output) })), deps) : undefined;
      if (uris === undefined && !this.reported.has(value)) this.ctx.diagnostics.push(M.argoNotYetSupported.at(value.loc, "Reading the URI of this artifact here"));
      return uris;
    }
    if (value.kind !== "output") return undefined;
    const importer = this.layout.importers.get(value.step);
    if (importer !== undefined) {
      const text = valueText(importer.uri, scope, deps);
      return text.ok ? text.text : undefined; // the importer itself reports what it cannot read
    }
    if (this.ctx.uris.root === undefined) {
      this.ctx.diagnostics.push(M.argoArtifactUri.at(value.loc, `${value.step}.${value.output}`, this.ctx.uris.pipeline));
      return undefined;
    }
    const uri = this.hasUri(value.step, value.output) ? scope.output(value.step, uriParameter(value.output), deps) : undefined;
    if (uri === undefined) this.ctx.diagnostics.push(M.argoNotYetSupported.at(value.loc, "Reading the URI of this artifact here"));
    return uri;
  }

  /**
   * The task that deploys a serve from inside the pipeline: a resource template (see
   * `deployResource`) whose storage URI, when it is not written in the serve, is its input
   * `storage_uri`: the URI of the model artifact (see `artifactUri`; it needs an artifact root), a
   * String parameter or step output, or a string built from them.
   */
  private deployTask(deploy: Deploy, taskName: string, scope: DagScope, deps: Set<string>): Spec | undefined {
    const serve = findServe(this.ctx.program, deploy.serve);
    if (serve === undefined) return undefined; // validation reports unknown serves
    const storage = serve.model.storage;
    let value: string | undefined;
    if (storage.kind !== "string") {
      const ref = storage.kind === "oneof" ? storage.options[0] : storage;
      const type = this.typeOf(ref);
      value = type?.kind === "artifact" ? this.artifactUri(storage, scope, deps) : this.parameterValue(storage, scope, deps);
      if (value === undefined) return undefined;
    }
    const body = deployResource(serve, nameOn(this.ctx.names.kserve, serve.name), value !== undefined, this.ctx.diagnostics);
    if (body === undefined) return undefined;
    const template = this.leafTemplate(argoName(`deploy-${serve.name}`), body);
    return { name: taskName, template, arguments: value === undefined ? undefined : { parameters: [{ name: STORAGE_URI_INPUT, value }] } };
  }

  /**
   * The template named after `base` with this body: an existing one with the same body (and the same
   * `owner`, when given: what may share it), or a new one.
   */
  private leafTemplate(base: string, body: Spec, owner = ""): string {
    const key = `${base}\u0000${owner}\u0000${JSON.stringify(body)}`;
    const existing = this.ctx.leafByBody.get(key);
    if (existing !== undefined) return existing;
    const name = this.ctx.templateNames.take(base);
    this.ctx.leafByBody.set(key, name);
    this.ctx.leafTemplates.push({ name, ...body });
    return name;
  }

  /** The pipeline's outputs as its DAG template's outputs. */
  pipelineOutputs(root: DagState): Spec | undefined {
    const parameters: Spec[] = [];
    const uriParameters: Spec[] = [];
    const artifacts: Spec[] = [];
    const scope = this.scope(root, undefined);
    for (const o of this.pipeline.outputs) {
      const deps = new Set<string>();
      const v = o.value;
      if (v.kind === "oneof") {
        this.oneOfPipelineOutput(o.name, o.type.kind === "artifact", v.options, { parameters, uriParameters, artifacts }, v.loc);
        continue;
      }
      if (o.type.kind === "artifact") {
        const spec = v.kind === "output" && !this.layout.importers.has(v.step) ? scope.outputArtifact(v.step, v.output, deps) : v.kind === "param" ? scope.paramArtifact(v.name) : undefined;
        if (spec === undefined) this.ctx.diagnostics.push(M.argoNotYetSupported.at(v.loc, "A pipeline output from this value"));
        else artifacts.push({ name: o.name, ...spec });
        // Its URI, for the steps of the calling pipeline that read it (see `ArtifactRoot`).
        if (spec !== undefined && this.ctx.uris.root !== undefined && v.kind === "output" && this.hasUri(v.step, v.output)) {
          const uri = scope.output(v.step, uriParameter(v.output), deps);
          if (uri !== undefined) {
            uriParameters.push({ name: uriParameter(o.name), valueFrom: { parameter: uri } });
            this.uriOutputs.add(o.name);
          }
        }
      } else {
        const text = valueText(v, scope, deps);
        // collect() of a step that iterations may skip is an expression (see `collect.ts`).
        const expression = text.ok && v.kind === "collect" ? /^\{\{=(.*)\}\}$/s.exec(text.text)?.[1] : undefined;
        if (expression !== undefined) parameters.push({ name: o.name, valueFrom: { expression } });
        else if (!text.ok || !/^\{\{[^{}]*\}\}$/.test(text.text)) this.ctx.diagnostics.push(M.argoNotYetSupported.at(v.loc, "A pipeline output from this value"));
        else parameters.push({ name: o.name, valueFrom: { parameter: text.text } });
      }
    }
    return section({ parameters: [...parameters, ...uriParameters], artifacts });
  }

  /**
   * A pipeline output `oneOf(…)`: the DAG template's `valueFrom.expression` (or `fromExpression` for
   * an artifact, with its URI as `<output>-uri` when the options report theirs), over the tasks of
   * the `if` (which, read by a pipeline output, is in the pipeline's own DAG; see `oneof.ts`).
   */
  private oneOfPipelineOutput(name: string, artifact: boolean, options: readonly OutputRef[], into: { parameters: Spec[]; uriParameters: Spec[]; artifacts: Spec[] }, loc: Expr["loc"]): void {
    const found = this.oneOfOptions(options);
    if (found === undefined || found.dag !== this.layout.root) {
      this.ctx.diagnostics.push(M.argoNotYetSupported.at(loc, "A pipeline output from this value"));
      return;
    }
    if (!artifact) {
      into.parameters.push({ name, valueFrom: { expression: oneOfExpression(found.options, "parameters") } });
      return;
    }
    into.artifacts.push({ name, fromExpression: oneOfExpression(found.options, "artifacts") });
    if (this.ctx.uris.root !== undefined && options.every((o) => this.hasUri(o.step, o.output))) {
      const uris = found.options.map((o) => ({ ...o, output: uriParameter(o.output) }));
      into.uriParameters.push({ name: uriParameter(name), valueFrom: { expression: oneOfExpression(uris, "parameters") } });
      this.uriOutputs.add(name);
    }
  }

  /** The declared type of a value a condition reads, when known. */
  private typeOf(e: Expr): Type | undefined {
    return known(typeOfExpr(this.irScope, e));
  }

  /** The declared type of `step.output`, when known. */
  private outputType(step: string, output: string): Type | undefined {
    return known(outputType(this.irScope, step, output));
  }

  /** The step called `name` (not an importer or a deploy). */
  private findStep(name: string): Step | undefined {
    const node = this.irScope.steps.get(name)?.node;
    return node?.kind === "step" ? node : undefined;
  }
}

function known(t: Inferred): Type | undefined {
  return t.kind === "unknown" || t.kind === "null" ? undefined : t;
}

/**
 * A task's `depends`: every task it waits for must have succeeded (Argo's plain `a` also accepts a
 * skipped task, which is what a branch not taken leaves); a step that runs whatever happened upstream
 * waits for each task to have finished in any way.
 */
function dependsText(deps: ReadonlySet<string>, always: boolean): string | undefined {
  if (deps.size === 0) return undefined;
  const sorted = [...deps].sort(compareCodePoints);
  if (!always) return sorted.join(" && ");
  return sorted.map((t) => `(${t}.Succeeded || ${t}.Skipped || ${t}.Failed || ${t}.Errored)`).join(" && ");
}

/** Puts `key: value` right after `after` (or at the end), keeping the template's fixed key order. */
function insertAfter(o: Spec, after: string, key: string, value: unknown): void {
  const entries = Object.entries(o);
  for (const k of Object.keys(o)) delete o[k];
  const order = ["metadata", "inputs", "outputs", "nodeSelector", "tolerations", "affinity", "serviceAccountName", "retryStrategy", "activeDeadlineSeconds"];
  let placed = false;
  for (const [k, v] of entries) {
    if (!placed && !order.includes(k)) {
      o[key] = value;
      placed = true;
    }
    o[k] = v;
    if (k === after && !placed) {
      o[key] = value;
      placed = true;
    }
  }
  if (!placed) o[key] = value;
}

/** What names a `oneOf(…)` value passed into a nested DAG template: its options' tasks and outputs. */
function oneOfKey(options: readonly OneOfOption[]): string {
  return options.map((o) => `${o.task}-${o.output}`).join("-");
}
