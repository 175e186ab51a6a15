import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Loc, Pipeline, Step } from "../../ir/types.js";
import { nameOn, type ResolvedPipeline, type ResolvedProgram } from "../../passes/resolve/index.js";
import { pipelineDedupPlan, type PipelineDedupPlan } from "../../passes/optimize/index.js";
import { containerSpec } from "./container.js";
import { distributedContainer } from "./distributed.js";
import { buildDag, irNode, type DagNode, type DagTree, type GroupNode, type TaskNode } from "./dag.js";
import { pipelineHeader } from "./header.js";
import { deployParts } from "./deploy.js";
import { importerParts } from "./importer.js";
import { kfpSanitize, UniqueNames } from "../../kubernetes/names.js";
import { executorConfig } from "./platform.js";
import { DagScope } from "./scope.js";
import { inputValueChannel } from "./sources.js";
import { fieldSelector, inputsSection, sortedDependencies, taskSpec, type TaskContext } from "./task.js";
import { artifactType, inputDefinitions, outputDefinitions, parameterType, section } from "./types.js";
import { unsupportedConstructs } from "./unsupported.js";
import { record } from "../../ir/records.js";
import { findServe } from "../../ir/query/callee.js";

/** The version mlpc writes as `sdkVersion`: KFP's servers show it, and it says who wrote the file. */
export const SDK_VERSION = "mlpc-0.1.0";

/** What one pipeline compiles to: the documents of its file and the header comment. */
export interface CompiledPipeline {
  /** The `PipelineSpec`, then the `PlatformSpec` when a step has Kubernetes settings. */
  readonly documents: readonly unknown[];
  readonly header: readonly string[];
  /** The pipeline's declaration and those of the pipelines it calls. */
  readonly sources: readonly Loc[];
}

type Spec = Record<string, unknown>;

/**
 * Compiles one pipeline to a KFP `PipelineSpec` (schema 2.1.0) as the KFP SDK lays it out: one
 * component (`comp-<component>`) and one executor (`exec-<component>`) per task, numbered `-2`, `-3`…
 * when several tasks run the same component; the root DAG with a task per step, and a task per group
 * (condition, loop, exit handler) whose component is the group's own DAG (see `buildDag`); a
 * sub-pipeline's DAG as the component of its task, its components merged in; the pipeline's parameters
 * as the root's inputs and its outputs as the root's outputs. Kubernetes settings go into a second
 * document, the `PlatformSpec`. `undefined` when the pipeline has errors.
 */
export function compilePipeline(resolved: ResolvedProgram, pipeline: Pipeline, diagnostics: Diagnostic[]): CompiledPipeline | undefined {
  const errorsBefore = countErrors(diagnostics);
  diagnostics.push(...unsupportedConstructs(resolved.program, pipeline));
  const run = resolved.pipelines.get(pipeline.name)!;
  const { unit, root } = compileDag(resolved, pipeline, diagnostics, run, pipelineDedupPlan(resolved, pipeline.name));
  const spec: Spec = {
    components: Object.fromEntries(unit.components),
    defaultPipelineRoot: pipeline.artifactRoot?.uri,
    deploymentSpec: { executors: Object.fromEntries(unit.executors) },
    pipelineInfo: { description: pipeline.description, name: nameOn(resolved.names.kfp, pipeline.name) },
    root,
    schemaVersion: "2.1.0",
    sdkVersion: SDK_VERSION,
  };
  if (countErrors(diagnostics) > errorsBefore) return undefined;
  const documents: unknown[] = [spec];
  if (unit.platform.size > 0) {
    documents.push({ platforms: { kubernetes: { deploymentSpec: { executors: Object.fromEntries(unit.platform) } } } });
  }
  const sources = [...new Set([pipeline, ...[...run.calls.values()].map((c) => c.callee)])].map((p) => p.loc);
  return { documents, header: pipelineHeader(pipeline, nameOn(resolved.names.kfp, pipeline.name)), sources };
}

/** The components, executors and Kubernetes executor configs of a pipeline spec, by name. */
interface Unit {
  readonly components: Map<string, Spec>;
  readonly executors: Map<string, Spec>;
  readonly platform: Map<string, Spec>;
}

