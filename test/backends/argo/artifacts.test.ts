import { describe, expect, it } from "vitest";
import { argument, compile, expectDiagnostics, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Facts from Argo's docs and schema: a key-only artifact names only `s3.key` (or `gcs.key`; GCSArtifact
// requires `key`), the bucket and credentials coming from the artifact repository ("Key-Only
// Artifacts"); `{{workflow.uid}}` is "useful for … a unique artifact location" and `{{pod.name}}` is
// the pod of a container template (docs/variables.md); `valueFrom.default` "specifies a value to be
// used if retrieving the value from the specified source fails" (schema, ValueFrom).

const PUBLISH = `
component publish {
  image "ghcr.io/acme/publish:1.0"
  input data: Dataset
  output report: Markdown
  run ["publish", "--data", data.path, "--from", data.uri, "--report", report.path, "--report-uri", report.uri]
}
`;

const PIPE = (root: string, body: string) => `${LIB}${PUBLISH}
pipeline p {
${root === "" ? "" : `  artifactRoot "${root}"\n`}${body}
}
`;

const tmpl = (doc: any, step: string, dag?: string) => template(doc, task(doc, step, dag).template);
const outParam = (t: any, name: string) => t.outputs.parameters.find((p: any) => p.name === name);
const outArtifact = (t: any, name: string) => t.outputs.artifacts.find((a: any) => a.name === name);

describe("Argo artifact locations under artifactRoot", () => {
  it("writes each output artifact at a key-only location under the root, unique per run and pod", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", '  prep = prepare(source: "s")\n  pub = publish(data: prep.train)'));
    const train = outArtifact(tmpl(doc, "prep"), "train");
    // Only the key: bucket, endpoint and credentials stay the artifact repository's.
    expect(train.s3).toEqual({ key: "runs/{{workflow.uid}}/{{pod.name}}/train" });
    expect(train.archive).toEqual({ none: {} });
    const report = outArtifact(tmpl(doc, "pub"), "report");
    expect(report.s3.key).toBe("runs/{{workflow.uid}}/{{pod.name}}/report");
  });

  it("gives the producing container its output's URI and reports it as an output parameter", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", '  prep = prepare(source: "s")\n  pub = publish(data: prep.train)'));
    const t = tmpl(doc, "pub");
    const uri = "s3://acme-ml/runs/{{workflow.uid}}/{{pod.name}}/report";
    expect(t.container.command[t.container.command.indexOf("--report-uri") + 1]).toBe(uri);
    const p = outParam(t, "report-uri");
    expect(p.valueFrom.default).toBe(uri);
    // Read from a file nothing writes, so Argo takes the default; never the artifact's own file.
    expect(p.valueFrom.path).not.toBe(outArtifact(t, "report").path);
    expect(t.container.command).not.toContain(p.valueFrom.path);
  });

  it("passes an input artifact's URI to the consumer as a parameter from the producer's output", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", '  prep = prepare(source: "s")\n  pub = publish(data: prep.train)'));
    const pub = task(doc, "pub");
    expect(argument(pub, "data-uri")).toBe("{{tasks.prep.outputs.parameters.train-uri}}");
    expect(pub.depends).toBe("prep");
    // The artifact itself still passes with `from`.
    expect(pub.arguments.artifacts).toEqual([{ name: "data", from: "{{tasks.prep.outputs.artifacts.train}}" }]);
    const t = tmpl(doc, "pub");
    expect(t.inputs.parameters.map((p: any) => p.name)).toContain("data-uri");
    expect(t.container.command[t.container.command.indexOf("--from") + 1]).toBe("{{inputs.parameters.data-uri}}");
    // The producer reports it.
    expect(outParam(tmpl(doc, "prep"), "train-uri")).toBeDefined();
  });

  it("uses gcs for a gs:// root and no prefix for a bare bucket", () => {
    const gs = manifest(PIPE("gs://acme-ml", '  prep = prepare(source: "s")'));
    const t = tmpl(gs, "prep");
    expect(outArtifact(t, "train").gcs).toEqual({ key: "{{workflow.uid}}/{{pod.name}}/train" });
    expect(outArtifact(t, "train").s3).toBeUndefined();
    expect(outParam(t, "train-uri").valueFrom.default).toBe("gs://acme-ml/{{workflow.uid}}/{{pod.name}}/train");
  });

  it("gives steps inside loops and sub-DAGs their own locations", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", `  for s in ["a", "a"] {
    prep = prepare(source: s)
    pub = publish(data: prep.train)
  }`));
    const body = doc.spec.templates.find((t: any) => t.name.startsWith("for-s"));
    const pub = body.dag.tasks.find((t: any) => t.name === "pub");
    // Same iteration: the URI comes from the task of this iteration's DAG.
    expect(argument(pub, "data-uri")).toBe("{{tasks.prep.outputs.parameters.train-uri}}");
    // Equal items still write different keys: the key names the pod, not the item.
    expect(outArtifact(template(doc, body.dag.tasks.find((t: any) => t.name === "prep").template), "train").s3.key).toContain("{{pod.name}}");
  });

  it("passes an imported artifact's URI as written", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", '  param day: String = "d"\n  raw = import Dataset from "s3://acme/day=${day}/x.csv"\n  pub = publish(data: raw.artifact)'));
    expect(argument(task(doc, "pub"), "data-uri")).toBe("s3://acme/day={{inputs.parameters.day}}/x.csv");
  });

  it("gives a sub-pipeline's artifact outputs their URI", () => {
    const c = compile(`${LIB}${PUBLISH}
