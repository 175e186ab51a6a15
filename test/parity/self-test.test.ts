import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emitArgo } from "../../src/backends/argo/index.js";
import { emitKfp } from "../../src/backends/kfp/index.js";
import { checkFile } from "../../src/compiler.js";
import { memoryHost } from "../../src/frontend/host.js";
import { fromArgo } from "./from-argo.js";
import { fromKfp } from "./from-kfp.js";
import { differences } from "./neutral.js";

/**
 * The readers must see differences, not only agree: each test changes one thing in one output's YAML
 * (an image, a condition, a dependency, …) and expects the comparison to fail at that place. A reader
 * that ignored the field would pass the parity suite vacuously.
 */
const CASES = join(fileURLToPath(new URL(".", import.meta.url)), "cases");

function outputs(file: string): { kfp: string; argo: string } {
  const checked = checkFile(file, memoryHost({ [file]: readFileSync(join(CASES, file), "utf8") }));
  const kfp = emitKfp(checked.program!).files;
  const argo = emitArgo(checked.program!).files;
  expect(kfp).toHaveLength(1);
  expect(argo).toHaveLength(1);
  return { kfp: kfp[0].content, argo: argo[0].content };
}

/** Replaces `from` (which must occur) in `text`. */
function mutate(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  expect(out, `mutation ${String(from)} applies`).not.toBe(text);
  return out;
}

/** The difference paths after mutating one side. */
function diffAfter(file: string, side: "kfp" | "argo", from: string | RegExp, to: string): string[] {
  const o = outputs(file);
  expect(differences(fromKfp(o.kfp), fromArgo(o.argo)), "equal before the mutation").toEqual([]);
  const kfp = side === "kfp" ? mutate(o.kfp, from, to) : o.kfp;
  const argo = side === "argo" ? mutate(o.argo, from, to) : o.argo;
  return differences(fromKfp(kfp), fromArgo(argo)).map((d) => d.slice(0, d.indexOf(": ")));
}

