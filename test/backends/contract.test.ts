import { describe, expect, it } from "vitest";
import { argoBackend, emitArgo } from "../../src/backends/argo/index.js";
import type { Backend } from "../../src/backends/contract.js";
import { emitKatib, katibBackend } from "../../src/backends/katib/index.js";
import { emitKfp, kfpBackend } from "../../src/backends/kfp/index.js";
import { emitKserve, kserveBackend } from "../../src/backends/kserve/index.js";
import { emitRbac, rbacBackend } from "../../src/backends/rbac/index.js";
import { printDocument } from "../../src/output/documents.js";
import { resolve } from "../../src/passes/resolve/index.js";
import { checkSource } from "../helpers.js";

/**
 * The back-end contract (issue 12 point 4): a back end returns documents — objects with a kind, a file
 * name and the declarations they came from — and one writer prints them; `emitKfp`… are that writer
 * over those documents.
 */

const SOURCE = `component train {
  image "alpine:3.20"
  input lr: Float = 0.1
  output auc: Float
  output model: Model
  run ["train", lr, auc.path, model.path]
}
pipeline inner {
  t = train()
}
pipeline fit {
  sub = inner()
}
tune sweep of train {
  objective maximize auc
  algorithm random
  search lr: Float in 0.01 .. 0.2
}
serve scorer {
  model sklearn from "s3://models/fraud/v1"
}
`;

const BACKENDS: readonly { backend: Backend; print: typeof emitKfp }[] = [
  { backend: kfpBackend, print: emitKfp },
  { backend: argoBackend, print: emitArgo },
  { backend: katibBackend, print: emitKatib },
  { backend: kserveBackend, print: emitKserve },
  { backend: rbacBackend, print: emitRbac },
];

describe("back-end documents", () => {
  const checked = checkSource(SOURCE);
  const resolved = resolve(checked.program!);
  const summary = (b: Backend) =>
    b.emit(resolved).documents.map((d) => `${d.declaration.kind} ${d.declaration.name}: ${d.kind} ${d.fileName} [${d.sources.map((l) => `${l.line}:${l.col}`).join(" ")}] ${d.objects.length}`);

  it("are objects with a kind, a file name, the declaration they are the file of and the declarations they were compiled from", () => {
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(summary(kfpBackend)).toEqual(["pipeline fit: PipelineSpec fit.kfp.yaml [11:10 8:10] 1", "pipeline inner: PipelineSpec inner.kfp.yaml [8:10] 1"]);
    expect(summary(argoBackend)).toEqual(["pipeline fit: Workflow fit.argo.yaml [11:10 8:10] 1", "pipeline inner: Workflow inner.argo.yaml [8:10] 1"]);
    expect(summary(katibBackend)).toEqual(["tune sweep: Experiment sweep.katib.yaml [14:6] 1"]);
    expect(summary(kserveBackend)).toEqual(["serve scorer: InferenceService scorer.kserve.yaml [19:7] 1"]);
    // A ServiceAccount, a Role and a RoleBinding per pipeline, from the pipeline and those it calls.
    expect(summary(rbacBackend)).toEqual(["pipeline fit: Role fit.rbac.yaml [11:10 8:10] 3", "pipeline inner: Role inner.rbac.yaml [8:10] 3"]);
  });

  it("keep their manifests reachable without printing them", () => {
    const [workflow] = argoBackend.emit(resolved).documents[0].objects as { kind: string; metadata: { generateName: string } }[];
    expect([workflow.kind, workflow.metadata.generateName]).toEqual(["Workflow", "fit-"]);
  });

  for (const { backend, print } of BACKENDS) {
    it(`print, through the one writer, to the files emit${backend.name} writes (${backend.name})`, () => {
      const files = backend.emit(resolved).documents.map(printDocument);
      expect(files.length).toBeGreaterThan(0);
      expect(files).toEqual(print(checked.program!).files);
    });
  }
});

describe("names per target (resolved.names)", () => {
  const checked = checkSource(`component train {
  image "alpine:3.20"
  input lr: Float = 0.1
  output auc: Float
  run ["train", lr, auc.path]
}
pipeline Fraud_Model__v2 {
  t = train()
}
tune Sweep_LR of train {
  objective maximize auc
  algorithm random
  search lr: Float in 0.01 .. 0.2
}
serve Scorer_A {
  model sklearn from "s3://models/fraud/v1"
}
`);
  const resolved = resolve(checked.program!);

  it("are decided once, by each target's convention: the KFP SDK collapses '--', a DNS label keeps it", () => {
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(resolved.names.kfp.get("Fraud_Model__v2")).toBe("fraud-model-v2");
    expect(resolved.names.argo.get("Fraud_Model__v2")).toBe("fraud-model--v2");
    expect(resolved.names.katib.get("Sweep_LR")).toBe("sweep-lr");
    expect(resolved.names.kserve.get("Scorer_A")).toBe("scorer-a");
  });

  it("name each file and the resource in it alike", () => {
    const one = (b: Backend) => {
      const [d] = b.emit(resolved).documents;
      return { file: d.fileName, object: d.objects[0] as Record<string, Record<string, string>> };
    };
    const kfp = one(kfpBackend);
    expect([kfp.file, kfp.object.pipelineInfo.name]).toEqual(["fraud-model-v2.kfp.yaml", "fraud-model-v2"]);
    expect(printDocument(kfpBackend.emit(resolved).documents[0]).content).toContain("\n# Name: fraud-model-v2\n");
    const argo = one(argoBackend);
    expect([argo.file, argo.object.metadata.generateName, argo.object.spec.entrypoint]).toEqual(["fraud-model--v2.argo.yaml", "fraud-model--v2-", "fraud-model--v2"]);
    const katib = one(katibBackend);
    expect([katib.file, katib.object.metadata.name]).toEqual(["sweep-lr.katib.yaml", "sweep-lr"]);
    const kserve = one(kserveBackend);
    expect([kserve.file, kserve.object.metadata.name]).toEqual(["scorer-a.kserve.yaml", "scorer-a"]);
  });
});
