import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Expr, Input, Interpolation, Settings, Step } from "../../ir/types.js";
import { compareCodePoints } from "../../output/yaml.js";
import { inputParameterPlaceholder } from "./names.js";
import { inputValueChannel, type Source } from "./sources.js";
import { literalValue } from "./values.js";

type Spec = Record<string, unknown>;

/**
 * How a value reaches a task of one DAG: from a task of the same DAG (`taskOutputParameter`,
 * `taskOutputArtifact`, which also makes the task depend on it), or from the DAG's own inputs
 * (`componentInputParameter`, `componentInputArtifact`): the pipeline's parameters in the root, the
 * `pipelinechannel--…` inputs in a group.
 */
export interface DagScope {
  /** The task name of a step (task names are unique in the whole pipeline). */
  taskName(step: string): string;
  /** The input spec of a parameter value, or `undefined` when its producer is not compiled. */
  parameter(source: Source, dependencies: Set<string>): Spec | undefined;
  /** The input spec of an artifact value, or `undefined` when its producer is not compiled. */
  artifact(source: Source, dependencies: Set<string>): Spec | undefined;
}

/**
 * The `PipelineTaskSpec` of a step: its component, inputs (constants, pipeline parameters, outputs of
 * other tasks), the tasks it waits for (data dependencies and those given, sorted as the SDK sorts
 * them), caching, retries, display name and trigger policy.
 */
export function taskSpec(
  step: Step,
  component: Component,
  componentName: string,
  taskName: string,
  settings: Settings,
  scope: DagScope,
  dependencies: Set<string>,
  diagnostics: Diagnostic[],
): Spec {
  const parameters: Spec = {};
  const artifacts: Spec = {};
  for (const arg of step.arguments) {
    const input = component.inputs.find((i) => i.name === arg.name);
    if (input === undefined) continue; // an unknown input is a validation error; the back end never sees it
    if (input.type.kind === "artifact") {
      const source = valueSource(arg.value);
      const spec = source === undefined ? undefined : scope.artifact(source, dependencies);
      if (spec !== undefined) artifacts[input.name] = spec;
    } else {
      parameterInput(input, arg.value, parameters, scope, dependencies, diagnostics);
    }
  }

  const retry = settings.retry;
  return {
    cachingOptions: (settings.caching?.value ?? true) ? { enableCache: true } : {},
    componentRef: { name: componentName },
    dependentTasks: sortedDependencies(dependencies),
    inputs: inputsSection(artifacts, parameters),
    retryPolicy:
      retry !== undefined && retry.limit > 0
        ? {
            // The defaults KFP documents (and the SDK fills in): no backoff, factor 2, at most an hour.
            backoffDuration: `${retry.backoffSeconds ?? 0}s`,
            backoffFactor: retry.factor ?? 2,
            backoffMaxDuration: `${retry.maxBackoffSeconds ?? 3600}s`,
            maxRetryCount: retry.limit,
          }
        : undefined,
    taskInfo: { name: step.displayName ?? taskName },
    triggerPolicy: step.ignoreUpstreamFailure ? { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" } : undefined,
  };
}

/** `dependentTasks` as the SDK writes them: sorted, each once; left out when empty. */
export function sortedDependencies(dependencies: ReadonlySet<string>): string[] | undefined {
  return dependencies.size > 0 ? [...dependencies].sort(compareCodePoints) : undefined;
}

/** `{ artifacts, parameters }` of task inputs, without the empty halves; `undefined` when both are. */
export function inputsSection(artifacts: Spec, parameters: Spec): Spec | undefined {
  const out: Spec = {};
  if (Object.keys(artifacts).length > 0) out.artifacts = artifacts;
  if (Object.keys(parameters).length > 0) out.parameters = parameters;
  return Object.keys(out).length > 0 ? out : undefined;
}

function valueSource(value: Expr): Source | undefined {
  if (value.kind === "param") return { kind: "param", name: value.name };
  if (value.kind === "output") return { kind: "output", step: value.step, output: value.output };
  return undefined;
}

function parameterInput(input: Input, value: Expr, parameters: Spec, scope: DagScope, dependencies: Set<string>, diagnostics: Diagnostic[]): void {
  switch (value.kind) {
    case "null":
      return; // no value: the input is left out, so its default applies or, if optional, it is absent
    case "param":
    case "output": {
      const spec = scope.parameter(valueSource(value)!, dependencies);
      if (spec !== undefined) parameters[input.name] = spec;
      return;
    }
    case "interpolation":
      interpolatedInput(input, value, parameters, scope, dependencies, diagnostics);
      return;
    default: {
      const literal = literalValue(value);
      if (literal.ok) parameters[input.name] = { runtimeValue: { constant: literal.value } };
      else if (value.kind === "list" || value.kind === "struct") diagnostics.push(M.kfpRuntimeCollection.at(literal.at.loc, value.kind === "list" ? "list" : "struct"));
      else diagnostics.push(unsupportedValue(value));
    }
  }
}

/**
 * A string built at run time (`"AUC ${eval.auc} is below ${min_auc}"`), as the SDK compiles an
 * f-string argument: a constant with a placeholder for each value, and each value passed to the task
 * as an extra input named `pipelinechannel--<param>` or `pipelinechannel--<task>-<output>`, which the
 * KFP driver substitutes before the task runs.
 */
function interpolatedInput(input: Input, value: Interpolation, parameters: Spec, scope: DagScope, dependencies: Set<string>, diagnostics: Diagnostic[]): void {
  let text = "";
  for (const part of value.parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    switch (part.kind) {
      case "string":
      case "number":
      case "bool":
        text += String(part.value);
        break;
      case "param":
      case "output": {
        const source = valueSource(part)!;
        const spec = scope.parameter(source, dependencies);
        if (spec === undefined) return;
        const channel = inputValueChannel(source, scope.taskName);
        parameters[channel] = spec;
        text += inputParameterPlaceholder(channel);
        break;
      }
      default:
        diagnostics.push(unsupportedValue(part));
        return;
    }
  }
  parameters[input.name] = { runtimeValue: { constant: text } };
}

function unsupportedValue(value: Expr): Diagnostic {
  switch (value.kind) {
    case "collect":
      return M.kfpNotYetSupported.at(value.loc, "Fan-in with collect()");
    case "loopItem":
      return M.kfpNotYetSupported.at(value.loc, "A loop item");
    case "status":
      return M.kfpNotYetSupported.at(value.loc, "The pipeline status");
    default:
      return M.kfpNotYetSupported.at(value.loc, "A value computed from an expression");
  }
}