/**
 * A pipeline's DAG as a component (the root of its own spec, or the component of a sub-pipeline
 * task) and every component it uses, named in the SDK's order: the groups first, each DAG's before
 * those inside it, then the tasks in the order the SDK creates them; a sub-pipeline's components
 * (named in its own spec) are merged in when its task is named, renamed when the name is taken.
 * `run` is the pipeline the run starts, resolved: the settings and cacheability of every task in it,
 * those of called pipelines included (pipeline-wide settings are the run's, see `passes/resolve`).
 */
function compileDag(resolved: ResolvedProgram, pipeline: Pipeline, diagnostics: Diagnostic[], run: ResolvedPipeline, dedup: PipelineDedupPlan | undefined): { unit: Unit; root: Spec } {
  const program = resolved.program;
  const tree = buildDag(program, pipeline, diagnostics);

  // Task names are unique in the whole pipeline: steps keep theirs, a group whose name a step has
  // taken is numbered on.
  const taskNames = new UniqueNames();
  for (const t of tree.tasks.values()) taskNames.take(t.name);
  for (const g of tree.groups) g.name = taskNames.take(g.name);
  const after = afterDependencies(tree);

  const unit: Unit = { components: new Map(), executors: new Map(), platform: new Map() };
  const names = new UniqueNames();
  const componentOf = new Map<DagNode, string>();
  const register = (node: DagNode, base: string, spec: Spec = {}): void => {
    const name = names.take(base);
    componentOf.set(node, name);
    unit.components.set(name, spec);
  };
  const merge = (inner: Unit): Map<string, string> => {
    const renamed = new Map([...inner.components.keys()].map((name) => [name, names.take(name)]));
    for (const [name, spec] of inner.components) {
      const newName = renamed.get(name)!;
      if (typeof spec.executorLabel === "string") {
        const label = `exec-${newName.slice("comp-".length)}`;
        unit.executors.set(label, inner.executors.get(spec.executorLabel)!);
        const config = inner.platform.get(spec.executorLabel);
        if (config !== undefined) unit.platform.set(label, config);
        spec.executorLabel = label;
      }
      renameReferences(spec, renamed);
      unit.components.set(newName, spec);
    }
    return renamed;
  };
  // Groups first, each DAG's groups before those inside them; then the tasks in the order the SDK
  // creates them (the `finally` steps first, as an exit task exists before its ExitHandler; then the
  // body in source order), a sub-pipeline's components merged in when its task is named.
  const nameGroups = (children: readonly DagNode[]): void => {
    for (const g of children) if (g.kind === "group") register(g, `comp-${g.name}`);
    for (const g of children) if (g.kind === "group") nameGroups(g.children);
  };
  nameGroups(tree.root);
  const creationOrder = resolved.pipelines
    .get(pipeline.name)!
    .order.creation.map((n) => tree.tasks.get(n.name))
    .filter((t): t is TaskNode => t !== undefined);
  // Steps of one dedup group share a component (and its executor): the first one names it.
  const shared = new Map<string, string>();
  for (const t of creationOrder) {
    switch (t.kind) {
      case "step": {
        const group = dedup?.groupOf.get(t.step);
        const known = group === undefined ? undefined : shared.get(group.id);
        if (known !== undefined) {
          componentOf.set(t, known);
          break;
        }
        register(t, `comp-${kfpSanitize(group?.component ?? t.component.name)}`);
        if (group !== undefined) shared.set(group.id, componentOf.get(t)!);
        break;
      }
      case "importer":
        register(t, "comp-importer");
        break;
      case "subPipeline": {
        // A called pipeline's own pipeline-wide settings do not apply; the run's do (docs/language.md §12).
        const inner = compileDag(resolved, t.pipeline, diagnostics, run, dedup);
        register(t, `comp-${nameOn(resolved.names.kfp, t.pipeline.name)}`, inner.root);
        renameReferences(inner.root, merge(inner.unit));
        break;
      }
      case "deploy":
        register(t, `comp-deploy-${kfpSanitize(t.deploy.serve)}`);
        break;
    }
  }

  const emitDag = (nodes: readonly DagNode[], owner: GroupNode | undefined): Spec => {
    const scope = new DagScope(tree, owner);
    const context = (path: readonly GroupNode[]): TaskContext => ({
      scope,
      path,
      sourceOf: tree.sourceOf,
      typeOf: tree.typeOf,
      exit: tree.exit?.name,
      diagnostics,
    });
    const tasks: Spec = record();
    for (const node of nodes) {
      const dependencies = new Set(after.get(node) ?? []);
      const final = tree.finallyNodes.has(node);
      if (final) dependencies.add(tree.exit!.name);
      let task: Spec | undefined;
      switch (node.kind) {
        case "step": {
          const { step, component } = node;
          const componentName = componentOf.get(node)!;
          const executorLabel = `exec-${componentName.slice("comp-".length)}`;
          const { podSettings: settings, cache } = run.steps.get(step)!;
          if (settings.serviceAccount !== undefined) {
            diagnostics.push(M.kfpNoServiceAccount.at(settings.serviceAccount.loc, settings.serviceAccount.name));
          }
          Object.assign(unit.components.get(componentName)!, componentSpec(component, executorLabel));
          const distributed = settings.distributed !== undefined;
          const executor = distributed
            ? { container: distributedContainer(component, settings, presentInputs(step, component), pipeline.name, diagnostics).container }
            : { container: containerSpec(component, settings, diagnostics) };
          const prior = unit.executors.get(executorLabel);
          // Tasks share an executor only when the dedup plan found their containers identical.
          if (prior !== undefined && JSON.stringify(prior) !== JSON.stringify(executor)) {
            throw new Error(`kfp: the tasks sharing '${executorLabel}' have different containers`);
          }
          unit.executors.set(executorLabel, executor);
          // A distributed step's pod only runs kubectl: the job's pods carry the settings.
          const config = distributed ? undefined : executorConfig(settings, diagnostics);
          if (config !== undefined) unit.platform.set(executorLabel, config);
          task = taskSpec(step, component.inputs, componentName, node.name, settings, cache.cacheable, context(node.path), dependencies);
          break;
        }
        case "subPipeline": {
          const { settings, cache } = run.calls.get(node.step)!;
          task = taskSpec(node.step, node.pipeline.params, componentOf.get(node)!, node.name, settings, cache.cacheable, context(node.path), dependencies);
          break;
        }
        case "importer": {
          const componentName = componentOf.get(node)!;
          const executorLabel = `exec-${componentName.slice("comp-".length)}`;
          const caching = run.importers.get(node.importer)!.cache.cacheable;
          const parts = importerParts(node.importer, node.name, componentName, executorLabel, caching, context(node.path), dependencies);
          Object.assign(unit.components.get(componentName)!, parts.component);
          unit.executors.set(executorLabel, parts.executor);
          task = parts.task;
          break;
        }
        case "deploy": {
          const serve = findServe(program, node.deploy.serve);
          if (serve === undefined) break; // an unknown serve is a validation error
          const componentName = componentOf.get(node)!;
          const executorLabel = `exec-${componentName.slice("comp-".length)}`;
          const parts = deployParts(serve, nameOn(resolved.names.kserve, serve.name), node.name, componentName, executorLabel, context(node.path), dependencies);
          if (parts === undefined) break;
          Object.assign(unit.components.get(componentName)!, parts.component);
          unit.executors.set(executorLabel, parts.executor);
          task = parts.task;
          break;
        }
        case "group": {
          const dag = emitDag(node.children, node);
          task = groupTask(tree, node, componentOf.get(node)!, scope, dependencies);
          Object.assign(unit.components.get(componentOf.get(node)!)!, { dag: { tasks: dag } });
          break;
        }
      }
      if (task === undefined) continue;
      if (final) {
        const policy = (task.triggerPolicy ?? {}) as Spec;
        task.triggerPolicy = { ...policy, strategy: "ALL_UPSTREAM_TASKS_COMPLETED" };
        task.dependentTasks = sortedDependencies(dependencies);
      }
      tasks[node.name] = task;
    }
    return tasks;
  };

  const rootTasks = emitDag(tree.root, undefined);
  const rootOutputs = dagOutputs(pipeline, tree, new DagScope(tree, undefined), diagnostics);
  // Group outputs are known once every DAG is written: the groups' specs are completed last.
  for (const g of tree.groups) {
    const spec = unit.components.get(componentOf.get(g)!)!;
    const dag = spec.dag as Spec;
    dag.outputs = groupOutputs(g);
    spec.inputDefinitions = groupInputDefinitions(tree, g);
    spec.outputDefinitions = groupOutputDefinitions(g);
  }
  const root: Spec = {
    dag: { outputs: rootOutputs, tasks: rootTasks },
    inputDefinitions: inputDefinitions(pipeline.params),
    outputDefinitions: outputDefinitions(pipeline.outputs, pipeline.outputs.map((o) => o.value.kind === "collect")),
  };
  return { unit, root };
}
function componentSpec(component: Component, executorLabel: string): Spec {
  return {
    executorLabel,
    inputDefinitions: inputDefinitions(component.inputs),
    outputDefinitions: outputDefinitions(component.outputs),
  };
}

