import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { UniqueNames } from "../../kubernetes/names.js";
import type { Component, Settings } from "../../ir/types.js";
import { affinity, envVars, keyValues, literalText, podVolumes, resourceRequirements, securityContext, tolerations } from "../kubernetes/pod.js";
import { outputKey, uriParameter, uriSourcePath, outputUri } from "./artifacts.js";
import { commandLine, usesInputUri, type UriContext } from "./command.js";
import { inputArtifactPath, outputPath } from "./names.js";
import { retryStrategy } from "./retry.js";
import { record } from "../../ir/records.js";

type Spec = Record<string, unknown>;

/** The pod volume that gives every output its own directory (see `containerTemplate`). */
export const OUTPUTS_VOLUME = "mlpc-outputs";

/** The hidden input that carries what a memoized step's input artifacts were made from. */
export const UPSTREAM_KEY_INPUT = "mlpc-upstream";

/** What a container template depends on besides the component and its settings. */
export interface ContainerOptions {
  /** Whether it takes the hidden `mlpc-upstream` input (see `memoize`). */
  readonly upstreamKey: boolean;
  /** The artifact root and pipeline name, for artifact locations and URIs. */
  readonly uris: UriContext;
  /** Outputs exported to the workflow's global outputs (read by `finally`), by output name. */
  readonly globals?: ReadonlyMap<string, string>;
}

/**
 * The container template (without its name and `memoize`) that runs `component` with `settings`,
 * for a step that gives the inputs in `present` (or leaves them to their defaults):
 *
 * - `inputs.parameters`: the parameter inputs present, with the component's default when it has one;
 *   `inputs.artifacts`: the artifact inputs given, downloaded to `/tmp/inputs/<name>/data`;
 * - `outputs`: each output written to `/tmp/outputs/<name>/data`, parameters read back with
 *   `valueFrom.path`, artifacts uploaded unarchived (so the stored object is the file or directory
 *   the component wrote, as in KFP) to the workflow's artifact repository (the cluster default, or
 *   `spec.artifactRepositoryRef`); with an artifact root, under a key of their own, each with its URI
 *   as the output parameter `<output>-uri` (see `ArtifactRoot`). Each output's directory is an `emptyDir` sub-path, so it exists
 *   before the container starts, as KFP's launcher guarantees;
 * - the pod settings: labels and annotations (`metadata`), node selector, tolerations (with the GPU
 *   toleration), affinity, service account, retries, timeout (`activeDeadlineSeconds`), volumes;
 * - the container: image, command and args, env, resources and volume mounts.
 */
export function containerTemplate(component: Component, settings: Settings, present: ReadonlySet<string>, options: ContainerOptions, diagnostics: Diagnostic[]): Spec {
  const { root } = options.uris;
  const parameters: Spec[] = [];
  const inputArtifacts: Spec[] = [];
  for (const input of component.inputs) {
    if (!present.has(input.name)) continue;
    if (input.type.kind === "artifact") {
      inputArtifacts.push({ name: input.name, path: inputArtifactPath(input.name) });
      if (root !== undefined && takesInputUri(component, input.name)) parameters.push({ name: uriParameter(input.name) });
    } else {
      const text = input.default === undefined || input.default.kind === "null" ? undefined : literalText(input.default);
      parameters.push(text === undefined ? { name: input.name } : { name: input.name, default: text });
    }
  }
  if (options.upstreamKey) parameters.push({ name: UPSTREAM_KEY_INPUT });
  const outputParameters: Spec[] = [];
  const outputArtifacts: Spec[] = [];
  const global = (name: string): Spec => {
    const g = options.globals?.get(name);
    return g === undefined ? {} : { globalName: g };
  };
  for (const output of component.outputs) {
    if (output.type.kind === "artifact") {
      const location = root === undefined ? {} : { [root.field]: { key: outputKey(root, output.name) } };
      outputArtifacts.push({ name: output.name, path: outputPath(output.name), ...global(output.name), archive: { none: {} }, ...location });
    } else outputParameters.push({ name: output.name, ...global(output.name), valueFrom: { path: outputPath(output.name) } });
  }
  if (root !== undefined) {
    for (const output of component.outputs) {
      if (output.type.kind !== "artifact") continue;
      outputParameters.push({ name: uriParameter(output.name), ...global(uriParameter(output.name)), valueFrom: { path: uriSourcePath(output.name), default: outputUri(root, output.name) } });
    }
  }

  const volumeNames = new UniqueNames();
  volumeNames.reserve(OUTPUTS_VOLUME);
  const volumes = podVolumes(settings.volumes, volumeNames);
  const mounts: Spec[] = volumes.map((v) => v.mount);
  const podVolumeList: Spec[] = volumes.map((v) => v.volume);
  if (component.outputs.length > 0) {
    podVolumeList.push({ name: OUTPUTS_VOLUME, emptyDir: {} });
    for (const o of component.outputs) mounts.push({ name: OUTPUTS_VOLUME, mountPath: `/tmp/outputs/${o.name}`, subPath: o.name });
  }

  const command = commandLine(component.command, component, present, options.uris, diagnostics);
  const args = commandLine(component.args, component, present, options.uris, diagnostics);
  const labels = keyValues(settings.labels);
  const annotations = keyValues(settings.annotations);
  return compact({
    metadata: labels === undefined && annotations === undefined ? undefined : compact({ labels, annotations }),
    inputs: section({ parameters, artifacts: inputArtifacts }),
    outputs: section({ parameters: outputParameters, artifacts: outputArtifacts }),
    nodeSelector: keyValues(settings.nodeSelector),
    tolerations: tolerations(settings),
    affinity: affinity(settings.affinity),
    serviceAccountName: settings.serviceAccount?.name,
    retryStrategy: retryStrategy(settings.retry),
    activeDeadlineSeconds: settings.timeout?.seconds,
    volumes: podVolumeList.length > 0 ? podVolumeList : undefined,
    container: compact({
      image: component.image.ref,
      command: command.length > 0 ? command : undefined,
      args: args.length > 0 ? args : undefined,
      env: envVars(settings.env),
      resources: resourceRequirements(settings.resources),
      securityContext: securityContext(settings),
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    }),
  });
}

/** Whether a component's command line reads the URI of its input artifact `name`. */
export function takesInputUri(component: Component, name: string): boolean {
  return usesInputUri(component.command, name) || usesInputUri(component.args, name);
}

/** `{ parameters, artifacts }` without the empty halves; `undefined` when both are. */
export function section(parts: { parameters: readonly Spec[]; artifacts: readonly Spec[] }): Spec | undefined {
  const out: Spec = record();
  if (parts.parameters.length > 0) out.parameters = parts.parameters;
  if (parts.artifacts.length > 0) out.artifacts = parts.artifacts;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The object without its `undefined` fields, keys in the order given. */
export function compact(o: Spec): Spec {
  const out: Spec = record();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