describe("parity self-tests: the readers detect a difference", () => {
  it("oneOf: both readers give the options in order, and an Argo option swapped or a KFP selector dropped is seen", () => {
    const o = outputs("oneof.mlpipe");
    const options = (name: string) => ({ oneOf: ["big", "mid", "small"].map((step) => ({ output: { step, name } })) });
    for (const reading of [fromKfp(o.kfp), fromArgo(o.argo)]) {
      const evaluate = reading.tasks["evaluate"];
      expect("inputs" in evaluate && evaluate.inputs).toEqual({ model: options("model"), verdict: options("verdict") });
    }
    // The parameter read by the first evaluate: the last option becomes mid's.
    expect(diffAfter("oneof.mlpipe", "argo", "tasks['small'].outputs.parameters['verdict'])}}", "tasks['mid'].outputs.parameters['verdict'])}}")).toContain(
      "/tasks/evaluate/inputs/verdict/oneOf/2/output/step",
    );
    // The artifact: a selector of KFP's branches group left out.
    const dropped = diffAfter("oneof.mlpipe", "kfp", /\n\s*- outputArtifactKey: pipelinechannel--small-model\n\s*producerSubtask: condition-4/, "");
    expect(dropped.some((d) => d.startsWith("/tasks/evaluate/inputs/model/oneOf"))).toBe(true);
  });

  it("an image", () => {
    expect(diffAfter("steps.mlpipe", "argo", "image: ghcr.io/acme/train:2.3.1", "image: ghcr.io/acme/train:2.3.2")).toEqual([
      "/tasks/fit/image",
      "/tasks/fit-fast/image",
    ]);
  });
  it("a comparison operator in a condition (KFP CEL)", () => {
    expect(diffAfter("conditions.mlpipe", "kfp", "== 'go'", "!= 'go'")).toEqual(["/tasks/go/when/2/cmp"]);
  });
  it("a literal in a condition (Argo when)", () => {
    expect(diffAfter("conditions.mlpipe", "argo", "> 5", "> 6")).toEqual(["/tasks/many/when/1/right/const"]);
  });
  it("a dependency (Argo depends)", () => {
    expect(diffAfter("after.mlpipe", "argo", "depends: a && b", "depends: a")).toEqual(["/tasks/c/waitsFor"]);
  });
  it("a dependency (KFP dependentTasks)", () => {
    expect(diffAfter("steps.mlpipe", "kfp", /\n\s*dependentTasks:\n\s*- prep(?=\n)/, "")).toContain("/tasks/fit/waitsFor");
  });
  it("a placeholder in a command line", () => {
    expect(diffAfter("command.mlpipe", "kfp", "\"{{$.inputs.parameters['lr']}}\"", "\"{{$.inputs.parameters['data']}}\"")).toEqual([
      "/tasks/train/args/3/0/input",
    ]);
  });
  it("where an input comes from", () => {
    expect(diffAfter("steps.mlpipe", "argo", "value: '{{tasks.prep.outputs.parameters.rows}}'", "value: '10'")).toEqual([
      "/tasks/fit/inputs/rows/const",
      "/tasks/fit/inputs/rows/output",
    ]);
  });
  it("a loop's items and parallelism", () => {
    expect(diffAfter("loop-parallel.mlpipe", "kfp", "parallelismLimit: 2", "parallelismLimit: 3")).toEqual(["/loops/1/parallelism"]);
    expect(diffAfter("loop-static.mlpipe", "argo", /withItems:\n(\s*)- 1\n/, "withItems:\n$1- 0\n")).toEqual(["/loops/0/items/literal/0"]);
  });
  it("caching", () => {
    expect(diffAfter("caching-default.mlpipe", "kfp", "enableCache: true", "enableCache: false")).toEqual(["/tasks/a/cache"]);
  });
  it("an env source", () => {
    expect(diffAfter("env.mlpipe", "argo", "key: token", "key: other")).toEqual(["/tasks/a/env/TOKEN/key"]);
  });
  it("a resource limit", () => {
    expect(diffAfter("resources.mlpipe", "argo", "memory: 4Gi", "memory: 5Gi")).toEqual(["/tasks/range/resources/memory/limit"]);
  });
  it("retry", () => {
    expect(diffAfter("retry.mlpipe", "kfp", "maxRetryCount: 2", "maxRetryCount: 1")).toEqual(["/tasks/quick/retry/limit"]);
  });
  it("upstream failure and the exit handler", () => {
    expect(diffAfter("always.mlpipe", "kfp", "strategy: ALL_UPSTREAM_TASKS_COMPLETED", "strategy: ALL_UPSTREAM_TASKS_SUCCEEDED")).toEqual([
      "/tasks/cleanup/ignoreUpstreamFailure",
    ]);
    expect(diffAfter("finally.mlpipe", "argo", /\n  onExit: .*\n/, "\n")).not.toEqual([]);
  });
  it("artifact URIs: which artifact an input URI reads, and an output URI that is not the artifact's location", () => {
    // KFP: the first URI reads the other input artifact.
    expect(diffAfter("artifact-uri.mlpipe", "kfp", "\"{{$.inputs.artifacts['data'].uri}}\"", "\"{{$.inputs.artifacts['ref'].uri}}\"")).toEqual([
      "/tasks/uris/command/1/0/inputUri",
    ]);
    // Argo: the hidden `data-uri` parameter carries the URI of another artifact than `data`: it is then an input, and read as one.
    expect(
      diffAfter("artifact-uri.mlpipe", "argo", "name: data-uri\n            value: '{{tasks.p.outputs.parameters.out-uri}}'", "name: data-uri\n            value: s3://acme-lake/reference/v2"),
    ).toEqual(["/tasks/uris/command/1/0/input", "/tasks/uris/command/1/0/inputUri", "/tasks/uris/inputs/data-uri"]);
    // Argo: the producer's command line writes a URI that is not where its artifact is stored.
    expect(
      diffAfter("artifact-uri.mlpipe", "argo", "- s3://acme-ml/pipelines/{{workflow.uid}}/{{pod.name}}/model\n", "- s3://acme-ml/pipelines/{{workflow.uid}}/{{pod.name}}/out\n"),
    ).toEqual(["/tasks/uris/command/3/0"]);
  });
  it("a serve deployed from a pipeline: the InferenceService, how it is applied, and its model", () => {
    expect(diffAfter("serve-from-pipeline.mlpipe", "argo", "runtime: kserve-sklearnserver", "runtime: kserve-mlserver")).toEqual([
      "/tasks/candidate/deploys/manifest/spec/predictor/model/runtime",
    ]);
    expect(diffAfter("serve-from-pipeline.mlpipe", "kfp", '"runtime":"kserve-sklearnserver"', '"runtime":"kserve-mlserver"')).toEqual([
      "/tasks/candidate/deploys/manifest/spec/predictor/model/runtime",
    ]);
    expect(diffAfter("serve-from-pipeline.mlpipe", "argo", "action: apply", "action: create")).toEqual(["/tasks/candidate/deploys/action"]);
    // KFP: the deploy's model is another output of the step.
    expect(diffAfter("serve-from-pipeline.mlpipe", "kfp", "outputArtifactKey: model", "outputArtifactKey: other")).toEqual([
      "/tasks/candidate/deploys/manifest/spec/predictor/model/storageUri/uriOf/output/name",
    ]);
    // Argo: `storage_uri` is a parameter of the step rather than the model artifact's URI.
    expect(
      diffAfter("serve-from-pipeline.mlpipe", "argo", "'{{tasks.fit.outputs.parameters.model-uri}}'", "'{{tasks.fit.outputs.parameters.auc}}'"),
    ).toEqual(["/tasks/candidate/deploys/manifest/spec/predictor/model/storageUri/output", "/tasks/candidate/deploys/manifest/spec/predictor/model/storageUri/uriOf"]);
  });
  it("a timeout, a node selector, a toleration, a volume", () => {
    expect(diffAfter("timeout.mlpipe", "argo", "activeDeadlineSeconds: 90", "activeDeadlineSeconds: 91")).toEqual(["/tasks/b/timeoutSeconds"]);
    expect(diffAfter("node-selector.mlpipe", "kfp", "zone: eu-west1-b", "zone: eu-west1-c")).toEqual(["/tasks/b/nodeSelector/zone"]);
    expect(diffAfter("tolerations.mlpipe", "argo", "value: 'true'\n      effect: NoSchedule", "value: 'false'\n      effect: NoSchedule")).toEqual([
      "/tasks/job/tolerations/0/value",
    ]);
    expect(diffAfter("volumes.mlpipe", "argo", "claimName: llm-data", "claimName: other")).toEqual(["/tasks/job/volumes//data/pvc"]);
  });
});