/** Points the tasks of a DAG component at the components' new names. */
function renameReferences(spec: Spec, renamed: ReadonlyMap<string, string>): void {
  const tasks = (spec.dag as Spec | undefined)?.tasks as Record<string, Spec> | undefined;
  for (const task of Object.values(tasks ?? {})) {
    const ref = task.componentRef as { name: string };
    ref.name = renamed.get(ref.name) ?? ref.name;
  }
}

/**
 * The task of a group in its parent DAG: the values its DAG reads as inputs (a field of an item that
 * an inner loop runs over with its `parameterExpressionSelector`), its trigger, and for a loop the
 * iterator (`parameterIterator` over a literal list or an input) and the parallelism limit.
 */
function groupTask(tree: DagTree, g: GroupNode, componentName: string, scope: DagScope, dependencies: Set<string>): Spec {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const need of g.needs.values()) {
    const channel = inputValueChannel(need, kfpSanitize);
    if (need.kind === "subvar") {
      const spec = scope.input("Parameter", { kind: "item", loop: need.loop }, dependencies);
      if (spec !== undefined) parameters[channel] = { ...spec, parameterExpressionSelector: fieldSelector(need.field) };
    } else if (tree.typeOf(need).kind === "artifact") {
      const spec = scope.input("Artifact", need, dependencies);
      if (spec !== undefined) artifacts[channel] = spec;
    } else {
      const spec = scope.input("Parameter", need, dependencies);
      if (spec !== undefined) parameters[channel] = spec;
    }
  }
  const loop = g.loop;
  return {
    componentRef: { name: componentName },
    dependentTasks: sortedDependencies(dependencies),
    inputs: inputsSection(artifacts, parameters),
    iteratorPolicy: loop?.parallelism === undefined ? undefined : { parallelismLimit: loop.parallelism },
    parameterIterator:
      loop === undefined
        ? undefined
        : {
            itemInput: loop.itemChannel,
            items: loop.items.kind === "raw" ? { raw: loop.items.json } : { inputParameter: inputValueChannel(loop.items.source, kfpSanitize) },
          },
    taskInfo: { name: g.name },
    triggerPolicy: g.trigger === undefined ? undefined : { condition: g.trigger.text },
  };
}

