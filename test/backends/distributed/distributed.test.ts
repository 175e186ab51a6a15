import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments, stringify } from "yaml";
import { emitArgo } from "../../../src/backends/argo/index.js";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { emitRbac } from "../../../src/backends/rbac/index.js";
import { emitKatib } from "../../../src/backends/katib/index.js";
import { jobNamePrefix } from "../../../src/backends/kubernetes/training.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON } from "../katib/k8s-validate.js";
import { compileWith, expectSpans } from "../support.js";
import { checkSource } from "../../helpers.js";
import { recordForSemcheck, semcheckTest } from "../argo/semcheck.js";
import { recordForConformance, conformanceTest } from "../kfp/conformance.js";

// A distributed step on KFP (a kubectl step that creates the job and waits for its condition) and on
// Argo (a resource template with the job's conditions); the job itself is the same document on both,
// placeholders aside, and passes k8s-validate with the training CRDs and webhook rules.

const LIB = `
component finetune {
  image "ghcr.io/acme/finetune:2.1.0"
  input data: Dataset
  input epochs: Int = 3
  input tag: String?
  output model: Model
  run ["torchrun", "finetune.py", "--data", data.uri, "--epochs", epochs, "--out", model.uri, if tag ["--tag", tag]]
  resources { gpu 8 "nvidia-h100"  memory "320Gi" }
  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-h100" }
  env { HF_TOKEN: secret("hf", "token"), NCCL_DEBUG: "WARN" }
  distributed { nodes 4  procsPerNode 8  runtime "torch-distributed" }
}

component evaluate {
  image "ghcr.io/acme/eval:1.0"
  input model: Model
  output report: Metrics
  run ["python", "eval.py", "--model", model.path, "--uri", model.uri, "--report", report.path]
}
`;

const PIPE = (root: string, body: string) => `${LIB}
pipeline llm {
${root}  param epochs: Int = 2
  d = import Dataset from "s3://acme-ml/data/chat"
${body}
}
`;

const ROOT = '  artifactRoot "s3://acme-ml/runs"\n';
const BODY = `  fit = finetune(data: d.artifact, epochs: epochs)
  ev = evaluate(model: fit.model)`;

function argo(text: string) {
  const c = compileWith(text, (p) => emitArgo(p));
  recordForSemcheck(c.result.files);
  return c;
}

function kfp(text: string) {
  const c = compileWith(text, (p) => emitKfp(p));
  recordForConformance(c.result.files as never);
  return c;
}

const jobs: { name: string; content: string }[] = [];

/** Every resource manifest of an Argo Workflow, recorded for k8s-validate. */
function argoJobs(doc: Record<string, any>): Record<string, any>[] {
  const spec = doc.kind === "CronWorkflow" ? doc.spec.workflowSpec : doc.spec;
  const out = spec.templates.filter((t: any) => t.resource !== undefined && /kubeflow\.org/.test(t.resource.manifest)).map((t: any) => parse(t.resource.manifest));
  for (const m of out) jobs.push({ name: `argo-${jobs.length}.yaml`, content: t(m) });
  return out;
}

/** Every job a KFP pipeline's kubectl steps create, recorded for k8s-validate. */
function kfpJobs(doc: Record<string, any>): Record<string, any>[] {
  const out = Object.values(doc.deploymentSpec?.executors ?? {})
    .filter((e: any) => e.container?.image?.includes("kubectl") && e.container.args[0].includes("kubeflow.org"))
    .map((e: any) => JSON.parse(e.container.args[0]));
  for (const m of out) jobs.push({ name: `kfp-${jobs.length}.yaml`, content: t(m) });
  return out;
}

const t = (m: unknown) => stringify(m);
const parseAll = (text: string): any[] => parseAllDocuments(text).map((d) => d.toJS());

