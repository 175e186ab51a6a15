import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Settings } from "../../ir/types.js";
import { affinity, envVars, keyValues, literalText, podVolumes, resourceRequirements, selectsValue, tolerations } from "../kubernetes/pod.js";
import { commandLine } from "./command.js";
import { inputArtifactPath, outputPath } from "./names.js";
import { retryStrategy } from "./retry.js";

type Spec = Record<string, unknown>;

/** The pod volume that gives every output its own directory (see `containerTemplate`). */
export const OUTPUTS_VOLUME = "mlpc-outputs";

/** The hidden input that carries what a memoized step's input artifacts were made from. */
export const UPSTREAM_KEY_INPUT = "mlpc-upstream";

/**
 * The container template (without its name and `memoize`) that runs `component` with `settings`,
 * for a step that gives the inputs in `present` (or leaves them to their defaults):
 *
 * - `inputs.parameters`: the parameter inputs present, with the component's default when it has one;
 *   `inputs.artifacts`: the artifact inputs given, downloaded to `/tmp/inputs/<name>/data`;
 * - `outputs`: each output written to `/tmp/outputs/<name>/data`, parameters read back with
 *   `valueFrom.path`, artifacts uploaded unarchived (so the stored object is the file or directory
 *   the component wrote, as in KFP) to the workflow's artifact repository (the cluster default, or
 *   `spec.artifactRepositoryRef`). Each output's directory is an `emptyDir` sub-path, so it exists
 *   before the container starts, as KFP's launcher guarantees;
 * - the pod settings: labels and annotations (`metadata`), node selector, tolerations (with the GPU
 *   toleration), affinity, service account, retries, timeout (`activeDeadlineSeconds`), volumes;
 * - the container: image, command and args, env, resources and volume mounts.
 */
export function containerTemplate(component: Component, settings: Settings, present: ReadonlySet<string>, upstreamKey: boolean, diagnostics: Diagnostic[]): Spec {
  const parameters: Spec[] = [];
  const inputArtifacts: Spec[] = [];
  for (const input of component.inputs) {
    if (!present.has(input.name)) continue;
    if (input.type.kind === "artifact") {
      inputArtifacts.push({ name: input.name, path: inputArtifactPath(input.name) });
    } else {
      const text = input.default === undefined || input.default.kind === "null" ? undefined : literalText(input.default);
      parameters.push(text === undefined ? { name: input.name } : { name: input.name, default: text });
    }
  }
  if (upstreamKey) parameters.push({ name: UPSTREAM_KEY_INPUT });
  const outputParameters: Spec[] = [];
  const outputArtifacts: Spec[] = [];
  for (const output of component.outputs) {
    if (output.type.kind === "artifact") outputArtifacts.push({ name: output.name, path: outputPath(output.name), archive: { none: {} } });
    else outputParameters.push({ name: output.name, valueFrom: { path: outputPath(output.name) } });
  }

  const taken = new Set<string>([OUTPUTS_VOLUME]);
  const volumes = podVolumes(settings.volumes, taken);
  const mounts: Spec[] = volumes.map((v) => v.mount);
  const podVolumeList: Spec[] = volumes.map((v) => v.volume);
  if (component.outputs.length > 0) {
    podVolumeList.push({ name: OUTPUTS_VOLUME, emptyDir: {} });
    for (const o of component.outputs) mounts.push({ name: OUTPUTS_VOLUME, mountPath: `/tmp/outputs/${o.name}`, subPath: o.name });
  }

  const gpu = settings.resources?.gpu;
  if (gpu?.type !== undefined && gpu.count > 0 && !selectsValue(settings, gpu.type)) diagnostics.push(M.argoGpuModelNotSelected.at(gpu.loc, gpu.type));

  const command = commandLine(component.command, component, present, diagnostics);
  const args = commandLine(component.args, component, present, diagnostics);
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
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    }),
  });
}

/** `{ parameters, artifacts }` without the empty halves; `undefined` when both are. */
export function section(parts: { parameters: readonly Spec[]; artifacts: readonly Spec[] }): Spec | undefined {
  const out: Spec = {};
  if (parts.parameters.length > 0) out.parameters = parts.parameters;
  if (parts.artifacts.length > 0) out.artifacts = parts.artifacts;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The object without its `undefined` fields, keys in the order given. */
export function compact(o: Spec): Spec {
  const out: Spec = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
