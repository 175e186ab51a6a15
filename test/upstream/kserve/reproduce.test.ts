import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitKserve } from "../../../src/backends/kserve/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON, UPSTREAM_DIR } from "../../backends/katib/k8s-validate.js";

// KServe's own samples (../shared/upstream/kserve, unmodified copies of kserve/kserve docs/samples),
// written as `.mlpipe` beside this file (same base name) and compiled by mlpc: the InferenceService
// mlpc writes must equal the original as parsed YAML, after these normalizations of the ORIGINAL
// (mlpc's output is compared as it is):
//
// 1. `metadata.namespace` is removed: mlpc writes no namespace (it is chosen when the manifest is
//    applied, `kubectl apply -n`), and the language has no place for one.
// 2. A framework-specific predictor (`predictor.sklearn: {storageUri: …}`, `predictor.pytorch`,
//    `predictor.tensorflow`…) is written as the generic `predictor.model` with that `modelFormat.name`:
//    KServe resolves both to the same ServingRuntime and container (the framework fields are the older
//    spelling of the same thing), and mlpc writes only `predictor.model`.
//
// The samples are chosen because the language expresses their shape: the others set predictor
// arguments, a runtime version, loggers, explainers, storage specs or custom predictor containers,
// which `serve` has no place for.

const SAMPLES: readonly { readonly name: string; readonly file: string; readonly doc?: number }[] = [
  { name: "storage_uri_sklearn", file: "examples/storage_uri_sklearn.yaml" },
  { name: "storage_uri_tensorflow", file: "examples/storage_uri_tensorflow.yaml" },
  { name: "v1beta1_transformer_torchserve_image_transformer_transformer", file: "examples/v1beta1_transformer_torchserve_image_transformer_transformer.yaml" },
  { name: "storage_oci-image-volume_inference_service", file: "examples/storage_oci-image-volume_inference_service.yaml" },
  // Its first InferenceService uses a removed shape (why the file is among the known-invalid ones);
  // the second is valid and is the one reproduced.
  { name: "rollout-strategy_rollout-strategy-example", file: "examples-known-invalid/rollout-strategy_rollout-strategy-example.yaml", doc: 1 },
];

/** KServe's framework-specific predictor fields, each standing for `model` with that format. */
const FRAMEWORKS = ["sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle"];

const here = relative(process.cwd(), join(import.meta.dirname));

type Json = any;

function normalizeOriginal(original: Json): Json {
  const s = structuredClone(original);
  delete s.metadata.namespace; // 1
  const p = s.spec.predictor;
  for (const f of FRAMEWORKS) {
    if (p[f] === undefined) continue;
    p.model = { modelFormat: { name: f }, ...p[f] }; // 2
    delete p[f];
  }
  return s;
}

function original(file: string, doc = 0): Json {
  const docs = parseAllDocuments(readFileSync(join(UPSTREAM_DIR, "kserve", file), "utf8"))
    .map((d) => d.toJS())
    .filter((d) => d?.kind === "InferenceService");
  expect(docs.length).toBeGreaterThan(doc);
  return docs[doc];
}

function compileSample(name: string): { content: string; isvc: Json } {
  const checked = checkFile(join(here, `${name}.mlpipe`), fileHost(process.cwd()));
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = emitKserve(checked.program!);
  expect(out.diagnostics).toEqual([]);
  expect(out.files).toHaveLength(1);
  return { content: out.files[0].content, isvc: parseAllDocuments(out.files[0].content)[0].toJS() };
}

describe("KServe upstream samples reproduced from .mlpipe", () => {
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect.fail(`${SKIP_REASON}; CI must compare with the upstream samples`);
  });

  it("reproduces at least five samples", () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(5);
  });

  for (const { name, file, doc } of SAMPLES) {
    it.skipIf(!sharedAvailable)(`${name}.mlpipe gives ${file}${doc === undefined ? "" : ` (document ${doc})`} ${sharedAvailable ? "" : SKIP_REASON}`, () => {
      expect(compileSample(name).isvc).toEqual(normalizeOriginal(original(file, doc)));
    });
  }

  it.skipIf(!sharedAvailable)(`writes reproductions that pass k8s-validate ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = SAMPLES.map(({ name }) => ({ name: `${name}.kserve.yaml`, content: compileSample(name).content }));
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });
});
