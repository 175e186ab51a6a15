import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Serve, Settings } from "../../ir/types.js";
import { affinity, envVars, keyValues, resourceRequirements, securityContext, tolerations } from "../kubernetes/pod.js";
import { storageUri } from "./storage.js";
import { record } from "../../ir/records.js";

/** The annotation that picks an InferenceService's deployment mode. */
export const DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";

/**
 * KServe's names of the deployment modes (since 0.15; it still reads the older `Serverless` and
 * `RawDeployment`, but its webhook checks autoscaling against the new names only).
 */
const MODE_NAMES: Readonly<Record<NonNullable<Serve["deploymentMode"]>, string>> = {
  Serverless: "Knative",
  RawDeployment: "Standard",
  ModelMesh: "ModelMesh",
};

/** How the language names the modes, for messages. */
const MODE_WORDS: Readonly<Record<NonNullable<Serve["deploymentMode"]>, string>> = {
  Serverless: "serverless",
  RawDeployment: "raw deployment",
  ModelMesh: "ModelMesh",
};

/** The container name KServe gives (and expects of) a component's main container. */
const KSERVE_CONTAINER = "kserve-container";

/**
 * The KServe `InferenceService` (serving.kserve.io/v1beta1) of one top-level serve, or `undefined`
 * when it cannot be compiled (the reason is in `diagnostics`): the predictor's `model` (format,
 * runtime, protocol, storage URI, env, resources), its autoscaling, canary traffic, scheduling and
 * service account, a transformer container, and the deployment mode as an annotation. Labels and
 * annotations go on the InferenceService, which KServe copies to the pods of its components.
 *
 * Checks what KServe's webhook or controller would reject or ignore that the validator does not:
 * canary traffic outside serverless mode, autoscaling metrics the mode's autoscaler lacks, fractional
 * counts, storage URIs, MLflow models.
 *
 * A serve deployed from a pipeline gets its model's URI only when the pipeline runs: `deployedUri` is
 * then the target's placeholder for it, written as the `storageUri` as it is.
 */
export function buildInferenceService(serve: Serve, name: string, diagnostics: Diagnostic[], deployedUri?: string): Record<string, unknown> | undefined {
  const before = diagnostics.length;
  const mode = serve.deploymentMode;
  const uri = deployedUri ?? storageUri(serve, diagnostics);

  if (serve.model.format === "mlflow" && serve.protocol !== "v2" && serve.protocol !== "grpc-v2") {
    diagnostics.push(M.kserveMlflowProtocol.at(serve.model.loc));
  }
  if (serve.canary !== undefined) {
    const c = serve.canary;
    if (mode === "RawDeployment" || mode === "ModelMesh") diagnostics.push(M.kserveCanaryMode.at(c.loc, MODE_WORDS[mode]));
    else if (mode === undefined) diagnostics.push(M.kserveCanaryDefaultMode.at(c.loc));
    if (!Number.isInteger(c.percent)) diagnostics.push(M.kserveWholeNumber.at(c.loc, "canary traffic percentage", c.percent, "from 0 to 100"));
  }
  if (serve.scale !== undefined) checkScale(serve.scale, mode, diagnostics);
  if (mode === "RawDeployment" && serve.minReplicas === 0) diagnostics.push(M.kserveRawScaleToZero.at(serve.loc));

  if (diagnostics.slice(before).some((d) => d.severity === "error")) return undefined;

  const s = serve.settings;
  const annotations: Record<string, string> = record();
  if (mode !== undefined) annotations[DEPLOYMENT_MODE_ANNOTATION] = MODE_NAMES[mode];
  for (const kv of s.annotations ?? []) annotations[kv.key] = kv.value;

  return {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name,
      labels: keyValues(s.labels),
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    spec: {
      predictor: {
        minReplicas: serve.minReplicas,
        maxReplicas: serve.maxReplicas,
        scaleMetric: serve.scale?.metric,
        scaleTarget: serve.scale?.target,
        canaryTrafficPercent: serve.canary?.percent,
        timeout: s.timeout?.seconds,
        ...podSettings(s),
        model: {
          modelFormat: { name: serve.model.format, version: serve.model.version },
          runtime: serve.runtime,
          protocolVersion: serve.protocol,
          storageUri: uri,
          env: envVars(s.env),
          resources: resourceRequirements(s.resources),
          securityContext: securityContext(s),
        },
      },
      transformer: serve.transformer === undefined ? undefined : transformer(serve.transformer),
    },
  };
}

