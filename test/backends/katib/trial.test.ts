import { describe, expect, it } from "vitest";
import { TRAIN, expectBackendDiagnostics, experiment, trialPod, tuneOf } from "./support.js";

const BASIC = tuneOf(`  search lr: Float in 0.001 .. 0.1\n  search booster: String in ["gbtree", "dart"]\n  with { data_uri: "s3://acme/train.parquet" }\n`);

describe("Katib trial template", () => {
  it("is a batch/v1 Job whose one container runs the component, named after it", () => {
    const e = experiment(BASIC);
    const t = e.spec.trialTemplate;
    expect(t.primaryContainerName).toBe("train");
    expect(t.trialSpec.apiVersion).toBe("batch/v1");
    expect(t.trialSpec.kind).toBe("Job");
    expect(t.trialSpec).not.toHaveProperty("metadata");
    const { pod, container } = trialPod(e);
    expect(pod.containers).toHaveLength(1);
    expect(container.name).toBe("train");
    expect(container.image).toBe("ghcr.io/acme/train:2.3.1");
    expect(pod.restartPolicy).toBe("Never");
  });

  it("puts the searched inputs' trial parameters where their placeholders are, and fixed values and defaults for the others", () => {
    const { container } = trialPod(experiment(BASIC));
    expect(container.command).toEqual([
      "python",
      "train.py",
      "--data",
      "s3://acme/train.parquet", // `with`
      "--lr=${trialParameters.lr}", // searched, inside a string
      "--depth",
      "3", // the default
      "--booster",
      "${trialParameters.booster}", // searched
    ]);
    expect(container).not.toHaveProperty("args");
  });

  it("declares one trial parameter per searched input, referring to the search parameter of the same name", () => {
    const e = experiment(BASIC);
    expect(e.spec.trialTemplate.trialParameters).toEqual([
      { name: "lr", reference: "lr" },
      { name: "booster", reference: "booster" },
    ]);
    expect(e.spec.parameters.map((p: { name: string }) => p.name)).toEqual(["lr", "booster"]);
  });

  it("writes a tune's `with` values of every literal type as text (lists and structs as JSON, quoted for Katib's shell)", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  input n: Int
  input f: Float
  input flag: Bool
  input tags: List<String>
  input conf: Struct
  output loss: Float
  run ["c", lr, n, f, flag, tags, conf]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
  with { n: 600, f: 2.5e-4, flag: false, tags: ["a", "b"], conf: { depth: 3, name: "x" } }
}
`;
    const { container } = trialPod(experiment(text));
    // JSON has quotes and brackets, which Katib's unquoted `sh -c` would eat: mlpc quotes the command line.
    expect(container.command).toEqual(["sh", "-c", `c '\${trialParameters.lr}' 600 0.00025 false '["a","b"]' '{"depth":3,"name":"x"}'`]);
  });

  it("keeps the elements of `if x [ … ]` when x has a value in the trial and uses `else` otherwise", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  input seed: Int?
  input tag: String?
  input mode: String?
  output loss: Float
  args ["--lr", lr, if seed ["--seed", seed] else ["--random"], if tag ["--tag", tag] else ["--untagged"], if mode ["--mode", mode]]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
  search seed: Int in 1 .. 100
  with { tag: "nightly" }
}
`;
    const { container } = trialPod(experiment(text));
    expect(container).not.toHaveProperty("command");
    expect(container.args).toEqual(["--lr", "${trialParameters.lr}", "--seed", "${trialParameters.seed}", "--tag", "nightly"]);
  });

  it("keeps `run` as the command and `args` as the arguments", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  output loss: Float
  run ["python", "-m", "c"]
  args ["--lr", lr]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
}
`;
    const { container } = trialPod(experiment(text));
    expect(container.command).toEqual(["python", "-m", "c"]);
    expect(container.args).toEqual(["--lr", "${trialParameters.lr}"]);
  });

  it("maps each output's path to a file on an emptyDir volume", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  output model: Model
  output loss: Float
  run ["c", lr, "--model", model.path, "--report=\${loss.path}"]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
  collector stdout
}
`;
    const { pod, container } = trialPod(experiment(text));
    expect(container.command).toEqual(["c", "${trialParameters.lr}", "--model", "/tmp/outputs/model", "--report=/tmp/outputs/loss"]);
    expect(container.volumeMounts).toEqual([{ name: "mlpc-outputs", mountPath: "/tmp/outputs" }]);
    expect(pod.volumes).toEqual([{ name: "mlpc-outputs", emptyDir: {} }]);
  });

  it("mounts no outputs volume when the command writes no output", () => {
    const { pod, container } = trialPod(experiment(BASIC));
    expect(pod).not.toHaveProperty("volumes");
    expect(container).not.toHaveProperty("volumeMounts");
  });

  it("runs a command line with spaces or shell characters as `sh -c` with each argument quoted", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  input query: String
  output loss: Float
  run ["python", "c.py", "--lr", lr, "--query", query, "--note", "it's $HOME"]
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
  with { query: "channel IN ('ecom', 'pos')" }
}
`;
    const { container } = trialPod(experiment(text));
    expect(container.command).toEqual([
      "sh",
      "-c",
      `python c.py --lr '\${trialParameters.lr}' --query 'channel IN ('\\''ecom'\\'', '\\''pos'\\'')' --note 'it'\\''s $HOME'`,
    ]);
    expect(container).not.toHaveProperty("args");
  });

  it("quotes a categorical search value with a space for the shell", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input kernel: String
  output loss: Float
  run ["c", "--kernel", kernel]
}
tune t of c {
  objective minimize loss
  algorithm random
  search kernel: String in ["rbf", "poly 3"]
}
`;
    const { container } = trialPod(experiment(text));
    expect(container.command).toEqual(["sh", "-c", "c --kernel '${trialParameters.kernel}'"]);
  });

  it("applies the component's settings with the tune's over them (maps merge by key, the rest is replaced)", () => {
    const text = `component c {
  image "ghcr.io/acme/c:1.0"
  input lr: Float
  output loss: Float
  run ["c", lr]
  env { MODE: "train", THREADS: 4, TOKEN: secret("hf", "token") }
  resources { cpu 2  memory "8Gi" }
  nodeSelector { pool: "cpu", zone: "a" }
  labels { team: "fraud" }
  timeout "1h"
  retry 2
}
tune t of c {
  objective minimize loss
  algorithm random
  search lr: Float in 0.1 .. 1
  env { THREADS: 8, URI: configmap("settings", "uri") }
  resources { cpu 1 .. 4  memory "4Gi" .. "16Gi"  ephemeralStorage "20Gi" }
  nodeSelector { pool: "highmem" }
  tolerations [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]
  affinity [
    { key: "topology.kubernetes.io/zone", operator: "In", values: ["a", "b"] },
    { key: "spot", operator: "Exists", weight: 20 },
  ]
  labels { stage: "hpo" }
  annotations { "acme.io/owner": "ml" }
  volumes { "/data": pvc("features", readOnly: true), "/dev/shm": emptyDir(medium: "Memory", size: "1Gi"), "/etc/conf": configmap("conf"), "/secrets": secret("creds", optional: true) }
  serviceAccount "katib-trials"
  securityContext { runAsUser: 1000, runAsNonRoot: true }
  imagePullSecrets ["ghcr"]
  timeout "45m"
}
`;
    const e = experiment(text);
    const { pod, container } = trialPod(e);
    expect(container.env).toEqual([
      { name: "MODE", value: "train" },
      { name: "THREADS", value: "8" },
      { name: "TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
      { name: "URI", valueFrom: { configMapKeyRef: { name: "settings", key: "uri" } } },
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: "1", memory: "4Gi", "ephemeral-storage": "20Gi" },
      limits: { cpu: "4", memory: "16Gi", "ephemeral-storage": "20Gi" },
    });
    expect(container.volumeMounts).toEqual([
      { name: "data", mountPath: "/data", readOnly: true },
      { name: "dev-shm", mountPath: "/dev/shm" },
      { name: "etc-conf", mountPath: "/etc/conf" },
      { name: "secrets", mountPath: "/secrets" },
    ]);
    expect(pod.volumes).toEqual([
      { name: "data", persistentVolumeClaim: { claimName: "features", readOnly: true } },
      { name: "dev-shm", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
      { name: "etc-conf", configMap: { name: "conf" } },
      { name: "secrets", secret: { secretName: "creds", optional: true } },
    ]);
    expect(pod.nodeSelector).toEqual({ pool: "highmem", zone: "a" });
    expect(pod.tolerations).toEqual([{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["a", "b"] }] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference: { matchExpressions: [{ key: "spot", operator: "Exists" }] } }],
      },
    });
    expect(e.spec.trialTemplate.trialSpec.spec.template.metadata).toEqual({ labels: { team: "fraud", stage: "hpo" }, annotations: { "acme.io/owner": "ml" } });
    expect(pod.serviceAccountName).toBe("katib-trials");
    expect(pod.imagePullSecrets).toEqual([{ name: "ghcr" }]);
    expect(container.securityContext).toEqual({ runAsUser: 1000, runAsNonRoot: true });
    expect(pod.activeDeadlineSeconds).toBe(45 * 60);
    expect(e.spec.trialTemplate.trialSpec.spec.backoffLimit).toBe(2);
  });

  it("does not retry a failed trial's pod unless the component says so (Kubernetes would, 6 times)", () => {
    expect(experiment(BASIC).spec.trialTemplate.trialSpec.spec.backoffLimit).toBe(0);
  });

  it("asks for GPUs as an nvidia.com/gpu limit and tolerates the GPU taint", () => {
    const { pod, container } = trialPod(
      experiment(BASIC.replace("  with {", `  resources { memory "32Gi"  gpu 2 "nvidia-l4" }\n  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }\n  with {`)),
    );
    expect(container.resources).toEqual({ limits: { memory: "32Gi", "nvidia.com/gpu": "2" }, requests: { memory: "32Gi" } });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("keeps a written toleration of the GPU taint instead of adding one", () => {
    const { pod } = trialPod(
      experiment(
        BASIC.replace(
          "  with {",
          `  resources { gpu 1 }\n  tolerations [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]\n  with {`,
        ),
      ),
    );
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
  });

  it("leaves a GPU model nothing selects to the one shared warning (MLP2080, validation)", () => {
    const text = BASIC.replace("  with {", `  resources { gpu 1 "nvidia-tesla-t4" }\n  with {`);
    const c = expectBackendDiagnostics(text, []);
    expect(c.result.files).toHaveLength(1);
  });

  it("warns that a Job cannot honour a retry's backoff, and still writes the Experiment", () => {
    const text = TRAIN.replace(`  run `, `  retry 3 backoff "30s" factor 2\n  run `) +
      `tune t of train {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.1 .. 1\n  with { data_uri: "s3://d" }\n}\n`;
    const c = expectBackendDiagnostics(text, [["MLP4220", `«retry» 3 backoff`]]);
    expect(c.docs[0].spec.trialTemplate.trialSpec.spec.backoffLimit).toBe(3);
  });
});