describe("the job of a distributed step", () => {
  it("is a TrainJob against the runtime, its container the component's, settings per node", () => {
    const [job] = kfpJobs(kfp(PIPE(ROOT, BODY)).docs[0]!);
    expect(job).toEqual({
      apiVersion: "trainer.kubeflow.org/v1alpha1",
      kind: "TrainJob",
      metadata: { generateName: "llm-finetune-" },
      spec: {
        runtimeRef: { apiGroup: "trainer.kubeflow.org", kind: "ClusterTrainingRuntime", name: "torch-distributed" },
        trainer: {
          image: "ghcr.io/acme/finetune:2.1.0",
          command: ["torchrun", "finetune.py", "--data", "{{$.inputs.artifacts['data'].uri}}", "--epochs", "{{$.inputs.parameters['epochs']}}", "--out", "{{$.outputs.artifacts['model'].uri}}"],
          env: [
            { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
            { name: "NCCL_DEBUG", value: "WARN" },
          ],
          numNodes: 4,
          numProcPerNode: 8,
          resourcesPerNode: { limits: { memory: "320Gi", "nvidia.com/gpu": "8" }, requests: { memory: "320Gi" } },
        },
        runtimePatches: [
          {
            manager: "mlpc.dev/placement",
            trainingRuntimeSpec: {
              template: {
                spec: {
                  replicatedJobs: [
                    {
                      name: "node",
                      template: {
                        spec: {
                          template: {
                            spec: {
                              nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-h100" },
                              tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
                            },
                          },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        ],
      },
    });
  });

  it("takes a step's block of another job kind whole, and its own fields over the component's otherwise", () => {
    const pytorch = kfpJobs(kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { job pytorchjob } }`)).docs[0]!)[0]!;
    expect(pytorch.spec.nprocPerNode).toBeUndefined();
    expect(pytorch.spec.pytorchReplicaSpecs.Worker).toBeUndefined();
    const scaled = kfpJobs(kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { nodes 8 } }`)).docs[0]!)[0]!;
    expect(scaled.spec.trainer.numNodes).toBe(8);
    expect(scaled.spec.trainer.numProcPerNode).toBe(8);
    expect(scaled.spec.runtimeRef.name).toBe("torch-distributed");
  });

  it("is a PyTorchJob with one Master and the other nodes as Workers, each container named pytorch", () => {
    const body = `  fit = finetune(data: d.artifact) { distributed { job pytorchjob  nodes 3  procsPerNode 8  restart onFailure  backoffLimit 2 }  timeout "6h" }`;
    const [job] = kfpJobs(kfp(PIPE(ROOT, body)).docs[0]!);
    expect(job.apiVersion).toBe("kubeflow.org/v1");
    expect(job.kind).toBe("PyTorchJob");
    expect(job.spec.runPolicy).toEqual({ activeDeadlineSeconds: 21600, backoffLimit: 2 });
    expect(job.spec.nprocPerNode).toBe("8");
    expect(job.spec.elasticPolicy).toBeUndefined();
    expect(Object.keys(job.spec.pytorchReplicaSpecs)).toEqual(["Master", "Worker"]);
    const { Master, Worker } = job.spec.pytorchReplicaSpecs;
    expect(Master.replicas).toBe(1);
    expect(Worker.replicas).toBe(2);
    expect(Master.restartPolicy).toBe("OnFailure");
    expect(Master.template).toEqual(Worker.template);
    expect(Master.template.spec.containers.map((c: any) => c.name)).toEqual(["pytorch"]);
    expect(Master.template.spec.containers[0].resources).toEqual({ limits: { memory: "320Gi", "nvidia.com/gpu": "8" }, requests: { memory: "320Gi" } });
    expect(Master.template.spec.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-h100" });
    expect(Master.template.spec.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("is an elastic PyTorchJob of Workers only, and a Master alone on one node", () => {
    const elastic = kfpJobs(kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { job pytorchjob  nodes 2  elastic 1 .. 4 } }`)).docs[0]!)[0]!;
    expect(Object.keys(elastic.spec.pytorchReplicaSpecs)).toEqual(["Worker"]);
    expect(elastic.spec.pytorchReplicaSpecs.Worker.replicas).toBe(2);
    expect(elastic.spec.elasticPolicy).toEqual({ rdzvBackend: "c10d", minReplicas: 1, maxReplicas: 4 });
    const single = kfpJobs(kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { job pytorchjob  nodes 1 } }`)).docs[0]!)[0]!;
    expect(Object.keys(single.spec.pytorchReplicaSpecs)).toEqual(["Master"]);
  });

  it("is a TFJob of Workers with a container named tensorflow", () => {
    const [job] = kfpJobs(kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { job tfjob  nodes 2 } }`).replace("procsPerNode 8  runtime \"torch-distributed\"", "")).docs[0]!);
    expect(job.kind).toBe("TFJob");
    expect(Object.keys(job.spec.tfReplicaSpecs)).toEqual(["Worker"]);
    expect(job.spec.tfReplicaSpecs.Worker.replicas).toBe(2);
    expect(job.spec.tfReplicaSpecs.Worker.template.spec.containers[0].name).toBe("tensorflow");
  });

  it("is named by the API server from a DNS-1035 prefix that leaves room for its suffix", () => {
    expect(jobNamePrefix("llm_finetune", "finetune")).toBe("llm-finetune-finetune-");
    expect(jobNamePrefix("_x", "y")).toBe("x-y-");
    expect(jobNamePrefix("_1x", "y")).toBe("job-1x-y-");
    const long = jobNamePrefix("p".repeat(40), "c".repeat(40));
    expect(long.length).toBe(58);
    expect(long).toMatch(/^[a-z][a-z0-9-]*-$/);
  });
});

describe("KFP: a kubectl step that creates the job and waits for its condition", () => {
  it("keeps the component's inputs and outputs and creates the output directories", () => {
    const doc = kfp(PIPE(ROOT, BODY)).docs[0]!;
    const exec = doc.deploymentSpec.executors["exec-finetune"].container;
    expect(exec.image).toBe("docker.io/bitnami/kubectl:1.31.4");
    expect(exec.args.slice(1)).toEqual(["{{$.outputs.artifacts['model'].path}}"]);
    expect(exec.command).toEqual([
      "sh",
      "-ec",
      [
        'for dir in "$@"; do mkdir -p "$dir"; done',
        'job=$(printf "%s" "$0" | kubectl create -f - -o name)',
        'echo "created $job"',
        "while :; do",
        `  state=" $(kubectl get "$job" -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"`,
        '  case "$state" in',
        '    *" Complete "*) echo "$job succeeded"; exit 0 ;;',
        `    *" Failed "*) echo "$job failed: $(kubectl get "$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].message}')" >&2; exit 1 ;;`,
        "  esac",
        "  sleep 15",
        "done",
      ].join("\n"),
    ]);
    expect(doc.components["comp-finetune"].outputDefinitions).toEqual({ artifacts: { model: { artifactType: { schemaTitle: "system.Model", schemaVersion: "0.0.1" } } } });
    // The next step reads the model the job wrote as any other output.
    expect(doc.root.dag.tasks.ev.inputs.artifacts.model).toEqual({ taskOutputArtifact: { outputArtifactKey: "model", producerTask: "fit" } });
    // The kubectl pod itself gets no GPU, node selector or secret: the job's pods do.
    const platform = kfp(PIPE(ROOT, BODY)).docs[1];
    expect(platform?.platforms?.kubernetes?.deploymentSpec?.executors?.["exec-finetune"]).toBeUndefined();
  });

  it("waits for Succeeded on a v1 job", () => {
    const doc = kfp(PIPE(ROOT, `  fit = finetune(data: d.artifact) { distributed { job pytorchjob } }`)).docs[0]!;
    expect(doc.deploymentSpec.executors["exec-finetune"].container.command[2]).toContain('*" Succeeded "*) echo "$job succeeded"; exit 0 ;;');
  });
});

describe("Argo: a resource template that creates the job and waits for its conditions", () => {
  it("creates the TrainJob owned by the Workflow, with the job's conditions and its outputs read back", () => {
    const doc = argo(PIPE(ROOT, BODY)).docs[0]!;
    const fit = doc.spec.templates.find((x: any) => x.name === "finetune");
    expect(fit.inputs).toEqual({ parameters: [{ name: "data-uri" }, { name: "epochs", default: "3" }] });
    expect(fit.outputs).toEqual({
      parameters: [
        { name: "model-uri", valueFrom: { jsonPath: "{.metadata.annotations.mlpc\\.dev/model-uri}" } },
        { name: "model-key", valueFrom: { jsonPath: "{.metadata.annotations.mlpc\\.dev/model-key}" } },
      ],
    });
    expect(fit.memoize).toEqual({
      key: expect.stringMatching(/^mlpc-[0-9a-f]{16}-\{\{=sprig\.sha256sum\(toJson\(\[inputs\.parameters\['data-uri'\], inputs\.parameters\['epochs'\]\]\)\)\}\}$/),
      maxAge: "168h",
      cache: { configMap: { name: "mlpc-cache-llm" } },
    });
    expect(fit.resource.action).toBe("create");
    expect(fit.resource.setOwnerReference).toBe(true);
    expect(fit.resource.successCondition).toBe("status.conditions.0.type == Complete");
    expect(fit.resource.failureCondition).toBe("status.conditions.0.type == Failed, status.conditions.1.type == Failed, status.conditions.2.type == Failed");
    const [job] = argoJobs(doc);
    expect(job!.metadata).toEqual({
      generateName: "llm-finetune-",
      annotations: {
        "mlpc.dev/model-uri": "s3://acme-ml/runs/{{workflow.uid}}/{{pod.name}}/model",
        "mlpc.dev/model-key": "runs/{{workflow.uid}}/{{pod.name}}/model",
      },
    });
    expect(job!.spec.trainer.command).toEqual(["torchrun", "finetune.py", "--data", "{{inputs.parameters.data-uri}}", "--epochs", "{{inputs.parameters.epochs}}", "--out", "s3://acme-ml/runs/{{workflow.uid}}/{{pod.name}}/model"]);
    const tasks = doc.spec.templates.find((x: any) => x.name === doc.spec.entrypoint).dag.tasks;
    const fitTask = tasks.find((x: any) => x.name === "fit");
    expect(fitTask.arguments.parameters).toEqual([
      { name: "data-uri", value: "s3://acme-ml/data/chat" },
      { name: "epochs", value: "{{inputs.parameters.epochs}}" },
    ]);
    const ev = tasks.find((x: any) => x.name === "ev");
    expect(ev.depends).toBe("fit");
    expect(ev.arguments.artifacts).toEqual([{ name: "model", s3: { key: "{{tasks.fit.outputs.parameters.model-key}}" } }]);
    expect(ev.arguments.parameters.find((p: any) => p.name === "model-uri")).toEqual({ name: "model-uri", value: "{{tasks.fit.outputs.parameters.model-uri}}" });
  });

  it("exports a job's output to the exit handler as a global key", () => {
    const text = PIPE(ROOT, `  fit = finetune(data: d.artifact)\n  finally {\n    ev = evaluate(model: fit.model)\n  }`);
    const doc = argo(text).docs[0]!;
    const fit = doc.spec.templates.find((x: any) => x.name === "finetune");
    expect(fit.outputs.parameters.map((p: any) => [p.name, p.globalName])).toEqual([
      ["model-uri", "fit-model-uri"],
      ["model-key", "fit-model-key"],
    ]);
    const exit = doc.spec.templates.find((x: any) => x.name === doc.spec.onExit);
    const ev = exit.dag.tasks.find((x: any) => x.name === "ev");
    expect(ev.arguments.artifacts).toEqual([{ name: "model", s3: { key: "{{workflow.outputs.parameters.fit-model-key}}" } }]);
  });

  it("waits for a v1 job's completion time, failing on a Failed condition at any place", () => {
    const doc = argo(PIPE(ROOT, `  fit = finetune(data: d.artifact, tag: "v2") { distributed { job pytorchjob  nodes 2 } }`)).docs[0]!;
    const fit = doc.spec.templates.find((x: any) => x.name === "finetune");
    expect(fit.resource.successCondition).toBe("status.completionTime");
    expect(fit.resource.failureCondition).toBe([0, 1, 2, 3, 4, 5].map((i) => `status.conditions.${i}.type == Failed`).join(", "));
    const [job] = argoJobs(doc);
    expect(job!.spec.pytorchReplicaSpecs.Master.template.spec.containers[0].command.slice(-2)).toEqual(["--tag", "{{inputs.parameters.tag}}"]);
  });

  it("reports an output the job writes without an artifact root at the step", () => {
    const text = PIPE("", `  fit = finetune(data: d.artifact)`).replace("data.uri", '"s3://acme-ml/data/chat"').replace("input data: Dataset\n", "");
    const c = argo(text.replace("fit = finetune(data: d.artifact)", "fit = finetune()"));
    expectSpans(c.text, c.diagnostics, [["MLP4500", "fit = finetune()"]]);
  });
});

describe("Katib: a tune of a distributed component", () => {
  const TUNED = `
component ft {
  image "ghcr.io/acme/train:1.0"
  input lr: Float = 0.001
  output model: Model
  output loss: Float
  run ["torchrun", "train.py", "--lr", lr, "--out", model.uri]
  resources { gpu 2 }
  distributed { DIST }
}

tune ft_hpo of ft {
  objective minimize loss
  algorithm random
  search lr: Float in 0.0001 .. 0.01 log
  trials 4 parallel 2
}
`;
  const experiment = (dist: string) => {
    const c = compileWith(TUNED.replace("DIST", dist), (p) => emitKatib(p));
    for (const f of c.result.files) katibFiles.push({ name: `katib-${katibFiles.length}.yaml`, content: f.content });
    return c;
  };

  it("runs each trial as the job, waiting for its conditions, the primary container the job's", () => {
    const c = experiment("job pytorchjob  nodes 2  procsPerNode 2");
    const tt = c.docs[0]!.spec.trialTemplate;
    expect(tt.primaryContainerName).toBe("pytorch");
    expect(tt.successCondition).toBe('status.conditions.#(type=="Succeeded")#|#(status=="True")#');
    expect(tt.failureCondition).toBe('status.conditions.#(type=="Failed")#|#(status=="True")#');
    expect(tt.trialSpec.apiVersion).toBe("kubeflow.org/v1");
    expect(tt.trialSpec.kind).toBe("PyTorchJob");
    expect(tt.trialSpec.metadata).toBeUndefined();
    const master = tt.trialSpec.spec.pytorchReplicaSpecs.Master.template.spec;
    expect(master.containers[0].command).toEqual(["torchrun", "train.py", "--lr", "${trialParameters.lr}", "--out", "/tmp/outputs/model"]);
    expect(master.volumes).toEqual([{ name: "tmp-outputs", emptyDir: {} }]);
    expect(c.docs[0]!.spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    expect(c.diagnostics.map((d) => d.code)).toEqual(["MLP4222"]);
  });

  it("waits for Complete on a TrainJob, whose container is node", () => {
    const tt = experiment("nodes 2").docs[0]!.spec.trialTemplate;
    expect(tt.primaryContainerName).toBe("node");
    expect(tt.successCondition).toBe('status.conditions.#(type=="Complete")#|#(status=="True")#');
    expect(tt.trialSpec.kind).toBe("TrainJob");
    expect(tt.trialSpec.spec.trainer.command).toEqual(["torchrun", "train.py", "--lr", "${trialParameters.lr}", "--out", "/tmp/outputs/model"]);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate, the trial job nested ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    expect(katibFiles.length).toBe(2);
    const report = k8sValidate(katibFiles);
    expect(report.ok, report.output).toBe(true);
  });
});

const katibFiles: { name: string; content: string }[] = [];

describe("-t rbac", () => {
  it("grants create and get on each job kind, and says who runs the KFP step", () => {
    const checked = checkSource(PIPE(ROOT, `${BODY}\n  v1 = finetune(data: d.artifact) { distributed { job pytorchjob } }`));
    const c = emitRbac(checked.program!);
    const role = parseAll(c.files[0]!.content).find((d) => d.kind === "Role");
    expect(role.rules).toEqual([
      { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] },
      { apiGroups: ["kubeflow.org"], resources: ["pytorchjobs"], verbs: ["create", "get"] },
      { apiGroups: ["trainer.kubeflow.org"], resources: ["trainjobs"], verbs: ["create", "get"] },
    ]);
    expect(c.diagnostics.filter((d) => d.code === "MLP4501").map((d) => d.message)).toEqual([
      "KFP runs the step that creates the training job of 'fit' as the run's service account, which the KFP pipeline file cannot name; bind the Role 'mlpc:llm' to the account KFP runs use too ('default-editor' in a multi-user namespace, 'pipeline-runner' otherwise).",
      "KFP runs the step that creates the training job of 'v1' as the run's service account, which the KFP pipeline file cannot name; bind the Role 'mlpc:llm' to the account KFP runs use too ('default-editor' in a multi-user namespace, 'pipeline-runner' otherwise).",
    ]);
  });
});

/** The jobs of the examples' golden outputs (test/golden/outputs), nested in their Argo and KFP files. */
function goldenJobs(): { name: string; content: string }[] {
  const root = "test/golden/outputs";
  const out: { name: string; content: string }[] = [];
  for (const example of readdirSync(root)) {
    for (const file of readdirSync(join(root, example))) {
      const docs = parseAll(readFileSync(join(root, example, file), "utf8"));
      const found = file.endsWith(".argo.yaml") ? argoJobs(docs[0]) : file.endsWith(".kfp.yaml") ? kfpJobs(docs[0]) : [];
      found.forEach((job, i) => out.push({ name: `${example}-${file}-${i}.yaml`, content: t(job) }));
    }
  }
  return out;
}

describe("k8s-validate", () => {
  it.skipIf(!sharedAvailable)(`passes the jobs of the examples, nested in their Argo and KFP files ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const examples = goldenJobs();
    // llm_finetune's TrainJob and vision_gpu's PyTorchJob, each on both targets.
    expect(examples.map((e) => parse(e.content).kind).sort()).toEqual(["PyTorchJob", "PyTorchJob", "TrainJob", "TrainJob"]);
    const report = k8sValidate(examples);
    expect(report.ok, report.output).toBe(true);
  });

  it.skipIf(!sharedAvailable)(`passes every job, on KFP and Argo ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    expect(jobs.length).toBeGreaterThan(5);
    const report = k8sValidate(jobs);
    expect(report.ok, report.output).toBe(true);
  });
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect(sharedAvailable).toBe(true);
  });
});

semcheckTest();
conformanceTest();