/** Scheduling and identity of a component's pods (fields of KServe's inlined PodSpec). */
function podSettings(s: Settings): Record<string, unknown> {
  return {
    serviceAccountName: s.serviceAccount?.name,
    imagePullSecrets: s.imagePullSecrets === undefined || s.imagePullSecrets.length === 0 ? undefined : s.imagePullSecrets.map((p) => ({ name: p.name })),
    nodeSelector: keyValues(s.nodeSelector),
    tolerations: tolerations(s),
    affinity: affinity(s.affinity),
  };
}

/**
 * Autoscaling as KServe's webhook checks it: the annotation `Standard` (raw deployment) scales with a
 * Kubernetes HPA, on `cpu` (a utilization percentage, 1–100) or `memory`; every other mode, the default
 * included, with Knative's autoscaler on `concurrency` or `rps` (at least 1). `scaleTarget` is an int32.
 */
function checkScale(scale: NonNullable<Serve["scale"]>, mode: Serve["deploymentMode"], diagnostics: Diagnostic[]): void {
  const hpa = scale.metric === "cpu" || scale.metric === "memory";
  if (hpa && mode !== "RawDeployment") {
    const where = mode === undefined ? "the default deployment mode, which KServe checks against Knative's autoscaler" : `${MODE_WORDS[mode]} mode`;
    diagnostics.push(M.kserveScaleMetricMode.at(scale.loc, scale.metric, where, "scale on concurrency or rps, or use 'mode raw' (a Kubernetes HPA)"));
  } else if (!hpa && mode === "RawDeployment") {
    diagnostics.push(M.kserveScaleMetricMode.at(scale.loc, scale.metric, "raw deployment mode, whose Kubernetes HPA scales on cpu or memory", "scale on cpu or memory, or use 'mode serverless'"));
  }
  if (scale.metric === "cpu") {
    if (!(Number.isInteger(scale.target) && scale.target >= 1 && scale.target <= 100)) {
      diagnostics.push(M.kserveWholeNumber.at(scale.loc, "CPU utilization target", scale.target, "from 1 to 100 (percent of the CPU request)"));
    }
  } else if (!(Number.isInteger(scale.target) && scale.target >= 1 && scale.target <= 2147483647)) {
    diagnostics.push(M.kserveWholeNumber.at(scale.loc, "autoscaling target", scale.target, "of 1 or more"));
  }
}

/** A transformer: one container, named as KServe names a component's main container. */
function transformer(t: NonNullable<Serve["transformer"]>): Record<string, unknown> {
  return {
    ...podSettings(t.settings),
    containers: [
      {
        name: KSERVE_CONTAINER,
        image: t.image.ref,
        command: t.command.length > 0 ? literalCommand(t.command) : undefined,
        args: t.args.length > 0 ? literalCommand(t.args) : undefined,
        env: envVars(t.settings.env),
        resources: resourceRequirements(t.settings.resources),
      },
    ],
  };
}

/** A transformer's command line: it has no inputs or outputs, so every element is literal text. */
function literalCommand(items: readonly CommandItem[]): string[] {
  return items.map((item) => {
    if (item.kind !== "arg" || item.parts.some((p) => p.kind !== "text")) {
      // Both front ends reject placeholders in a transformer (it has nothing to refer to).
      throw new Error("kserve: a transformer's command line refers to an input or output");
    }
    return item.parts.map((p) => (p.kind === "text" ? p.value : "")).join("");
  });
}
