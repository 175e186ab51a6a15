import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Loc, Settings } from "../../ir/types.js";
import { commandParts } from "../../ir/query/command.js";
import { KUBERNETES_KEY_ORDER, toYaml } from "../../output/yaml.js";
import { literalText } from "../kubernetes/pod.js";
import { jobNamePrefix, presentItems, trainingJob, type TrainingJob } from "../kubernetes/training.js";
import { outputKey, outputUri, uriParameter } from "./artifacts.js";
import { commandLine, type UriContext } from "./command.js";
import { section, takesInputUri } from "./container.js";
import { retryStrategy } from "./retry.js";

type Spec = Record<string, unknown>;

/** The suffix of the output parameter that carries the key of an artifact a training job wrote. */
export const KEY_SUFFIX = "-key";

/** The parameter carrying the key (under the artifact repository) of a job's output artifact `name`. */
export function keyParameter(name: string): string {
  return `${name}${KEY_SUFFIX}`;
}

/**
 * The global output parameter that carries the key of a job's output artifact exported as `global`
 * (the exit handler reads the artifact as a key-only artifact at that key).
 */
export function globalKey(global: string): string {
  return `${global}${KEY_SUFFIX}`;
}

/** The job annotation that records where the job writes output `name` (`uri` or `key`), read back as the template's outputs. */
export function outputAnnotation(name: string, what: "uri" | "key"): string {
  return `mlpc.dev/${name}-${what}`;
}

/**
 * The conditions of a job's status, as Argo's resource template tests them. Argo parses
 * `successCondition`/`failureCondition` as a Kubernetes label selector whose keys are gjson paths into
 * the object: the keys must be label keys (letters, digits, `-`, `_`, `.`), so gjson's queries
 * (`conditions.#(type=="Failed")`) cannot be written, only fixed paths. The failure condition lists one
 * requirement per position a `Failed` condition can take (a v1 job has at most 6 condition types, a
 * TrainJob 3), and Argo fails the step when any of them holds. Success needs all of its requirements:
 * a v1 job sets `status.completionTime` when it ends (checked after failure, so it means success); a
 * TrainJob has no such field, so success is its first condition being `Complete`, which holds unless
 * the TrainJob was suspended first (by Kueue: `Suspended` then comes first, and the step waits until
 * the Workflow's deadline).
 */
export function jobConditions(job: Pick<TrainingJob, "kind">): { successCondition: string; failureCondition: string } {
  const positions = job.kind === "TrainJob" ? 3 : 6;
  const failureCondition = Array.from({ length: positions }, (_, i) => `status.conditions.${i}.type == Failed`).join(", ");
  const successCondition = job.kind === "TrainJob" ? "status.conditions.0.type == Complete" : "status.completionTime";
  return { successCondition, failureCondition };
}

/**
 * The template of a distributed step on Argo: a `resource` template that creates the step's training
 * job (`action: create`, `setOwnerReference: true`, so the job is deleted with the Workflow) and
 * waits for its conditions (`jobConditions`). The job is named by the API server from
 * `<pipeline>-<component>-`.
 *
 * Its inputs are the step's parameters, and for each input artifact its URI (`<input>-uri`): the job's
 * pods read artifacts at their URI, never from a path Argo downloads to. Each output artifact is
 * written by the job under the artifact root, at the key a container step's output would have
 * (`<root>/{{workflow.uid}}/{{pod.name}}/<output>`, `pod.name` being the resource template's pod);
 * the job records its URI and key in annotations, which the template reads back with `jsonPath` as the
 * output parameters `<output>-uri` and `<output>-key`. A later step receives the artifact as a key-only
 * artifact at that key (see `ArtifactRoot`) and its URI as `<input>-uri`. Without an artifact root
 * there is no place to write to: MLP4500.
 *
 * **Permissions.** Argo's executor creates and watches the job with the step's service account, which
 * needs `create`, `get`, `watch` and `patch` on the job's resource (`-t rbac` writes them).
 */
export function distributedTemplate(
  component: Component,
  settings: Settings,
  present: ReadonlySet<string>,
  uris: UriContext,
  step: { readonly name: string; readonly loc: Loc },
  diagnostics: Diagnostic[],
  /** Outputs exported to the workflow's global outputs (read by `finally`), by output name (see `globalKey`). */
  globals?: ReadonlyMap<string, string>,
): Spec | undefined {
  const root = uris.root;
  const parameters: Spec[] = [];
  for (const input of component.inputs) {
    if (!present.has(input.name)) continue;
    if (input.type.kind === "artifact") {
      if (root !== undefined && takesInputUri(component, input.name)) parameters.push({ name: uriParameter(input.name) });
      continue;
    }
    const text = input.default === undefined || input.default.kind === "null" ? undefined : literalText(input.default);
    parameters.push(text === undefined ? { name: input.name } : { name: input.name, default: text });
  }
  const outputs: Spec[] = [];
  const annotations: Record<string, string> = {};
  for (const output of component.outputs) {
    if (output.type.kind !== "artifact") continue; // a parameter output is MLP2179
    if (root === undefined) {
      diagnostics.push(M.distributedNeedsArtifactRoot.at(step.loc, step.name, output.name, uris.pipeline));
      continue;
    }
    annotations[outputAnnotation(output.name, "uri")] = outputUri(root, output.name);
    annotations[outputAnnotation(output.name, "key")] = outputKey(root, output.name);
    const global = { uri: globals?.get(uriParameter(output.name)), key: globals?.has(output.name) ? globalKey(globals.get(output.name)!) : undefined };
    for (const [parameter, what] of [[uriParameter(output.name), "uri"], [keyParameter(output.name), "key"]] as const) {
      const exported = global[what] === undefined ? {} : { globalName: global[what] };
      outputs.push({ name: parameter, ...exported, valueFrom: { jsonPath: `{.metadata.annotations.${outputAnnotation(output.name, what).replace(/\./g, "\\.")}}` } });
    }
  }
  // Without a root, an output's URI is MLP4500 (above) rather than the generic MLP4101 of its placeholder.
  const found: Diagnostic[] = [];
  const command = commandLine(presentItems(component.command, present), component, present, uris, found);
  const args = commandLine(presentItems(component.args, present), component, present, uris, found);
  const outputUris = new Set(commandParts([...component.command, ...component.args]).filter((p) => p.kind === "placeholder" && p.ref === "outputUri").map((p) => p.loc));
  diagnostics.push(...found.filter((d) => !(d.code === M.argoArtifactUri.code && d.loc !== undefined && outputUris.has(d.loc))));
  const job = trainingJob(settings.distributed!, settings, { image: component.image.ref, command, args }, { generateName: jobNamePrefix(uris.pipeline, component.name), annotations });
  const body: Spec = {};
  const inputs = section({ parameters, artifacts: [] });
  if (inputs !== undefined) body.inputs = inputs;
  if (outputs.length > 0) body.outputs = { parameters: outputs };
  const retry = retryStrategy(settings.retry);
  if (retry !== undefined) body.retryStrategy = retry;
  body.resource = {
    action: "create",
    setOwnerReference: true,
    ...jobConditions(job),
    manifest: toYaml([job.manifest], { keys: KUBERNETES_KEY_ORDER }),
  };
  return body;
}
