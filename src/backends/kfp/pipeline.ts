import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Pipeline, Program } from "../../ir/types.js";
import { containerSpec } from "./container.js";
import { buildDag, type DagNode, type DagTree, type GroupNode, type StepNode } from "./dag.js";
import { pipelineHeader } from "./header.js";
import { kfpName, UniqueNames } from "./names.js";
import { executorConfig } from "./platform.js";
import { effectiveSettings } from "./settings.js";
import { inputValueChannel, type Source } from "./sources.js";
import { inputsSection, sortedDependencies, taskSpec, type DagScope } from "./task.js";
import { artifactType, inputDefinitions, outputDefinitions, parameterType, section } from "./types.js";
import { unsupportedConstructs } from "./unsupported.js";

/** The version mlpc writes as `sdkVersion`: KFP's servers show it, and it says who wrote the file. */
export const SDK_VERSION = "mlpc-0.1.0";

/** What one pipeline compiles to: the documents of its file and the header comment. */
export interface CompiledPipeline {
  /** The `PipelineSpec`, then the `PlatformSpec` when a step has Kubernetes settings. */
  readonly documents: readonly unknown[];
  readonly header: readonly string[];
}

type Spec = Record<string, unknown>;

/**
 * Compiles one pipeline to a KFP `PipelineSpec` (schema 2.1.0) as the KFP SDK lays it out: one
 * component (`comp-<component>`) and one executor (`exec-<component>`) per task, numbered `-2`, `-3`…
 * when several tasks run the same component; the root DAG with a task per step, and a task per
 * condition whose component is the condition's own DAG (see `buildDag`); the pipeline's parameters as
 * the root's inputs and its outputs as the root's outputs. Kubernetes settings go into a second
 * document, the `PlatformSpec`. `undefined` when the pipeline has errors.
 */
export function compilePipeline(program: Program, pipeline: Pipeline, diagnostics: Diagnostic[]): CompiledPipeline | undefined {
  const errorsBefore = countErrors(diagnostics);
  diagnostics.push(...unsupportedConstructs(program, pipeline));
  const tree = buildDag(program, pipeline, diagnostics);

  // Task names are unique in the whole pipeline: steps keep theirs, a group whose name a step has
  // taken is numbered on.
  const taskNames = new UniqueNames();
  for (const name of tree.steps.keys()) taskNames.take(kfpName(name));
  for (const g of tree.groups) g.name = taskNames.take(g.name);
  const after = afterDependencies(tree);

  const componentNames = new UniqueNames();
  const components: Spec = {};
  const executors: Spec = {};
  const platformExecutors: Spec = {};

  const emitDag = (nodes: readonly DagNode[], owner: GroupNode | undefined): Spec => {
    const scope = dagScope(tree, nodes, owner);
    const tasks: Spec = {};
    for (const node of nodes) {
      const dependencies = new Set(after.get(node) ?? []);
      if (node.kind === "step") {
        const { step, component } = node;
        const componentName = componentNames.take(`comp-${kfpName(component.name)}`);
        const executorLabel = `exec-${componentName.slice("comp-".length)}`;
        const settings = effectiveSettings(pipeline, component, step);
        if (settings.serviceAccount !== undefined) {
          diagnostics.push(M.kfpNoServiceAccount.at(settings.serviceAccount.loc, settings.serviceAccount.name));
        }
        components[componentName] = componentSpec(component, executorLabel);
        executors[executorLabel] = { container: containerSpec(component, settings, diagnostics) };
        const config = executorConfig(settings, diagnostics);
        if (config !== undefined) platformExecutors[executorLabel] = config;
        const taskName = kfpName(step.name);
        tasks[taskName] = taskSpec(step, component, componentName, taskName, settings, scope, dependencies, diagnostics);
      } else {
        const componentName = componentNames.take(`comp-${node.name}`);
        const parameters: Spec = {};
        const artifacts: Spec = {};
        for (const source of node.needs) {
          const channel = inputValueChannel(source, kfpName);
          if (tree.typeOf(source).kind === "artifact") {
            const spec = scope.artifact(source, dependencies);
            if (spec !== undefined) artifacts[channel] = spec;
          } else {
            const spec = scope.parameter(source, dependencies);
            if (spec !== undefined) parameters[channel] = spec;
          }
        }
        components[componentName] = {
          dag: { tasks: emitDag(node.children, node) },
          inputDefinitions: groupInputDefinitions(tree, node.needs),
        };
        tasks[node.name] = {
          componentRef: { name: componentName },
          dependentTasks: sortedDependencies(dependencies),
          inputs: inputsSection(artifacts, parameters),
          taskInfo: { name: node.name },
          triggerPolicy: node.trigger === undefined ? undefined : { condition: node.trigger.text },
        };
      }
    }
    return tasks;
  };

  const rootTasks = emitDag(tree.root, undefined);
  const spec: Spec = {
    components,
    deploymentSpec: { executors },
    pipelineInfo: { description: pipeline.description, name: kfpName(pipeline.name) },
    root: {
      dag: { outputs: dagOutputs(pipeline, tree, diagnostics), tasks: rootTasks },
      inputDefinitions: inputDefinitions(pipeline.params),
      outputDefinitions: outputDefinitions(pipeline.outputs),
    },
    schemaVersion: "2.1.0",
    sdkVersion: SDK_VERSION,
  };
  if (countErrors(diagnostics) > errorsBefore) return undefined;
  const documents: unknown[] = [spec];
  if (Object.keys(platformExecutors).length > 0) {
    documents.push({ platforms: { kubernetes: { deploymentSpec: { executors: platformExecutors } } } });
  }
  return { documents, header: pipelineHeader(pipeline) };
}

