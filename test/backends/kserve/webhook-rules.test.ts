import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "../../passes/validate/support.js";
import { expectBackendDiagnostics, serve } from "./support.js";

// Golden error cases for what KServe's validating webhook (pkg/apis/serving/v1beta1/
// inference_service_validation.go) or controller rejects or ignores: each rule, the code that reports
// it and its span. Rules the validator already covers are asserted against the validator; the others
// against the KServe back end.

const MODEL = `  model sklearn from "s3://acme/models/fraud/v3"\n`;

describe("KServe rules checked by the validator", () => {
  it("a name that is not a DNS-1035 label: MLP2018 at the serve's name", () => {
    expectDiagnostics(serve(MODEL, "_fraud"), [["MLP2018", "serve «_fraud»"]], { lib: false });
  });

  it("canary traffic outside 0–100: MLP2138 at the canary", () => {
    expectDiagnostics(serve(`${MODEL}  canary 120 %\n  mode serverless\n`), [["MLP2138", "«canary 120 %»"]], { lib: false });
  });

  it("a minimum replica count above the maximum: MLP2141 at the serve's name", () => {
    expectDiagnostics(serve(`${MODEL}  replicas 4 .. 2\n`), [["MLP2141", "serve «fraud»"]], { lib: false });
  });
});

describe("KServe rules checked by the back end", () => {
  it("canary traffic in raw deployment or ModelMesh mode: MLP4300 at the canary, and no file", () => {
    for (const mode of ["raw", "modelmesh"]) {
      const c = expectBackendDiagnostics(serve(`${MODEL}  canary 10 %\n  mode ${mode}\n`), [["MLP4300", "«canary 10 %»"]]);
      expect(c.result.files).toEqual([]);
    }
  });

  it("canary traffic without a mode: a warning (MLP4301) at the canary; the file is written", () => {
    const c = expectBackendDiagnostics(serve(`${MODEL}  canary 10 %\n`), [["MLP4301", "«canary 10 %»"]]);
    expect(c.docs[0].spec.predictor.canaryTrafficPercent).toBe(10);
  });

  it("a fractional canary percentage (the field is an integer): MLP4303 at the canary", () => {
    expectBackendDiagnostics(serve(`${MODEL}  canary 12.5 %\n  mode serverless\n`), [["MLP4303", "«canary 12.5 %»"]]);
  });

  it("cpu or memory autoscaling outside raw deployment mode (the webhook checks Knative's metrics): MLP4302 at the metric", () => {
    expectBackendDiagnostics(serve(`${MODEL}  scale cpu 80\n`), [["MLP4302", "scale «cpu»"]]);
    expectBackendDiagnostics(serve(`${MODEL}  scale memory 512\n  mode serverless\n`), [["MLP4302", "scale «memory»"]]);
  });

  it("concurrency or rps autoscaling in raw deployment mode (a Kubernetes HPA): MLP4302 at the metric", () => {
    expectBackendDiagnostics(serve(`${MODEL}  scale concurrency 10\n  mode raw\n`), [["MLP4302", "scale «concurrency»"]]);
  });

  it("a CPU utilization target above 100 %, or a fractional target: MLP4303 at the metric", () => {
    expectBackendDiagnostics(serve(`${MODEL}  scale cpu 150\n  mode raw\n`), [["MLP4303", "scale «cpu»"]]);
    expectBackendDiagnostics(serve(`${MODEL}  scale rps 0.5\n  mode serverless\n`), [["MLP4303", "scale «rps»"]]);
  });

  it("a storage URI without a scheme or with nothing after it: MLP4304 at the URI", () => {
    expectBackendDiagnostics(serve(`  model sklearn from "models/fraud/v3"\n`), [["MLP4304", `«"models/fraud/v3"»`]]);
    expectBackendDiagnostics(serve(`  model sklearn from "s3://"\n`), [["MLP4304", `«"s3://"»`]]);
    expectBackendDiagnostics(serve(`  model sklearn from "pvc://Model_Store/v3"\n`), [["MLP4304", `«"pvc://Model_Store/v3"»`]]);
    expectBackendDiagnostics(serve(`  model sklearn from "s3://acme/my model"\n`), [["MLP4304", `«"s3://acme/my model"»`]]);
  });

  it("a URI scheme KServe does not download itself: a warning (MLP4305) at the URI", () => {
    const c = expectBackendDiagnostics(serve(`  model sklearn from "model-registry://fraud/3"\n`), [["MLP4305", `«"model-registry://fraud/3"»`]]);
    expect(c.docs[0].spec.predictor.model.storageUri).toBe("model-registry://fraud/3");
  });

  it("an MLflow registry URI: a warning (MLP4306) at the URI; the file is written", () => {
    const c = expectBackendDiagnostics(serve(`  model mlflow from "models:/fraud/3"\n  protocol "v2"\n`), [["MLP4306", `«"models:/fraud/3"»`]]);
    expect(c.docs[0].spec.predictor.model).toEqual({ modelFormat: { name: "mlflow" }, protocolVersion: "v2", storageUri: "models:/fraud/3" });
  });

  it("an MLflow registry URI with another model format: MLP4307 at the URI", () => {
    expectBackendDiagnostics(serve(`  model sklearn from "models:/fraud/Production"\n`), [
      ["MLP4307", `«"models:/fraud/Production"»`],
      ["MLP4306", `«"models:/fraud/Production"»`],
    ]);
  });

  it("an MLflow model without the v2 protocol: MLP4308 at the model format", () => {
    expectBackendDiagnostics(serve(`  model mlflow from "gs://acme/mlflow/model"\n`), [["MLP4308", "model «mlflow»"]]);
    expectBackendDiagnostics(serve(`  model mlflow from "gs://acme/mlflow/model"\n  protocol "v1"\n`), [["MLP4308", "model «mlflow»"]]);
  });

  it("scale to zero in raw deployment mode (an HPA keeps one replica): a warning (MLP4321) at the serve's name", () => {
    const c = expectBackendDiagnostics(serve(`${MODEL}  replicas 0 .. 3\n  mode raw\n`), [["MLP4321", "serve «fraud»"]]);
    expect(c.docs[0].spec.predictor.minReplicas).toBe(0);
  });

  it("a GPU model nothing selects: left to the one shared warning (MLP2080, validation)", () => {
    expectBackendDiagnostics(serve(`${MODEL}  resources { gpu 1 "nvidia-tesla-t4" }\n`), []);
  });
});