/** A group's `inputDefinitions`: one input per value its DAG reads from outside, and a loop's item. */
function groupInputDefinitions(tree: DagTree, g: GroupNode): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const need of g.needs.values()) {
    const channel = inputValueChannel(need, kfpSanitize);
    const type = tree.typeOf(need);
    if (type.kind === "artifact") {
      artifacts[channel] = { artifactType: artifactType(type.name), isArtifactList: need.kind === "collect" ? true : undefined };
    } else {
      parameters[channel] = { parameterType: parameterType(type) };
    }
  }
  if (g.loop !== undefined) parameters[g.loop.itemChannel] = { parameterType: parameterType(g.loop.itemType) };
  return section({ artifacts, parameters });
}

/** A group's `dag.outputs`: the values read outside it, each from the task inside that has it. */
function groupOutputs(g: GroupNode): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const [key, o] of g.outputs) {
    if (o.oneof !== undefined) {
      // One of the branches ran: KFP takes the first selector that has a value.
      if (o.type.kind === "artifact") {
        artifacts[key] = { artifactSelectors: o.oneof.map((s) => ({ outputArtifactKey: s.key, producerSubtask: s.task })) };
      } else {
        parameters[key] = { valueFromOneof: { parameterSelectors: o.oneof.map((s) => ({ outputParameterKey: s.key, producerSubtask: s.task })) } };
      }
    } else if (o.type.kind === "artifact") {
      artifacts[key] = { artifactSelectors: [{ outputArtifactKey: o.key, producerSubtask: o.task }] };
    } else {
      parameters[key] = { valueFromParameter: { outputParameterKey: o.key, producerSubtask: o.task } };
    }
  }
  return section({ artifacts, parameters });
}