function componentSpec(component: Component, executorLabel: string): Spec {
  return {
    executorLabel,
    inputDefinitions: inputDefinitions(component.inputs),
    outputDefinitions: outputDefinitions(component.outputs),
  };
}

/**
 * How values reach the tasks of the DAG of `nodes` (the root when `owner` is undefined): outputs of
 * tasks of the same DAG directly, everything else through the DAG's inputs: in the root the
 * pipeline's parameters, in a group the `pipelinechannel--…` inputs that `buildDag` found it needs.
 */
function dagScope(tree: DagTree, nodes: readonly DagNode[], owner: GroupNode | undefined): DagScope {
  const direct = new Set(nodes.flatMap((n) => (n.kind === "step" ? [n.step.name] : [])));
  const resolve = (kind: "Parameter" | "Artifact", source: Source, dependencies: Set<string>): Spec | undefined => {
    if (source.kind === "output") {
      if (!tree.steps.has(source.step)) return undefined; // a producer not compiled (reported)
      if (direct.has(source.step)) {
        const task = kfpName(source.step);
        dependencies.add(task);
        const key = kind === "Parameter" ? "outputParameterKey" : "outputArtifactKey";
        return { [`taskOutput${kind}`]: { [key]: source.output, producerTask: task } };
      }
      if (owner === undefined) return undefined; // a producer in a group, out of scope here (validation)
    }
    const name = owner === undefined ? (source as Extract<Source, { kind: "param" }>).name : inputValueChannel(source, kfpName);
    return { [`componentInput${kind}`]: name };
  };
  return {
    taskName: kfpName,
    parameter: (source, dependencies) => resolve("Parameter", source, dependencies),
    artifact: (source, dependencies) => resolve("Artifact", source, dependencies),
  };
}

/** A group's `inputDefinitions`: one input per value its DAG reads from outside. */
function groupInputDefinitions(tree: DagTree, needs: readonly Source[]): Spec | undefined {
  const parameters: Spec = {};
  const artifacts: Spec = {};
  for (const source of needs) {
    const channel = inputValueChannel(source, kfpName);
    const type = tree.typeOf(source);
    if (type.kind === "artifact") artifacts[channel] = { artifactType: artifactType(type.name) };
    else parameters[channel] = { parameterType: parameterType(type) };
  }
  return section({ artifacts, parameters });
}

/**
 * `after` as dependencies between tasks of one DAG: when the two steps are in different groups, the
 * dependency is between the outermost groups (or steps) that hold them inside the DAG they share, as
 * the SDK places it.
 */
function afterDependencies(tree: DagTree): Map<DagNode, Set<string>> {
  const out = new Map<DagNode, Set<string>>();
  const taskName = (n: DagNode): string => (n.kind === "step" ? kfpName(n.step.name) : n.name);
  for (const consumer of tree.steps.values()) {
    for (const a of consumer.step.after) {
      const producer = tree.steps.get(a.step);
      if (producer === undefined) continue; // a step not compiled (reported)
      const [down, up] = siblings(consumer, producer);
      if (down === up) continue;
      const set = out.get(down) ?? new Set<string>();
      set.add(taskName(up));
      out.set(down, set);
    }
  }
  return out;
}

function siblings(a: StepNode, b: StepNode): [DagNode, DagNode] {
  let k = 0;
  while (k < a.path.length && k < b.path.length && a.path[k] === b.path[k]) k++;
  return [k < a.path.length ? a.path[k] : a, k < b.path.length ? b.path[k] : b];
}

/** The root DAG's outputs: each pipeline output selects an output of one of its tasks. */
function dagOutputs(pipeline: Pipeline, tree: DagTree, diagnostics: Diagnostic[]): Spec | undefined {
  const parameters: Spec = {};
  const artifacts: Spec = {};
  for (const o of pipeline.outputs) {
    const v = o.value;
    if (v.kind === "collect") continue; // MLP4001, reported with the other constructs not supported yet
    if (v.kind !== "output") {
      diagnostics.push(M.kfpPipelineOutputSource.at(v.loc, o.name));
      continue;
    }
    const producer = tree.steps.get(v.step);
    if (producer === undefined || producer.path.length > 0) continue; // not compiled, or out of scope (validation)
    const task = kfpName(v.step);
    if (o.type.kind === "artifact") {
      artifacts[o.name] = { artifactSelectors: [{ outputArtifactKey: v.output, producerSubtask: task }] };
    } else {
      parameters[o.name] = { valueFromParameter: { outputParameterKey: v.output, producerSubtask: task } };
    }
  }
  return section({ artifacts, parameters });
}

function countErrors(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === "error").length;
}
