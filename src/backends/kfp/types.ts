import type { ArtifactTypeName, Input, Param, Type } from "../../ir/types.js";
import { literalValue } from "./values.js";
import { record } from "../../ir/records.js";

/** KFP's `ParameterType.ParameterTypeEnum` names. */
export type ParameterType = "STRING" | "NUMBER_INTEGER" | "NUMBER_DOUBLE" | "BOOLEAN" | "LIST" | "STRUCT" | "TASK_FINAL_STATUS";

const PARAMETER_TYPES = {
  String: "STRING",
  Int: "NUMBER_INTEGER",
  Float: "NUMBER_DOUBLE",
  Bool: "BOOLEAN",
  List: "LIST",
  Struct: "STRUCT",
} as const satisfies Record<string, ParameterType>;

/** The KFP parameter type of a parameter type; `undefined` for artifacts. */
export function parameterType(type: Type): ParameterType | undefined {
  if (type.kind === "param") return PARAMETER_TYPES[type.name];
  if (type.kind === "status") return "TASK_FINAL_STATUS";
  return undefined;
}

/** `ArtifactTypeSchema` of an artifact type: KFP's `system.*` schema titles, all at version 0.0.1. */
export function artifactType(name: ArtifactTypeName): { schemaTitle: string; schemaVersion: string } {
  return { schemaTitle: `system.${name}`, schemaVersion: "0.0.1" };
}

type Spec = Record<string, unknown>;

/**
 * `inputDefinitions` of a component or of the root DAG: parameters with their type, default and
 * optionality, artifacts with their schema. A default makes an input optional (`isOptional`), as the
 * SDK writes it; so does `?`.
 */
export function inputDefinitions(inputs: readonly (Input | Param)[]): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const input of inputs) {
    // The SDK makes a status input optional: KFP gives it only to a task of an exit handler.
    const optional = input.optional === true || input.default !== undefined || input.type.kind === "status";
    const defaultValue = input.default === undefined ? undefined : literalValue(input.default);
    const type = input.type;
    if (type.kind === "artifact") {
      artifacts[input.name] = {
        artifactType: artifactType(type.name),
        description: input.description,
        isOptional: optional ? true : undefined,
      };
    } else {
      parameters[input.name] = {
        defaultValue: defaultValue?.ok === true ? defaultValue.value : undefined,
        description: input.description,
        isOptional: optional ? true : undefined,
        parameterType: parameterType(type),
      };
    }
  }
  return section({ artifacts, parameters });
}

/**
 * `outputDefinitions` of a component or of the root DAG; `lists[i]` says that output `i` is every
 * iteration's value of an artifact produced in a loop (`isArtifactList`).
 */
export function outputDefinitions(
  outputs: readonly { readonly name: string; readonly type: Type; readonly description?: string }[],
  lists: readonly boolean[] = [],
): Spec | undefined {
  const parameters: Spec = record();
  const artifacts: Spec = record();
  for (const [i, output] of outputs.entries()) {
    const type = output.type;
    if (type.kind === "artifact") {
      artifacts[output.name] = { artifactType: artifactType(type.name), description: output.description, isArtifactList: lists[i] ? true : undefined };
    } else parameters[output.name] = { description: output.description, parameterType: parameterType(type) };
  }
  return section({ artifacts, parameters });
}

/** `{ artifacts, parameters }` without the empty halves; `undefined` when both are empty. */
export function section(s: { artifacts: Spec; parameters: Spec }): Spec | undefined {
  const out: Spec = record();
  if (Object.keys(s.artifacts).length > 0) out.artifacts = s.artifacts;
  if (Object.keys(s.parameters).length > 0) out.parameters = s.parameters;
  return Object.keys(out).length > 0 ? out : undefined;
}