/** A group's `outputDefinitions`: a loop's (or a group around a loop's) values are lists. */
function groupOutputDefinitions(g: GroupNode): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const [key, o] of g.outputs) {
    if (o.type.kind === "artifact") artifacts[key] = { artifactType: artifactType(o.type.name), isArtifactList: o.list ? true : undefined };
    else parameters[key] = { parameterType: o.list ? "LIST" : parameterType(o.type) };
  }
  return section({ artifacts, parameters });
}

/**
 * `after` as dependencies between tasks of one DAG: when the two tasks are in different groups, the
 * dependency is between the outermost groups (or tasks) that hold them inside the DAG they share, as
 * the SDK places it.
 */
function afterDependencies(tree: DagTree): Map<DagNode, Set<string>> {
  const out = new Map<DagNode, Set<string>>();
  for (const consumer of tree.tasks.values()) {
    for (const a of irNode(consumer).after) {
      const producer = tree.tasks.get(a.step);
      if (producer === undefined) continue; // a step not compiled (reported)
      const [down, up] = siblings(consumer, producer);
      if (down === up) continue;
      const set = out.get(down) ?? new Set<string>();
      set.add(up.name);
      out.set(down, set);
    }
  }
  return out;
}

function siblings(a: TaskNode, b: TaskNode): [DagNode, DagNode] {
  let k = 0;
  while (k < a.path.length && k < b.path.length && a.path[k] === b.path[k]) k++;
  return [k < a.path.length ? a.path[k] : a, k < b.path.length ? b.path[k] : b];
}

/** The root DAG's outputs: each pipeline output selects an output of one of its tasks (or groups). */
function dagOutputs(pipeline: Pipeline, tree: DagTree, scope: DagScope, diagnostics: Diagnostic[]): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const o of pipeline.outputs) {
    const v = o.value;
    if (v.kind !== "output" && v.kind !== "collect" && v.kind !== "oneof") {
      diagnostics.push(M.kfpPipelineOutputSource.at(v.loc, o.name));
      continue;
    }
    let found: { task: string; key: string } | undefined;
    if (v.kind === "oneof") {
      const source = tree.sourceOf(v, []);
      found = source?.kind === "oneof" ? scope.oneOf(source) : undefined;
    } else {
      found = scope.producer({ kind: v.kind, step: v.step, output: v.output });
    }
    if (found === undefined) continue; // not compiled (reported), or out of scope (validation)
    if (o.type.kind === "artifact") {
      artifacts[o.name] = { artifactSelectors: [{ outputArtifactKey: found.key, producerSubtask: found.task }] };
    } else {
      parameters[o.name] = { valueFromParameter: { outputParameterKey: found.key, producerSubtask: found.task } };
    }
  }
  return section({ artifacts, parameters });
}

function countErrors(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === "error").length;
}

/** The inputs a step gives, or that have a default: what decides its command line's `if x [ … ]` when compiling. */
function presentInputs(step: Step, component: Component): Set<string> {
  const given = new Set(step.arguments.filter((a) => a.value.kind !== "null").map((a) => a.name));
  return new Set(component.inputs.filter((i) => given.has(i.name) || (i.default !== undefined && i.default.kind !== "null")).map((i) => i.name));
}
