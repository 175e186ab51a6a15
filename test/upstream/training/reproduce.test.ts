import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { emitArgo } from "../../../src/backends/argo/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON, UPSTREAM_DIR } from "../../backends/katib/k8s-validate.js";

// Kubeflow Trainer's and Training Operator v1's own examples (../shared/upstream/training/examples,
// unmodified copies of kubeflow/trainer), written as `.mlpipe` beside this file (same base name): a
// pipeline with one distributed step. The job mlpc creates for the step (the manifest of its Argo
// resource template) must equal the original as parsed YAML, after these normalizations:
//
// 1. `metadata` is not compared: mlpc names each run's job by `generateName` (from the pipeline and
//    the component) and records where the job writes its outputs in annotations; the original's fixed
//    `name` (and `namespace`, chosen when the manifest is applied) has no place in the language.
// 2. `imagePullPolicy` is removed from the original's containers: the language has no place for it
//    (Kubernetes' default applies: `Always` for a `:latest` tag, `IfNotPresent` otherwise).
// 3. Resource quantities of the original are written as strings (`nvidia.com/gpu: 1` → `"1"`): the
//    API server reads both alike, and mlpc writes every quantity as a string.
// 4. Where a pod of the original asks for GPUs, the toleration of the GPU taint (`nvidia.com/gpu`,
//    Exists, NoSchedule) is added to it: mlpc adds it to every pod that asks for GPUs (see
//    docs/language.md, `resources`), so that the pod can run on the GPU nodes that carry that taint.
// 5. An elastic policy's `maxRestarts` is removed: the language has no place for it (the Training
//    Operator's default applies).
// 6. A TrainJob without `trainer.image` gets the image of its runtime's `node` container (read from the
//    vendored ClusterTrainingRuntime): that is the image the job runs, and a component always names
//    its image, which mlpc writes.
//
// Not reproduced: `02-runtime-patches` (its patch carries JobSet labels and annotations, which mlpc
// puts on the job instead) and `05-multi-step` (a dataset initializer), the runtimes (mlpc refers to
// a runtime, it does not define one), the elastic ImageNet example (HPA metrics) and the TFJob (a
// Chief and a parameter server, where mlpc writes Workers only).

const SAMPLES: readonly string[] = [
  "yaml_01-multi-node",
  "pytorch_simple",
  "pytorch_mnist_v1_pytorch_job_mnist_nccl",
  "pytorch_deepspeed-demo_pytorch_deepspeed_demo",
  "pytorch_elastic_echo_echo",
];

const here = relative(process.cwd(), join(import.meta.dirname));

type Json = any;

function normalizeOriginal(original: Json): Json {
  const s = structuredClone(original);
  delete s.metadata; // 1
  const pods: Json[] = [];
  for (const key of ["pytorchReplicaSpecs", "tfReplicaSpecs"]) for (const r of Object.values(s.spec[key] ?? {}) as Json[]) pods.push(r.template.spec);
  for (const pod of pods) {
    for (const c of pod.containers) {
      delete c.imagePullPolicy; // 2
      for (const part of ["limits", "requests"]) {
        for (const [k, v] of Object.entries(c.resources?.[part] ?? {})) c.resources[part][k] = String(v); // 3
      }
      if (c.resources?.limits?.["nvidia.com/gpu"] !== undefined) pod.tolerations = [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]; // 4
    }
  }
  if (s.spec.elasticPolicy !== undefined) delete s.spec.elasticPolicy.maxRestarts; // 5
  if (s.kind === "TrainJob" && s.spec.trainer.image === undefined) s.spec.trainer.image = runtimeImage(s.spec.runtimeRef.name); // 6
  return s;
}

/** The image of the `node` container of a vendored ClusterTrainingRuntime. */
function runtimeImage(runtime: string): string {
  const doc = original(`runtimes_${runtime.replace(/-/g, "_")}`);
  const jobs: Json[] = doc.spec.template.spec.replicatedJobs;
  const node = jobs.find((j) => j.name === "node");
  return node.template.spec.template.spec.containers.find((c: Json) => c.name === "node").image;
}

function original(name: string): Json {
  const docs = parseAllDocuments(readFileSync(join(UPSTREAM_DIR, "training", "examples", `${name}.yaml`), "utf8")).map((d) => d.toJS());
  expect(docs).toHaveLength(1);
  return docs[0];
}

/** The job of the sample's one distributed step, as its Argo resource template creates it. */
function compileSample(name: string): Json {
  const checked = checkFile(join(here, `${name}.mlpipe`), fileHost(process.cwd()));
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = emitArgo(checked.program!);
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const workflow = parse(out.files[0]!.content);
  const resources = workflow.spec.templates.filter((t: Json) => t.resource !== undefined);
  expect(resources).toHaveLength(1);
  return parse(resources[0].resource.manifest);
}

describe("Kubeflow training upstream examples reproduced from .mlpipe", () => {
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect.fail(`${SKIP_REASON}; CI must compare with the upstream examples`);
  });

  it("reproduces at least four examples, TrainJob and PyTorchJob", () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of SAMPLES) {
    it.skipIf(!sharedAvailable)(`${name}: the job equals the original after the listed normalizations ${sharedAvailable ? "" : SKIP_REASON}`, () => {
      const job = compileSample(name);
      const { metadata: _, ...compared } = job;
      expect(compared).toEqual(normalizeOriginal(original(name)));
    });
  }

  it.skipIf(!sharedAvailable)(`every reproduced job passes k8s-validate ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const report = k8sValidate(SAMPLES.map((name) => ({ name: `${name}.yaml`, content: stringify(compileSample(name)) })));
    expect(report.ok, report.output).toBe(true);
  });
});
