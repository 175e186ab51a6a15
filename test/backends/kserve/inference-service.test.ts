import { describe, expect, it } from "vitest";
import type { Backend } from "../../../src/backends/contract.js";
import { emitKserve, kserveBackend, kserveDocuments } from "../../../src/backends/kserve/index.js";
import { checkSource } from "../../helpers.js";
import { compile, isvc, serve } from "./support.js";

const MODEL = `  model sklearn from "s3://acme/models/fraud/v3"\n`;

describe("KServe InferenceService", () => {
  it("is a serving.kserve.io/v1beta1 InferenceService named after the serve, in <name>.kserve.yaml", () => {
    const c = compile(serve(MODEL, "Fraud_Scorer"));
    expect(c.result.files.map((f) => f.name)).toEqual(["fraud-scorer.kserve.yaml"]);
    expect(c.docs[0]).toEqual({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "fraud-scorer" },
      spec: { predictor: { model: { modelFormat: { name: "sklearn" }, storageUri: "s3://acme/models/fraud/v3" } } },
    });
    expect(c.result.files[0].content.split("\n").slice(0, 3)).toEqual(["apiVersion: serving.kserve.io/v1beta1", "kind: InferenceService", "metadata:"]);
  });

  it("writes the model format and version, the runtime and the protocol", () => {
    const e = isvc(serve(`  model xgboost from "gs://acme/xgb" version "2"\n  runtime "kserve-xgbserver"\n  protocol "v2"\n`));
    expect(e.spec.predictor.model).toEqual({
      modelFormat: { name: "xgboost", version: "2" },
      runtime: "kserve-xgbserver",
      protocolVersion: "v2",
      storageUri: "gs://acme/xgb",
    });
  });

  it.each([
    ["s3://acme/models/fraud/v3"],
    ["gs://kfserving-examples/models/sklearn/1.0/model"],
    ["pvc://model-store/fraud/v3"],
    ["pvc://model-store"],
    ["hf://meta-llama/Llama-3.1-8B-Instruct"],
    ["oci://ghcr.io/acme/fraud-model:3"],
    ["oci+native://ghcr.io/acme/fraud-model:3"],
    ["https://github.com/acme/models/raw/main/model.joblib?raw=true"],
    ["webhdfs://namenode:9870/models/fraud"],
  ])("takes the storage URI %s as it is", (uri) => {
    expect(isvc(serve(`  model sklearn from "${uri}"\n`)).spec.predictor.model.storageUri).toBe(uri);
  });

  it("serves an MLflow model with the mlflow format over the v2 protocol", () => {
    const c = compile(serve(`  model mlflow from "s3://mlflow/artifacts/3/abc/artifacts/model"\n  runtime "kserve-mlserver"\n  protocol "v2"\n`));
    expect(c.diagnostics).toEqual([]);
    expect(c.docs[0].spec.predictor.model).toEqual({
      modelFormat: { name: "mlflow" },
      runtime: "kserve-mlserver",
      protocolVersion: "v2",
      storageUri: "s3://mlflow/artifacts/3/abc/artifacts/model",
    });
  });

  it("writes the replica range, autoscaling and canary traffic on the predictor", () => {
    const e = isvc(serve(`${MODEL}  replicas 0 .. 5\n  scale rps 20\n  canary 10 %\n  mode serverless\n`));
    expect(e.spec.predictor).toMatchObject({ minReplicas: 0, maxReplicas: 5, scaleMetric: "rps", scaleTarget: 20, canaryTrafficPercent: 10 });
  });

  it("writes a fixed replica count as equal minimum and maximum", () => {
    const e = isvc(serve(`${MODEL}  replicas 2\n`));
    expect(e.spec.predictor).toMatchObject({ minReplicas: 2, maxReplicas: 2 });
  });

  it("scales on cpu or memory in raw deployment mode", () => {
    const e = isvc(serve(`${MODEL}  replicas 1 .. 4\n  scale cpu 70\n  mode raw\n`));
    expect(e.spec.predictor).toMatchObject({ scaleMetric: "cpu", scaleTarget: 70 });
    expect(e.metadata.annotations).toEqual({ "serving.kserve.io/deploymentMode": "Standard" });
  });

  it.each([
    ["serverless", "Knative"],
    ["raw", "Standard"],
    ["modelmesh", "ModelMesh"],
  ])("writes `mode %s` as the deployment-mode annotation %s", (mode, value) => {
    expect(isvc(serve(`${MODEL}  mode ${mode}\n`)).metadata.annotations).toEqual({ "serving.kserve.io/deploymentMode": value });
  });

  it("leaves the deployment mode to the cluster when none is given", () => {
    expect(isvc(serve(MODEL)).metadata).not.toHaveProperty("annotations");
  });

  it("writes resources on the model container and GPUs as an nvidia.com/gpu limit, tolerating the GPU taint", () => {
    const e = isvc(serve(`${MODEL}  resources { cpu 1 .. 2  memory "2Gi" .. "4Gi"  gpu 1 "nvidia-l4" }\n  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }\n`));
    expect(e.spec.predictor.model.resources).toEqual({
      requests: { cpu: "1", memory: "2Gi" },
      limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
    });
    expect(e.spec.predictor.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-l4" });
    expect(e.spec.predictor.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("writes env on the model container, and scheduling, identity and timeout on the predictor", () => {
    const e = isvc(
      serve(`${MODEL}  env { WORKERS: 4, TOKEN: secret("hf", "token"), URI: configmap("mlflow", "uri") }
  tolerations [{ key: "dedicated", operator: "Equal", value: "serving", effect: "NoSchedule" }]
  affinity [{ key: "pool", operator: "In", values: ["serving"] }]
  serviceAccount "kserve-s3-reader"
  imagePullSecrets ["ghcr"]
  securityContext { runAsUser: 1000, runAsGroup: 1000 }
  timeout "2m"
`),
    );
    expect(e.spec.predictor.model.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 1000 });
    expect(e.spec.predictor.model.env).toEqual([
      { name: "WORKERS", value: "4" },
      { name: "TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
      { name: "URI", valueFrom: { configMapKeyRef: { name: "mlflow", key: "uri" } } },
    ]);
    expect(e.spec.predictor).toMatchObject({
      timeout: 120,
      serviceAccountName: "kserve-s3-reader",
      imagePullSecrets: [{ name: "ghcr" }],
      tolerations: [{ key: "dedicated", operator: "Equal", value: "serving", effect: "NoSchedule" }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "pool", operator: "In", values: ["serving"] }] }] } } },
    });
  });

  it("puts labels and annotations on the InferenceService (KServe copies them to its pods), after the mode", () => {
    const c = compile(serve(`${MODEL}  mode raw\n  labels { team: "fraud" }\n  annotations { "acme.io/owner": "ml@acme.io" }\n`));
    expect(c.docs[0].metadata).toEqual({
      name: "fraud",
      labels: { team: "fraud" },
      annotations: { "serving.kserve.io/deploymentMode": "Standard", "acme.io/owner": "ml@acme.io" },
    });
  });

  it("writes a transformer as one kserve-container with its command, args, env and resources", () => {
    const e = isvc(
      serve(`${MODEL}  transformer {
    image "ghcr.io/acme/features:3.4.0"
    run   ["python", "-m", "features"]
    args  ["--model_name", "fraud", "--workers", 2]
    env   { FEAST_PROJECT: configmap("feast", "project") }
    resources { cpu 1  memory "2Gi" }
  }
`),
    );
    expect(e.spec.transformer).toEqual({
      containers: [
        {
          name: "kserve-container",
          image: "ghcr.io/acme/features:3.4.0",
          command: ["python", "-m", "features"],
          args: ["--model_name", "fraud", "--workers", "2"],
          env: [{ name: "FEAST_PROJECT", valueFrom: { configMapKeyRef: { name: "feast", key: "project" } } }],
          resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
        },
      ],
    });
  });

  it("compiles each top-level serve to its own file and gives the same bytes for the same program", () => {
    const text = serve(MODEL, "b_scorer") + serve(`  model onnx from "gs://acme/onnx"\n`, "a_scorer");
    const a = emitKserve(checkSource(text).program!);
    expect(a.files.map((f) => f.name)).toEqual(["a-scorer.kserve.yaml", "b-scorer.kserve.yaml"]);
    expect(emitKserve(checkSource(text).program!)).toEqual(a);
  });

  it("leaves a serve deployed from inside a pipeline to the pipeline's back end (its model is a step's output)", () => {
    const text = `component train {
  image "ghcr.io/acme/train:1.0"
  output model: Model
  run ["train", model.path]
}
pipeline nightly {
  fit = train()
  serve candidate {
    model sklearn from fit.model
    replicas 1 .. 3
  }
}
${serve(MODEL, "champion")}`;
    const checked = checkSource(text);
    expect(checked.program!.serves.map((s) => s.name)).toEqual(["candidate", "champion"]);
    const out = emitKserve(checked.program!);
    expect(out.files.map((f) => f.name)).toEqual(["champion.kserve.yaml"]);
    expect(out.diagnostics).toEqual([]);
  });

  it("writes nothing for a program without serves", () => {
    const checked = checkSource(`component c {\n  image "ghcr.io/acme/c:1.0"\n  run ["true"]\n}\n`);
    expect(emitKserve(checked.program!)).toEqual({ files: [], diagnostics: [] });
  });

  it("is a back end the CLI's registry can take as it is", () => {
    const backend: Backend = kserveBackend;
    expect(backend.name).toBe("kserve");
    expect(backend.extension).toBe("kserve.yaml");
    expect(backend.emit).toBe(kserveDocuments);
  });
});
