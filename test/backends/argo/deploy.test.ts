import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { argument, expectDiagnostics, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Argo's resource template (schema: ResourceTemplate requires `action`; `manifest` is the object as
// text, template tags substituted before it is applied; k8s-jobs / resource examples). The manifest
// is the InferenceService `-t kserve` writes (serving.kserve.io/v1beta1, predictor.model.storageUri).

const PIPE = (root: string, serveModel: string, extra = "") => `${LIB}
pipeline p {
${root}  param uri: String = "s3://acme/models/m"
${extra}  prep = prepare(source: "s")
  fit = train(data: prep.train)
  serve cand {
    model sklearn from ${serveModel}
    replicas 1 .. 2
  }
}
`;

const ROOT = '  artifactRoot "s3://acme-ml/runs"\n';

describe("Argo deploy of a serve from a pipeline", () => {
  it("applies the InferenceService with the model artifact's URI", () => {
    const doc = manifest(PIPE(ROOT, "fit.model"));
    const t = task(doc, "deploy-cand");
    expect(t.depends).toBe("fit");
    expect(argument(t, "storage_uri")).toBe("{{tasks.fit.outputs.parameters.model-uri}}");
    const r = template(doc, t.template);
    expect(r.resource.action).toBe("apply");
    expect(r.resource.setOwnerReference).toBeUndefined();
    expect(r.inputs.parameters).toEqual([{ name: "storage_uri" }]);
    expect(r.memoize).toBeUndefined();
    const isvc = parse(r.resource.manifest);
    expect(isvc.apiVersion).toBe("serving.kserve.io/v1beta1");
    expect(isvc.kind).toBe("InferenceService");
    expect(isvc.metadata.name).toBe("cand");
    expect(isvc.spec.predictor.model.storageUri).toBe("{{inputs.parameters.storage_uri}}");
    expect(isvc.spec.predictor.model.modelFormat).toEqual({ name: "sklearn" });
    expect(isvc.spec.predictor.minReplicas).toBe(1);
    expect(isvc.spec.predictor.maxReplicas).toBe(2);
  });

  it("makes a step that runs after the serve wait for the deploy", () => {
    const doc = manifest(`${PIPE(ROOT, "fit.model")}`.replace("  serve cand {", "  smoke = echo(message: \"ping\") after cand\n  serve cand {"));
    expect(task(doc, "smoke").depends).toBe("deploy-cand");
  });

  it("takes a String parameter as the storage URI, with or without an artifact root", () => {
    const doc = manifest(PIPE("", "uri"));
    const t = task(doc, "deploy-cand");
    expect(argument(t, "storage_uri")).toBe("{{inputs.parameters.uri}}");
    expect(t.depends).toBeUndefined();
  });

  it("writes a literal storage URI into the manifest", () => {
    const doc = manifest(PIPE("", '"s3://acme/models/fixed"'));
    const t = task(doc, "deploy-cand");
    expect(t.arguments).toBeUndefined();
    const r = template(doc, t.template);
    expect(r.inputs).toBeUndefined();
    expect(parse(r.resource.manifest).spec.predictor.model.storageUri).toBe("s3://acme/models/fixed");
  });

  it("reports a model artifact without an artifact root at the serve's model", () => {
    expectDiagnostics(PIPE("", "fit.model"), [["MLP4101", "model sklearn from «fit.model»"]]);
  });
});

semcheckTest();