pipeline inner {
  output data: Dataset = prep.train
  prep = prepare(source: "s")
}
pipeline p {
  artifactRoot "s3://acme-ml/runs"
  sub = inner()
  pub = publish(data: sub.data)
}
`);
    expect(c.diagnostics).toEqual([]);
    const doc = c.docs.find((d) => d.metadata.generateName === "p-")!;
    const inner = template(doc, task(doc, "sub").template);
    expect(inner.outputs.parameters).toContainEqual({ name: "data-uri", valueFrom: { parameter: "{{tasks.prep.outputs.parameters.train-uri}}" } });
    expect(argument(task(doc, "pub"), "data-uri")).toBe("{{tasks.sub.outputs.parameters.data-uri}}");
  });

  it("keys memoized consumers on the upstream URI, which names the producing pod", () => {
    const doc = manifest(PIPE("s3://acme-ml/runs", '  prep = prepare(source: "s")\n  pub = publish(data: prep.train)'));
    expect(argument(task(doc, "pub"), "mlpc-upstream")).toBe("{{tasks.prep.outputs.parameters.train-uri}}");
  });

  it("adds nothing to pipelines without an artifact root", () => {
    const doc = manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s")\n  fit = train(data: prep.train)\n}\n`);
    const t = tmpl(doc, "prep");
    expect(outArtifact(t, "train")).toEqual({ name: "train", path: "/tmp/outputs/train/data", archive: { none: {} } });
    expect(outParam(t, "train-uri")).toBeUndefined();
  });

  it("reports x.uri without an artifact root at the placeholder", () => {
    const c = expectDiagnostics(PIPE("", '  prep = prepare(source: "s")\n  pub = publish(data: prep.train)'), [
      ["MLP4101", "data.uri"],
      ["MLP4101", "report.uri"],
    ]);
    expect(c.diagnostics[0].message).toContain("artifactRoot");
  });

  it("reports the URI of an artifact given to the pipeline, which Argo does not know", () => {
    expectDiagnostics(PIPE("s3://acme-ml/runs", "  param data: Dataset\n  pub = publish(data: data)"), [
      ["MLP4108", "pub = publish(data: «data»)"],
    ]);
  });
});

semcheckTest();
