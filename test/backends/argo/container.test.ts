import { describe, expect, it } from "vitest";
import { expectDiagnostics, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Facts from Argo's schema and examples (output-parameter, artifact-passing, pod-resources,
// volumes-existing, node-selector, retry-backoff, timeouts-*): an output parameter is read from a file
// with `valueFrom.path`; input artifacts name the `path` Argo downloads them to; resources, node
// selector, tolerations, affinity, volumes and `activeDeadlineSeconds` are Kubernetes pod fields on the
// template; `retryStrategy` has `limit` and `backoff: {duration, factor, cap}`.

const STEP = (settings: string, component = "train", args = "data: prep.train") => `${LIB}
pipeline p {
  prep = prepare(source: "s3://a/b")
  fit = ${component}(${args}) {
${settings}
  }
}
`;

describe("Argo container templates", () => {
  it("maps placeholders: parameters to inputs, input artifacts and outputs to files", () => {
    const doc = manifest(STEP(""));
    const t = template(doc, task(doc, "fit").template);
    // lr, with the component's default; `mlpc-upstream` is the memoization key's input (memoize tests).
    expect(t.inputs.parameters.filter((p: any) => p.name !== "mlpc-upstream")).toEqual([{ name: "lr", default: "0.001" }]);
    const dataPath = t.inputs.artifacts.find((a: any) => a.name === "data").path;
    const out = (name: string) => t.outputs.parameters?.find((p: any) => p.name === name)?.valueFrom.path ?? t.outputs.artifacts.find((a: any) => a.name === name).path;
    expect(t.container.command).toEqual([
      "train", "--data", dataPath, "--lr={{inputs.parameters.lr}}", "--model", out("model"), "--accuracy", out("accuracy"),
      "--verdict", out("verdict"), "--passed", out("passed"), "--no-tags",
    ]);
    // Every output has its own file, and its directory exists before the container starts.
    const paths = ["model", "accuracy", "verdict", "passed"].map(out);
    expect(new Set(paths).size).toBe(4);
    for (const path of paths) {
      const dir = path.slice(0, path.lastIndexOf("/"));
      expect(t.container.volumeMounts.some((m: any) => m.mountPath === dir), path).toBe(true);
    }
    expect(t.outputs.artifacts.map((a: any) => a.name)).toEqual(["model"]);
    expect(t.outputs.parameters.map((p: any) => p.name)).toEqual(["accuracy", "verdict", "passed"]);
  });

  it("resolves an optional input's arguments per step, since Argo has no run-time IfPresent", () => {
    const doc = manifest(STEP("", "train", 'data: prep.train, tags: ["a", "b"]'));
    const t = template(doc, task(doc, "fit").template);
    expect(t.container.command.slice(-2)).toEqual(["--tags", "{{inputs.parameters.tags}}"]);
    expect(t.inputs.parameters.map((p: any) => p.name)).toContain("tags");
    expect(task(doc, "fit").arguments.parameters).toContainEqual({ name: "tags", value: '["a","b"]' });
  });

  it("writes resources, GPU limit and toleration, env, volumes and scheduling", () => {
    const doc = manifest(
      STEP(`    resources { cpu 1 .. 2  memory "4Gi"  gpu 1 "nvidia-l4" }
    env { MODE: "fast", TOKEN: secret("hf", "token"), URI: configmap("conf", "uri") }
    volumes { "/data": pvc("features", readOnly: true), "/dev/shm": emptyDir(medium: "Memory") }
    nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }
    tolerations [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]
    affinity [{ key: "zone", operator: "In", values: ["a"] }]
    serviceAccount "trainer"
    labels { stage: "fit" }`),
    );
    const t = template(doc, task(doc, "fit").template);
    expect(t.container.resources).toEqual({ limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" }, requests: { cpu: "1", memory: "4Gi" } });
    expect(t.container.env).toEqual([
      { name: "MODE", value: "fast" },
      { name: "TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
      { name: "URI", valueFrom: { configMapKeyRef: { name: "conf", key: "uri" } } },
    ]);
    expect(t.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "features", readOnly: true } });
    expect(t.volumes).toContainEqual({ name: "dev-shm", emptyDir: { medium: "Memory" } });
    expect(t.container.volumeMounts).toContainEqual({ name: "data", mountPath: "/data", readOnly: true });
    expect(t.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-l4" });
    expect(t.tolerations).toEqual([
      { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" },
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    ]);
    expect(t.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] },
    ]);
    expect(t.serviceAccountName).toBe("trainer");
    expect(t.metadata).toEqual({ labels: { stage: "fit" } });
  });

  it("writes retries with backoff (factor 2 unless given, max as the whole retry time) and the step timeout", () => {
    const doc = manifest(STEP('    retry 3 backoff "30s" factor 3 max "5m"\n    timeout "1h"'));
    const t = template(doc, task(doc, "fit").template);
    expect(t.retryStrategy).toEqual({ limit: "3", backoff: { duration: "30s", factor: "3", maxDuration: "300s" } });
    expect(t.activeDeadlineSeconds).toBe(3600);
    const plain = manifest(STEP("    retry 2"));
    expect(template(plain, task(plain, "fit").template).retryStrategy).toEqual({ limit: "2" });
    const noFactor = manifest(STEP('    retry 2 backoff "10s"'));
    expect(template(noFactor, task(noFactor, "fit").template).retryStrategy).toEqual({ limit: "2", backoff: { duration: "10s", factor: "2" } });
  });

  it("rejects artifact URI and metadata placeholders, which Argo does not substitute", () => {
    const text = `component show {
  image "alpine:3.20"
  input data: Dataset
  output report: Markdown
  run ["show", data.uri, data.metadata, report.uri, report.path]
}
component make {
  image "alpine:3.20"
  output data: Dataset
  run ["make", data.path]
}
pipeline p {
  m = make()
  s = show(data: m.data)
}
`;
    const c = expectDiagnostics(text, [
      ["MLP4101", "data.uri"],
      ["MLP4102", "data.metadata"],
      ["MLP4101", "report.uri"],
    ]);
    expect(c.result.files).toEqual([]);
  });

  it("leaves a GPU model nothing selects to the one shared warning (MLP2080, validation)", () => {
    expectDiagnostics(STEP('    resources { gpu 2 "nvidia-a100" }'), []);
  });
});

describe("Argo env from pod fields", () => {
  // Kubernetes' downward API (EnvVarSource.fieldRef.fieldPath), which Argo passes through as the
  // container's env, as KFP's fieldPathAsEnv does.
  it("reaches the container as valueFrom.fieldRef", () => {
    const doc = manifest(`${LIB}
pipeline p {
  e = echo(message: "x") {
    env { POD_NAME: fieldPath("metadata.name"), RUN: fieldPath("metadata.annotations['workflows.argoproj.io/node-name']") }
  }
}
`);
    const env = template(doc, task(doc, "e").template).container.env;
    expect(env).toEqual([
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "RUN", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['workflows.argoproj.io/node-name']" } } },
    ]);
  });
});

describe("Argo optional pipeline parameters", () => {
  // Argo's Workflow arguments: a parameter without a value must be given at submission, and a
  // template input without a value or default fails the step; there is no "absent" argument.
  it("reports an optional parameter without a default at the parameter", () => {
    expectDiagnostics(
      `${LIB}
pipeline p {
  param tags: List<String>?
  prep = prepare(source: "s")
  fit = train(data: prep.train, tags: tags)
}
`,
      [["MLP4107", "param «tags»: List<String>?"]],
    );
  });

  it("accepts an optional parameter with a default, which always has a value", () => {
    const doc = manifest(`${LIB}
pipeline p {
  param tags: List<String>? = ["a"]
  prep = prepare(source: "s")
  fit = train(data: prep.train, tags: tags)
}
`);
    expect(doc.spec.arguments.parameters).toEqual([{ name: "tags", value: '["a"]' }]);
  });
});

semcheckTest();
