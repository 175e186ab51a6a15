import { M } from "../../diagnostics/catalog.js";
import type { Expr, Importer } from "../../ir/types.js";
import { inputParameterPlaceholder } from "./names.js";
import { sourceKey } from "./sources.js";
import { inputsSection, parameterInput, sortedDependencies, type TaskContext } from "./task.js";
import { artifactType, parameterType } from "./types.js";
import { record } from "../../ir/records.js";

type Spec = Record<string, unknown>;

/** What an importer compiles to: its component, its executor and its task. */
export interface ImporterParts {
  readonly component: Spec;
  readonly executor: Spec;
  readonly task: Spec;
}

/**
 * An importer as the SDK compiles `dsl.importer`: a component with the input `uri` and the output
 * `artifact`, an executor of KFP's importer (`artifactUri` a constant, or the task's input `uri` when
 * it is known only at run time; the artifact type; `reimport` when set), and a task that passes the
 * URI. Metadata values computed at run time become task inputs `metadata`, `metadata-2`, … (one per
 * distinct value), written into the metadata as `{{$.inputs.parameters['metadata']}}`.
 */
export function importerParts(
  importer: Importer,
  taskName: string,
  componentName: string,
  executorLabel: string,
  caching: boolean,
  context: TaskContext,
  dependencies: Set<string>,
): ImporterParts {
  const parameters: Spec = record();
  const definitions: Spec = { uri: { parameterType: "STRING" } };
  const uri = importer.uri;
  let artifactUri: Spec;
  if (uri.kind === "string") {
    artifactUri = { constant: uri.value };
    parameters.uri = { runtimeValue: { constant: uri.value } };
  } else {
    artifactUri = { runtimeParameter: "uri" };
    parameterInput("uri", uri, parameters, context, dependencies);
  }

  // Metadata: literals as they are; each distinct run-time value becomes one input.
  const inputsBySource = new Map<string, string>();
  const valueInput = (e: Expr): string | undefined => {
    const source = context.sourceOf(e, context.path);
    if (source === undefined || source.kind === "subvar") return undefined;
    const key = sourceKey(source);
    let name = inputsBySource.get(key);
    if (name === undefined) {
      name = inputsBySource.size === 0 ? "metadata" : `metadata-${inputsBySource.size + 1}`;
      inputsBySource.set(key, name);
      const spec = context.scope.input("Parameter", source, dependencies);
      if (spec !== undefined) parameters[name] = spec;
      definitions[name] = { parameterType: parameterType(context.typeOf(source)) ?? "STRING" };
    }
    return inputParameterPlaceholder(name);
  };
  const metadataValue = (e: Expr): unknown => {
    switch (e.kind) {
      case "string":
      case "number":
      case "bool":
        return e.value;
      case "null":
        return null;
      case "list":
        return e.items.map(metadataValue);
      case "struct":
        return new Map(e.fields.map((f) => [f.name, metadataValue(f.value)]));
      case "interpolation":
        return e.parts.map((p) => (typeof p === "string" ? p : String(metadataValue(p) ?? ""))).join("");
      default: {
        const placeholder = valueInput(e);
        if (placeholder === undefined) context.diagnostics.push(M.kfpImporterMetadata.at(e.loc, "this value"));
        return placeholder;
      }
    }
  };
  const metadata = new Map(importer.metadata.map((m) => [m.key, metadataValue(m.value)]));

  const type = artifactType(importer.artifactType.name);
  return {
    component: {
      executorLabel,
      inputDefinitions: { parameters: definitions },
      outputDefinitions: { artifacts: { artifact: { artifactType: type } } },
    },
    executor: {
      importer: {
        artifactUri,
        metadata: metadata.size > 0 ? metadata : undefined,
        reimport: importer.reimport ? true : undefined,
        typeSchema: type,
      },
    },
    task: {
      cachingOptions: caching ? { enableCache: true } : {},
      componentRef: { name: componentName },
      dependentTasks: sortedDependencies(dependencies),
      inputs: inputsSection({}, parameters),
      taskInfo: { name: taskName },
    },
  };
}
