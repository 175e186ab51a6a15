import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Expr, Input, Interpolation, Param, Settings, Step, Type } from "../../ir/types.js";
import { compareCodePoints } from "../../output/yaml.js";
import type { GroupNode } from "./dag.js";
import { kfpSanitize } from "../../kubernetes/names.js";
import { inputParameterPlaceholder } from "./names.js";
import type { DagScope } from "./scope.js";
import { inputValueChannel, type Source } from "./sources.js";
import { literalValue } from "./values.js";
import { record } from "../../ir/records.js";
import { plainNumber } from "../../output/numbers.js";

type Spec = Record<string, unknown>;

/** How a task reads the values of its DAG: `DagScope`, and the sources of value expressions. */
export interface TaskContext {
  readonly scope: DagScope;
  /** The groups around the task, outermost first. */
  readonly path: readonly GroupNode[];
  sourceOf(expr: Expr, path: readonly GroupNode[]): Source | undefined;
  typeOf(source: Source): Type;
  /** The exit handler's task name, for the pipeline status (steps directly in `finally` only). */
  readonly exit?: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * The `PipelineTaskSpec` of a step (of a component or a sub-pipeline): its component, inputs
 * (constants, pipeline parameters, outputs of other tasks, loop items, collected outputs, the
 * pipeline status), the tasks it waits for (data dependencies and those given, sorted as the SDK
 * sorts them), caching, retries, display name and trigger policy.
 */
export function taskSpec(
  step: Step,
  inputs: readonly (Input | Param)[],
  componentName: string,
  taskName: string,
  settings: Settings,
  cache: boolean,
  context: TaskContext,
  dependencies: Set<string>,
): Spec {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const arg of step.arguments) {
    const input = inputs.find((i) => i.name === arg.name);
    if (input === undefined) continue; // an unknown input is a validation error; the back end never sees it
    if (input.type.kind === "artifact") {
      const source = context.sourceOf(arg.value, context.path);
      const spec = source === undefined ? undefined : context.scope.input("Artifact", source, dependencies);
      if (spec !== undefined) artifacts[input.name] = spec;
    } else {
      parameterInput(input.name, arg.value, parameters, context, dependencies);
    }
  }

  const retry = settings.retry;
  return {
    cachingOptions: cache ? { enableCache: true } : {},
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
  const out: Spec = record();
  if (Object.keys(artifacts).length > 0) out.artifacts = artifacts;
  if (Object.keys(parameters).length > 0) out.parameters = parameters;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The input spec of a parameter value: a constant, a value of the DAG (see `DagScope`), one field of
 * a struct loop item (`parameterExpressionSelector`), the pipeline status, or a string built at run
 * time. Adds it to `parameters` under `name`; reports what KFP cannot pass.
 */
export function parameterInput(name: string, value: Expr, parameters: Spec, context: TaskContext, dependencies: Set<string>): void {
  switch (value.kind) {
    case "null":
      return; // no value: the input is left out, so its default applies or, if optional, it is absent
    case "param":
    case "output":
    case "collect":
    case "oneof":
    case "loopItem": {
      const source = context.sourceOf(value, context.path);
      if (source === undefined) {
        context.diagnostics.push(unsupportedValue(value));
        return;
      }
      const item = source.kind === "subvar" ? { kind: "item" as const, loop: source.loop } : source;
      const spec = context.scope.input("Parameter", item, dependencies);
      if (spec === undefined) return;
      parameters[name] = source.kind === "subvar" ? { ...spec, parameterExpressionSelector: fieldSelector(source.field) } : spec;
      return;
    }
    case "status":
      if (context.exit === undefined || context.path.length > 0) {
        context.diagnostics.push(M.kfpStatusNotInFinally.at(value.loc));
        return;
      }
      parameters[name] = { taskFinalStatus: { producerTask: context.exit } };
      return;
    case "interpolation":
      interpolatedInput(name, value, parameters, context, dependencies);
      return;
    default: {
      const literal = literalValue(value);
      if (literal.ok) parameters[name] = { runtimeValue: { constant: literal.value } };
      else if (value.kind === "list" || value.kind === "struct") context.diagnostics.push(M.kfpRuntimeCollection.at(literal.at.loc, value.kind === "list" ? "list" : "struct"));
      else context.diagnostics.push(unsupportedValue(value));
    }
  }
}

/** How KFP's driver reads one field of a struct item: CEL on the item's JSON. */
export function fieldSelector(field: string): string {
  return `parseJson(string_value)[${JSON.stringify(field)}]`;
}

/**
 * A string built at run time (`"AUC ${eval.auc} is below ${min_auc}"`), as the SDK compiles an
 * f-string argument: a constant with a placeholder for each value, and each value passed to the task
 * as an extra input named after its channel (`pipelinechannel--<param>`,
 * `pipelinechannel--<task>-<output>`, a loop item's), which the KFP driver substitutes before the
 * task runs.
 */
function interpolatedInput(name: string, value: Interpolation, parameters: Spec, context: TaskContext, dependencies: Set<string>): void {
  let text = "";
  for (const part of value.parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    switch (part.kind) {
      case "string":
      case "bool":
        text += String(part.value);
        break;
      case "number":
        text += plainNumber(part.value);
        break;
      case "param":
      case "output":
      case "loopItem": {
        const source = context.sourceOf(part, context.path);
        if (source === undefined || source.kind === "subvar") {
          context.diagnostics.push(unsupportedValue(part));
          return;
        }
        const spec = context.scope.input("Parameter", source, dependencies);
        if (spec === undefined) return;
        const channel = inputValueChannel(source, kfpSanitize);
        parameters[channel] = spec;
        text += inputParameterPlaceholder(channel);
        break;
      }
      default:
        context.diagnostics.push(unsupportedValue(part));
        return;
    }
  }
  parameters[name] = { runtimeValue: { constant: text } };
}

function unsupportedValue(value: Expr): Diagnostic {
  switch (value.kind) {
    case "collect":
      return M.kfpNotYetSupported.at(value.loc, "Fan-in with collect() inside a string");
    case "loopItem":
      return M.kfpNotYetSupported.at(value.loc, "A field of a loop item inside a string");
    case "status":
      return M.kfpNotYetSupported.at(value.loc, "The pipeline status inside a string");
    default:
      return M.kfpNotYetSupported.at(value.loc, "A value computed from an expression");
  }
}
