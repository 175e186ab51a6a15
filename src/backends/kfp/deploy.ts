import type { Serve } from "../../ir/types.js";
import { buildInferenceService } from "../kserve/inference-service.js";
import { inputsSection, parameterInput, sortedDependencies, type TaskContext } from "./task.js";
import { artifactType } from "./types.js";
import { record } from "../../ir/records.js";

type Spec = Record<string, unknown>;

/** The image of the step that applies a deployed serve's InferenceService: kubectl, pinned. */
export const KUBECTL_IMAGE = "docker.io/bitnami/kubectl:1.31.4";

/** What a deployed serve compiles to: its component, executor and task. */
export interface DeployParts {
  readonly component: Spec;
  readonly executor: Spec;
  readonly task: Spec;
}

/**
 * A serve deployed from a pipeline, as a KFP step: a kubectl container that applies the serve's
 * InferenceService (the one `-t kserve` writes for a top-level serve) with the model's URI filled in
 * when the step runs. A model that is an artifact of a step becomes the step's input artifact `model`
 * and its URI the placeholder `{{$.inputs.artifacts['model'].uri}}`, which KFP's launcher substitutes;
 * a URI given as a parameter, a step's String output or a run-time string becomes the input
 * `storage_uri`. The step is never cached: applying is the point of running it. `undefined` when the
 * InferenceService has errors (reported).
 */
export function deployParts(
  serve: Serve,
  /** The InferenceService's name (`resolved.names.kserve`). */
  serveName: string,
  taskName: string,
  componentName: string,
  executorLabel: string,
  context: TaskContext,
  dependencies: Set<string>,
): DeployParts | undefined {
  const storage = serve.model.storage;
  const parameters: Spec = record();
  const artifacts: Spec = record();
  const definitions: { artifacts: Spec; parameters: Spec } = { artifacts: {}, parameters: {} };
  let uri: string | undefined;
  const source = storage.kind === "output" ? context.sourceOf(storage, context.path) : undefined;
  const type = source === undefined ? undefined : context.typeOf(source);
  if (source !== undefined && type?.kind === "artifact") {
    const spec = context.scope.input("Artifact", source, dependencies);
    if (spec !== undefined) artifacts.model = spec;
    definitions.artifacts.model = { artifactType: artifactType(type.name) };
    uri = "{{$.inputs.artifacts['model'].uri}}";
  } else if (storage.kind !== "string") {
    parameterInput("storage_uri", storage, parameters, context, dependencies);
    definitions.parameters.storage_uri = { parameterType: "STRING" };
    uri = "{{$.inputs.parameters['storage_uri']}}";
  }
  const manifest = buildInferenceService(serve, serveName, context.diagnostics, uri);
  if (manifest === undefined) return undefined;
  return {
    component: {
      executorLabel,
      inputDefinitions: inputsSection(definitions.artifacts, definitions.parameters),
    },
    executor: {
      container: {
        args: [JSON.stringify(manifest)],
        command: ["sh", "-ec", 'printf "%s" "$0" | kubectl apply -f -'],
        image: KUBECTL_IMAGE,
      },
    },
    task: {
      cachingOptions: {},
      componentRef: { name: componentName },
      dependentTasks: sortedDependencies(dependencies),
      inputs: inputsSection(artifacts, parameters),
      taskInfo: { name: taskName },
    },
  };
}
