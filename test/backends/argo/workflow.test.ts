import { describe, expect, it } from "vitest";
import { compile, expectDiagnostics, LIB, manifest, specOf } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Facts from Argo's schema (upstream/argo/schema.json) and documentation: a Workflow may be named by
// `metadata.generateName`; templates are named; a CronWorkflow has `spec.schedules` (a list, v3.6),
// `timezone`, `concurrencyPolicy` and `workflowSpec`; Argo passes `spec.arguments` to the entrypoint.

const PIPE = `${LIB}
pipeline nightly_run {
  param source: String = "s3://acme/data.parquet"
  param rate: Float
  prep = prepare(source: source)
}
`;

describe("Argo manifests", () => {
  it("writes a Workflow with generateName, keys in Kubernetes order", () => {
    const c = compile(PIPE);
    expect(c.result.files.map((f) => f.name)).toEqual(["nightly-run.argo.yaml"]);
    const doc = c.docs[0];
    expect(Object.keys(doc)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(doc.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(doc.kind).toBe("Workflow");
    expect(doc.metadata).toEqual({ generateName: "nightly-run-" });
    expect(c.result.files[0].content.startsWith("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n")).toBe(true);
  });

  it("runs the pipeline's DAG as the entrypoint with its parameters as arguments", () => {
    const spec = specOf(manifest(PIPE));
    const entry = spec.templates.find((t: any) => t.name === spec.entrypoint);
    expect(entry.dag).toBeDefined();
    expect(spec.arguments.parameters).toEqual([{ name: "source", value: "s3://acme/data.parquet" }, { name: "rate" }]);
    expect(entry.inputs.parameters).toEqual([{ name: "source" }, { name: "rate" }]);
  });

  it("writes templates with metadata.name for --argo-kind workflow-template and cluster-workflow-template", () => {
    const t = manifest(PIPE, { kind: "workflow-template" });
    expect(t.kind).toBe("WorkflowTemplate");
    expect(t.metadata).toEqual({ name: "nightly-run" });
    const c = manifest(PIPE, { kind: "cluster-workflow-template" });
    expect(c.kind).toBe("ClusterWorkflowTemplate");
    expect(c.metadata).toEqual({ name: "nightly-run" });
  });

  it("writes a CronWorkflow for a pipeline with a schedule", () => {
    const doc = manifest(PIPE.replace("param rate", 'schedule "0 3 * * *" timezone "Europe/Berlin" concurrency Forbid\n  param rate'));
    expect(doc.kind).toBe("CronWorkflow");
    expect(doc.metadata).toEqual({ name: "nightly-run" });
    expect(doc.spec.schedules).toEqual(["0 3 * * *"]);
    expect(doc.spec.timezone).toBe("Europe/Berlin");
    expect(doc.spec.concurrencyPolicy).toBe("Forbid");
    expect(doc.spec.workflowSpec.entrypoint).toBe("nightly-run");
  });

  it("warns that a workflow template carries no schedule", () => {
    const text = PIPE.replace("param rate", 'schedule "@daily"\n  param rate');
    const c = expectDiagnostics(text, [["MLP4120", 'schedule «"@daily"»']], { kind: "workflow-template" });
    expect(c.docs[0].kind).toBe("WorkflowTemplate");
  });

  it("rejects a CronWorkflow name longer than Argo's 52 characters", () => {
    const long = "p".repeat(53);
    const text = `${LIB}\npipeline ${long} {\n  schedule "@daily"\n  e = echo(message: "x")\n}\n`;
    const c = expectDiagnostics(text, [["MLP4106", `pipeline «${long}» {`]]);
    expect(c.result.files).toEqual([]);
    // 52 is fine.
    expect(manifest(text.replace(long, "p".repeat(52))).kind).toBe("CronWorkflow");
  });

  it("puts run settings on the Workflow: service account, timeout, pull secrets, labels on the resource and its pods", () => {
    const text = PIPE.replace(
      "param rate",
      'serviceAccount "runner"\n  timeout "2h"\n  imagePullSecrets ["ghcr"]\n  labels { team: "ml" }\n  annotations { "acme.io/owner": "ml" }\n  param rate',
    );
    const doc = manifest(text);
    expect(doc.metadata.labels).toEqual({ team: "ml" });
    expect(doc.metadata.annotations).toEqual({ "acme.io/owner": "ml" });
    expect(doc.spec.serviceAccountName).toBe("runner");
    expect(doc.spec.activeDeadlineSeconds).toBe(7200);
    expect(doc.spec.imagePullSecrets).toEqual([{ name: "ghcr" }]);
    expect(doc.spec.podMetadata).toEqual({ labels: { team: "ml" }, annotations: { "acme.io/owner": "ml" } });
  });

  it("sets podGC and ttlStrategy defaults that options override or remove", () => {
    const spec = specOf(manifest(PIPE));
    expect(spec.podGC).toEqual({ strategy: "OnPodSuccess" });
    expect(spec.ttlStrategy).toEqual({ secondsAfterCompletion: 604800 });
    const custom = specOf(manifest(PIPE, { podGC: { strategy: "OnWorkflowCompletion" }, ttlStrategy: { secondsAfterCompletion: 3600 } }));
    expect(custom.podGC).toEqual({ strategy: "OnWorkflowCompletion" });
    expect(custom.ttlStrategy).toEqual({ secondsAfterCompletion: 3600 });
    const none = specOf(manifest(PIPE, { podGC: null, ttlStrategy: null }));
    expect(none.podGC).toBeUndefined();
    expect(none.ttlStrategy).toBeUndefined();
  });

  it("is deterministic: the same program gives the same bytes", () => {
    const a = compile(PIPE).result.files[0].content;
    const b = compile(PIPE).result.files[0].content;
    expect(a).toBe(b);
  });

  it("takes a pipeline's artifact parameter as its URI, `<name>-uri`, and reads it from the artifact repository", () => {
    const text = `${LIB}\npipeline evaluate {\n  param data: Dataset\n  param lr: Float = 0.1\n  fit = train(data: data, lr: lr)\n}\n`;
    const key = "{{=sprig.regexReplaceAll('^[A-Za-z][A-Za-z0-9+.-]*://[^/]*/', workflow.parameters['data-uri'], '')}}";
    for (const kind of ["workflow", "workflow-template"] as const) {
      const c = expectDiagnostics(text, [], { kind });
      // A parameter `argo submit -p data-uri=s3://bucket/key` sets; the key-only artifact built from it.
      expect(specOf(c.docs[0]).arguments).toEqual({
        parameters: [{ name: "data-uri" }, { name: "lr", value: "0.1" }],
        artifacts: [{ name: "data", s3: { key } }],
      });
      expect(c.result.files[0].content).toContain(
        ["  arguments:", "    parameters:", "    - name: data-uri", "    - name: lr", "      value: '0.1'", "    artifacts:", "    - name: data", "      s3:", `        key: "${key}"`, ""].join("\n"),
      );
    }
    // With a gs:// artifact root the repository is GCS: the same key, in the field of its kind.
    const gcs = specOf(manifest(text.replace("param data", 'artifactRoot "gs://acme-ml/runs"\n  param data')));
    expect(gcs.arguments.artifacts).toEqual([{ name: "data", gcs: { key } }]);
  });
});

semcheckTest();
