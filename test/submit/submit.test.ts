import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type Ran } from "./run.js";
import { creates, FakeKube, kubeconfig, REVIEWS, reviewProblems, SELF_REVIEWS, status } from "./fake-kube.js";

const FIXTURE = fileURLToPath(new URL("./fixtures.mlpipe", import.meta.url));

let kube: FakeKube;
let dir: string;
let config: string;

beforeEach(async () => {
  kube = new FakeKube();
  const server = await kube.start();
  dir = mkdtempSync(join(tmpdir(), "mlpc-submit-"));
  config = join(dir, "kubeconfig");
  writeFileSync(config, kubeconfig(server));
});

afterEach(async () => {
  await kube.stop();
  rmSync(dir, { recursive: true, force: true });
});


/** Runs `mlpc submit FIXTURE ARGS` in this process, with only `env` (and a fast retry) as environment. */
async function submit(args: readonly string[], env: Record<string, string> = {}, file = FIXTURE): Promise<Ran> {
  return runCli(["submit", file, ...args], dir, env);
}

const ARGO = ["-t", "argo", "--kubeconfig", "kubeconfig", "--param", "data=s3://d"];

/** The Workflow the argo back end writes for the fixture, with `data` given and the namespace set. */
function workflow(namespace: string, data = "s3://d"): unknown {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { generateName: "fit-", namespace, labels: { "mlpc/content-hash": expect.stringMatching(/^[0-9a-f]{12}$/), "mlpc/client-token": expect.stringMatching(/^[0-9a-f]{8}$/) } },
    spec: expect.objectContaining({
      entrypoint: "fit",
      arguments: {
        parameters: [
          { name: "data", value: data },
          { name: "epochs", value: "3" },
          { name: "lr", value: "0.1" },
          { name: "full", value: "false" },
        ],
      },
    }),
  };
}

/** The first line of the (uncoloured) diagnostics. */
function firstLine(text: string): string {
  return text.split("\n")[0];
}

describe("mlpc submit: success", () => {
  it("creates a Workflow with generateName in the context's namespace and says how to watch it", async () => {
    const r = await submit(ARGO);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("workflows.argoproj.io/fit-xxxx1 created in namespace ml\nWatch it with: mlpc watch workflow/fit-xxxx1 -n ml (or argo watch fit-xxxx1 -n ml)\n");
    // Discovery, then the permissions (create; list, to look before creating again), then the create.
    expect(kube.received.map((q) => [q.method, q.path, q.query])).toEqual([
      ["GET", "/apis/argoproj.io/v1alpha1", {}],
      ["POST", REVIEWS, {}],
      ["POST", REVIEWS, {}],
      ["POST", "/apis/argoproj.io/v1alpha1/namespaces/ml/workflows", { fieldManager: "mlpc" }],
    ]);
    expect(kube.received[1].body).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace: "ml", verb: "create", group: "argoproj.io", resource: "workflows" } },
    });
    expect(kube.reviews()[1]).toEqual({ namespace: "ml", verb: "list", group: "argoproj.io", resource: "workflows" });
    expect(kube.problems).toEqual([]);
    expect(kube.received[3].authorization).toBe("Bearer test-token");
    expect(kube.received[3].contentType).toBe("application/json");
    expect(kube.received[3].body).toEqual(workflow("ml"));
  });

  it("creates a new Workflow on each submit", async () => {
    await submit(ARGO);
    const r = await submit(ARGO);
    expect(r.stdout).toBe("workflows.argoproj.io/fit-xxxx2 created in namespace ml\nWatch it with: mlpc watch workflow/fit-xxxx2 -n ml (or argo watch fit-xxxx2 -n ml)\n");
    expect(kube.writes().map((q) => q.method)).toEqual(["POST", "POST"]);
  });

  it("--dry-run sends dryRun=All and says nothing was stored", async () => {
    const r = await submit([...ARGO, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("workflows.argoproj.io/fit-xxxx1 created in namespace ml (server dry run: nothing was stored)\n");
    expect(kube.writes()[0].query).toEqual({ dryRun: "All", fieldManager: "mlpc" });
  });

  it("-n and --context pick the namespace: -n first, then the context's", async () => {
    await submit([...ARGO, "--context", "other"]);
    await submit([...ARGO, "--context", "other", "-n", "prod"]);
    expect(kube.writes().map((q) => q.path)).toEqual([
      "/apis/argoproj.io/v1alpha1/namespaces/team/workflows",
      "/apis/argoproj.io/v1alpha1/namespaces/prod/workflows",
    ]);
  });

  it("applies an InferenceService server-side with field manager mlpc", async () => {
    const r = await submit(["-t", "kserve", "--kubeconfig", "kubeconfig", "-n", "serving"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("inferenceservices.serving.kserve.io/scorer applied in namespace serving\n");
    const [get, ...reviews] = kube.received.slice(0, 4);
    expect([get.method, get.path]).toEqual(["GET", "/apis/serving.kserve.io/v1beta1"]);
    // A server-side apply needs get, create (the object may not exist yet) and patch, on the named object.
    expect(reviews.map((q) => [q.method, q.path])).toEqual(Array(3).fill(["POST", REVIEWS]));
    expect(kube.reviews()).toEqual(
      ["get", "create", "patch"].map((verb) => ({ namespace: "serving", verb, group: "serving.kserve.io", resource: "inferenceservices", name: "scorer" })),
    );
    expect(kube.problems).toEqual([]);
    const patch = kube.received[4];
    expect([patch.method, patch.path, patch.query, patch.contentType]).toEqual([
      "PATCH",
      "/apis/serving.kserve.io/v1beta1/namespaces/serving/inferenceservices/scorer",
      { fieldManager: "mlpc" },
      "application/apply-patch+yaml",
    ]);
    expect(patch.body).toEqual({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "scorer", namespace: "serving" },
      spec: { predictor: { model: { modelFormat: { name: "sklearn" }, storageUri: "s3://acme/models/scorer" } } },
    });
  });

  it("applies a Katib Experiment", async () => {
    const tune = fileURLToPath(new URL("./tune.mlpipe", import.meta.url));
    const r = await submit(["-t", "katib", "--kubeconfig", "kubeconfig"], {}, tune);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("experiments.kubeflow.org/sweep applied in namespace ml\n");
    expect(kube.received.map((q) => [q.method, q.path, q.query])).toEqual([
      ["GET", "/apis/kubeflow.org/v1beta1", {}],
      ...Array(3).fill(["POST", REVIEWS, {}]),
      ["PATCH", "/apis/kubeflow.org/v1beta1/namespaces/ml/experiments/sweep", { fieldManager: "mlpc" }],
    ]);
    expect(kube.reviews().map((r) => (r as { verb: string; resource: string }).verb + " " + (r as { resource: string }).resource)).toEqual([
      "get experiments",
      "create experiments",
      "patch experiments",
    ]);
    expect(kube.received[4].body).toMatchObject({
      apiVersion: "kubeflow.org/v1beta1",
      kind: "Experiment",
      metadata: { name: "sweep", namespace: "ml" },
      spec: { objective: { type: "maximize", objectiveMetricName: "auc" }, algorithm: { algorithmName: "random" }, parallelTrialCount: 2, maxTrialCount: 4 },
    });
  });

  it("a Katib Experiment where Katib is not installed", async () => {
    kube.missing.add("kubeflow.org/v1beta1");
    const tune = fileURLToPath(new URL("./tune.mlpipe", import.meta.url));
    const r = await submit(["-t", "katib", "--kubeconfig", "kubeconfig"], {}, tune);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9037: Katib is not installed in this cluster: the API has no experiments.kubeflow.org; install Katib (its CRDs and controller) first.",
    );
  });

  it("--force-conflicts and --dry-run reach the apply's query", async () => {
    await submit(["-t", "kserve", "--kubeconfig", "kubeconfig", "--force-conflicts", "--dry-run"]);
    expect(kube.writes()[0].query).toEqual({ dryRun: "All", fieldManager: "mlpc", force: "true" });
  });

  it("--argo-kind workflow-template applies a WorkflowTemplate, with no --param needed", async () => {
    const r = await submit(["-t", "argo", "--kubeconfig", "kubeconfig", "--argo-kind", "workflow-template"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("workflowtemplates.argoproj.io/fit applied in namespace ml\n");
    expect([kube.writes()[0].method, kube.writes()[0].path]).toEqual(["PATCH", "/apis/argoproj.io/v1alpha1/namespaces/ml/workflowtemplates/fit"]);
  });

  it("applies a scheduled pipeline's CronWorkflow with --param in its workflowSpec, printing the compile's warnings", async () => {
    const churn = fileURLToPath(new URL("../cli/fixtures/churn.mlpipe", import.meta.url));
    const r = await submit(["-t", "argo", "--kubeconfig", "kubeconfig", "--param", "lr=0.5"], {}, churn);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("cronworkflows.argoproj.io/churn applied in namespace ml\n");
    expect(r.stderr).toContain("warning MLP2080:");
    const [patch] = kube.writes();
    expect([patch.method, patch.path]).toEqual(["PATCH", "/apis/argoproj.io/v1alpha1/namespaces/ml/cronworkflows/churn"]);
    expect(patch.body).toMatchObject({
      spec: { workflowSpec: { arguments: { parameters: [{ name: "table", value: "s3://acme/churn.parquet" }, { name: "lr", value: "0.5" }] } } },
    });
  });

  it("reads KUBECONFIG (its first existing file) when --kubeconfig is not given", async () => {
    const r = await submit(["-t", "kserve"], { KUBECONFIG: `${join(dir, "absent")}:${config}` });
    expect(r.code).toBe(0);
    expect(kube.writes()).toHaveLength(1);
  });
});

describe("mlpc submit: parameters are checked before any request", () => {
  const base = ["-t", "argo", "--kubeconfig", "kubeconfig"];

  it("a value of the wrong type", async () => {
    const r = await submit([...base, "--param", "data=x", "--param", "epochs=three"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe("error MLP9045: --param epochs: 'three' is not a Int; give a whole number such as 3.");
    expect(kube.received).toEqual([]);
  });

  it("Float, Bool: accepted and rejected at their edges", async () => {
    expect((await submit([...base, "--param", "data=x", "--param", "lr=-1.5e-3", "--param", "full=true"])).code).toBe(0);
    expect(kube.writes()[0].body).toMatchObject({ spec: { arguments: { parameters: [{ value: "x" }, { value: "3" }, { value: "-1.5e-3" }, { value: "true" }] } } });
    const bad = await submit([...base, "--param", "data=x", "--param", "full=True"]);
    expect(firstLine(bad.stderr)).toBe("error MLP9045: --param full: 'True' is not a Bool; give true or false.");
  });

  it("an unknown name", async () => {
    const r = await submit([...base, "--param", "data=x", "--param", "epoch=3"]);
    expect(firstLine(r.stderr)).toBe("error MLP9044: Pipeline 'fit' has no parameter 'epoch'; its parameters are 'data', 'epochs', 'lr', 'full'.");
    expect(kube.received).toEqual([]);
  });

  it("a required parameter without a value, reported at its declaration", async () => {
    const r = await submit(base);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(/fixtures\.mlpipe:11:9 - error MLP9046: Pipeline 'fit' needs a value for its parameter 'data', which has no default; give --param data=VALUE\.$/);
    expect(kube.received).toEqual([]);
  });

  it("not NAME=VALUE, and a repeated name", async () => {
    expect(firstLine((await submit([...base, "--param", "=x"])).stderr)).toBe("error MLP9043: --param '=x' is not NAME=VALUE.");
    expect(firstLine((await submit([...base, "--param", "data=a", "--param", "data=b"])).stderr)).toBe("error MLP9047: --param data is given more than once.");
    expect(kube.received).toEqual([]);
  });

  it("--pipeline naming no pipeline is a usage error", async () => {
    const r = await submit([...base, "--pipeline", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mlpc: there is no pipeline 'nope' in the sources; the pipelines are 'fit'.\n");
    expect(kube.received).toEqual([]);
  });

  it("--param with a target that runs no pipeline is a usage error", async () => {
    const r = await submit(["-t", "kserve", "--kubeconfig", "kubeconfig", "--param", "a=b"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mlpc: --param gives the parameters of a pipeline run, which only -t argo and -t kfp submit.\n");
  });
});

describe("mlpc submit: kubeconfig and context", () => {
  it("no kubeconfig anywhere", async () => {
    const r = await submit(["-t", "kserve"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9030: No kubeconfig to submit with: KUBECONFIG is not set, ~/.kube/config does not exist and mlpc is not running in a cluster; give --kubeconfig FILE or set KUBECONFIG.",
    );
  });

  it("a --kubeconfig that does not exist, and one that is not a kubeconfig", async () => {
    expect(firstLine((await submit(["-t", "kserve", "--kubeconfig", "nope"])).stderr)).toBe("error MLP9031: Cannot use the kubeconfig 'nope': no such file.");
    writeFileSync(join(dir, "bad"), "clusters: [\n");
    const r = await submit(["-t", "kserve", "--kubeconfig", "bad"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(/^error MLP9031: Cannot use the kubeconfig '.*bad': /);
  });

  it("an unknown context names the contexts there are", async () => {
    const r = await submit(["-t", "kserve", "--kubeconfig", "kubeconfig", "--context", "prod"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe("error MLP9032: The kubeconfig has no context 'prod'; its contexts are 'test', 'other'.");
    expect(kube.received).toEqual([]);
  });

  it("no current context", async () => {
    writeFileSync(config, kubeconfig("http://127.0.0.1:1").replace("current-context: test\n", ""));
    const r = await submit(["-t", "kserve", "--kubeconfig", "kubeconfig"]);
    expect(firstLine(r.stderr)).toBe(`error MLP9033: The kubeconfig '${config}' sets no current context; pick one with --context NAME.`);
  });
});

describe("mlpc submit: faults", () => {
  const KSERVE = ["-t", "kserve", "--kubeconfig", "kubeconfig"];

  it("an unreachable server", async () => {
    await kube.stop();
    const r = await submit(KSERVE);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(
      /^error MLP9034: Cannot reach the Kubernetes API server at (http:\/\/127\.0\.0\.1:\d+): request to \1\/apis\/serving\.kserve\.io\/v1beta1 failed, reason: connect ECONNREFUSED 127\.0\.0\.1:\d+\.$/,
    );
  });

  it("401: the credentials are rejected", async () => {
    writeFileSync(config, kubeconfig(await restart(), "wrong"));
    const r = await submit(KSERVE);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(/^error MLP9035: The Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ rejects the credentials of context 'test' \(401 Unauthorized\)/);
  });

  it("403: says which verb on which resource in which namespace RBAC lacks", async () => {
    const message = 'workflows.argoproj.io is forbidden: User "tester" cannot create resource "workflows" in API group "argoproj.io" in the namespace "ml"';
    kube.faults.push((q, res) => creates(q) && status(res, 403, "Forbidden", message));
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `error MLP9036: The cluster does not allow the user 'tester' to create workflows.argoproj.io in namespace 'ml' (403 Forbidden): a Role bound to 'tester' must grant the verb 'create' on 'workflows.argoproj.io'; the server says: ${message}`,
    );
  });

  it("403 for another reason than RBAC (a quota): MLP9081 with the server's message, no Role advice", async () => {
    const message =
      'workflows.argoproj.io "fit-xxxx1" is forbidden: exceeded quota: wf-count, requested: count/workflows.argoproj.io=1, used: count/workflows.argoproj.io=50, limited: count/workflows.argoproj.io=50';
    kube.faults.push((q, res) => creates(q) && status(res, 403, "Forbidden", message));
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `error MLP9081: The cluster refuses to create workflows.argoproj.io in namespace 'ml' (403 Forbidden) for a reason other than RBAC (an admission policy or a quota): ${message}.`,
    );
  });

  it("404 on discovery: the CRD is not installed, and which controller to install", async () => {
    kube.missing.add("argoproj.io/v1alpha1");
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9037: Argo Workflows is not installed in this cluster: the API has no workflows.argoproj.io; install Argo Workflows (its CRDs and controller) first.",
    );
    expect(kube.writes()).toEqual([]);
  });

  it("404 on the create itself (a namespace that does not exist) is the server's message", async () => {
    kube.faults.push((q, res) => creates(q) && status(res, 404, "NotFound", 'namespaces "nope" not found'));
    const r = await submit([...ARGO, "-n", "nope"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe('error MLP9042: POST /apis/argoproj.io/v1alpha1/namespaces/nope/workflows failed with 404: namespaces "nope" not found.');
  });

  it("409 on apply", async () => {
    kube.faults.push((q, res) => q.method === "PATCH" && status(res, 409, "Conflict", 'Apply failed with 1 conflict: conflict with "kubectl": .spec.predictor'));
    const r = await submit(KSERVE);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9038: InferenceService 'scorer' conflicts with what is on the cluster (409 Conflict): Apply failed with 1 conflict: conflict with \"kubectl\": .spec.predictor; re-run with --force-conflicts to take the fields over.",
    );
    expect(kube.writes()).toHaveLength(1);
  });

  it("422: each field error at the construct its field comes from, else at the declaration, with the path", async () => {
    kube.faults.push(
      (q, res) =>
        creates(q) &&
        status(res, 422, "Invalid", "Workflow.argoproj.io \"\" is invalid", {
          kind: "Workflow",
          causes: [
            { reason: "FieldValueInvalid", message: "Invalid value: \"x\": must be a number", field: "spec.parallelism" },
            { reason: "FieldValueInvalid", message: "Invalid value: \"ghcr.io/acme/train:1.0.0\": image not allowed by policy.", field: "spec.templates[1].container.image" },
            { reason: "FieldValueInvalid", message: "Invalid value: \"\": must not be empty", field: "spec.templates[0].dag.tasks[0].name" },
            { reason: "FieldValueRequired", message: "Required value", field: "spec.arguments.parameters[1].value" },
          ],
        }),
    );
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter((l) => l.includes("error MLP"))).toEqual([
      `${FIXTURE}:2:9 - error MLP9134: The cluster rejects Workflow 'fit-' as invalid (422): spec.templates[1].container.image: Invalid value: "ghcr.io/acme/train:1.0.0": image not allowed by policy.`,
      `${FIXTURE}:10:10 - error MLP9134: The cluster rejects Workflow 'fit-' as invalid (422): spec.parallelism: Invalid value: "x": must be a number.`,
      `${FIXTURE}:12:9 - error MLP9134: The cluster rejects Workflow 'fit-' as invalid (422): spec.arguments.parameters[1].value: Required value.`,
      `${FIXTURE}:15:3 - error MLP9134: The cluster rejects Workflow 'fit-' as invalid (422): spec.templates[0].dag.tasks[0].name: Invalid value: "": must not be empty.`,
    ]);
  });

  it("422 without field errors (or with one without a field): MLP9039 with the server's message, at the declaration", async () => {
    kube.faults.push(
      (q, res) =>
        creates(q) &&
        status(res, 422, "Invalid", "Workflow.argoproj.io \"\" is invalid", {
          kind: "Workflow",
          causes: [{ reason: "FieldValueInvalid", message: "admission webhook denied the request" }, { message: "Required value", field: "spec.entrypoint" }],
        }),
    );
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `${FIXTURE}:10:10 - error MLP9039: The cluster rejects Workflow 'fit-' as invalid (422): admission webhook denied the request; spec.entrypoint: Required value.`,
    );
  });

  it("422 on an apply: a KServe field at the serve's model", async () => {
    kube.faults.push(
      (q, res) =>
        q.method === "PATCH" &&
        status(res, 422, "Invalid", "InferenceService.serving.kserve.io \"scorer\" is invalid", {
          kind: "InferenceService",
          causes: [{ reason: "FieldValueNotSupported", message: "Unsupported value: \"sklearn\"", field: "spec.predictor.model.modelFormat.name" }],
        }),
    );
    const r = await submit(["-t", "kserve", "--kubeconfig", "kubeconfig"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `${FIXTURE}:19:9 - error MLP9134: The cluster rejects InferenceService 'scorer' as invalid (422): spec.predictor.model.modelFormat.name: Unsupported value: "sklearn".`,
    );
  });

  it("an apply that never answers in --request-timeout: retried (an apply is safe to repeat), then reported", async () => {
    kube.faults.push((q) => q.method === "PATCH");
    const started = Date.now();
    const r = await submit([...KSERVE, "--request-timeout", "1"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    expect(kube.writes()).toHaveLength(4);
    expect(firstLine(r.stderr)).toMatch(
      /^error MLP9040: The Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ did not answer PATCH \/apis\/serving\.kserve\.io\/v1beta1\/namespaces\/ml\/inferenceservices\/scorer within 1s\.$/,
    );
  });

  it("429 is retried after Retry-After, also for a create", async () => {
    let left = 1;
    kube.faults.push((q, res) => creates(q) && left-- > 0 && status(res, 429, "TooManyRequests", "slow down", undefined, { "retry-after": "1" }));
    const started = Date.now();
    const r = await submit(ARGO);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(kube.writes().map((q) => q.method)).toEqual(["POST", "POST"]);
  });

  it("5xx and a reset connection are retried for an apply", async () => {
    let left = 3;
    kube.faults.push((q, res, socket) => {
      if (q.method !== "PATCH" || left-- <= 0) return false;
      if (left === 1) {
        socket.destroy();
        return true;
      }
      return status(res, left === 2 ? 503 : 500, "InternalError", "etcd is busy");
    });
    const r = await submit(KSERVE);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(kube.writes()).toHaveLength(4);
  });

  it("gives up after 4 attempts", async () => {
    kube.faults.push((q, res) => q.method === "PATCH" && status(res, 503, "ServiceUnavailable", "unavailable"));
    const r = await submit(KSERVE);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      "error MLP9041: PATCH /apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/scorer failed 4 times, the last with 503 ServiceUnavailable; giving up.",
    );
    expect(kube.writes()).toHaveLength(4);
  });

  it("a create answered 5xx every time: looked for by its client token after each, never created twice, then given up", async () => {
    kube.faults.push((q, res) => creates(q) && status(res, 500, "InternalError", "etcd timeout"));
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe("error MLP9041: POST /apis/argoproj.io/v1alpha1/namespaces/ml/workflows failed 4 times, the last with 500 InternalError; giving up.");
    const token = (kube.writes()[0].body as { metadata: { labels: Record<string, string> } }).metadata.labels["mlpc/client-token"];
    const looks = kube.received.filter((q) => q.method === "GET" && q.path.endsWith("/workflows"));
    expect(looks.map((q) => q.query)).toEqual(Array(4).fill({ labelSelector: `mlpc/client-token=${token}` }));
    expect(kube.writes()).toHaveLength(4);
    expect(kube.created).toEqual([]);
  });

  it("a Workflow created but its answer lost: found by its client token, not created again", async () => {
    let left = 1;
    kube.faults.push((q) => (creates(q) && left-- > 0 ? "lose" : false));
    const r = await submit(ARGO);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "workflows.argoproj.io/fit-xxxx1 created in namespace ml (found after its create's answer was lost: created once)\nWatch it with: mlpc watch workflow/fit-xxxx1 -n ml (or argo watch fit-xxxx1 -n ml)\n",
    );
    expect(kube.writes()).toHaveLength(1);
    expect(kube.created).toHaveLength(1);
  });

  it("a Workflow created but answered 500: found, not created again", async () => {
    let left = 1;
    kube.faults.push((q) => (creates(q) && left-- > 0 ? "500" : false));
    const r = await submit(ARGO);
    expect(r.code).toBe(0);
    expect(kube.created).toHaveLength(1);
    expect(kube.writes()).toHaveLength(1);
  });

  it("a Workflow create on a reset connection that did not act: nothing found, so it is sent again, once", async () => {
    let left = 1;
    kube.faults.push((q, _res, socket) => {
      if (!creates(q) || left-- <= 0) return false;
      socket.destroy();
      return true;
    });
    const r = await submit(ARGO);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("workflows.argoproj.io/fit-xxxx1 created in namespace ml\nWatch it with: mlpc watch workflow/fit-xxxx1 -n ml (or argo watch fit-xxxx1 -n ml)\n");
    expect(kube.writes()).toHaveLength(2);
    expect(kube.created).toHaveLength(1);
  });

  it("a discovery request slower than --request-timeout is retried", async () => {
    let left = 1;
    kube.faults.push((q) => q.method === "GET" && left-- > 0);
    const r = await submit([...KSERVE, "--request-timeout", "1"]);
    expect(r.code).toBe(0);
    expect(kube.received.filter((q) => q.method === "GET")).toHaveLength(2);
  });
});

describe("mlpc submit: permissions are checked before anything is created", () => {
  const KSERVE = ["-t", "kserve", "--kubeconfig", "kubeconfig"];
  const reviewsSent = (): number => kube.received.filter((q) => q.path === REVIEWS).length;

  it("one verb denied: MLP9080 at the pipeline names verb, resource, namespace and user; nothing is created", async () => {
    kube.deny.push({ verb: "create", group: "argoproj.io", resource: "workflows", namespace: "ml" });
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `${FIXTURE}:10:10 - error MLP9080: The cluster does not allow the user 'tester' to create workflows.argoproj.io in namespace 'ml', which submit needs to create Workflow 'fit-'; nothing was created: ask for a Role granting the verb 'create' on 'workflows.argoproj.io' in namespace 'ml', bound to the user 'tester'.`,
    );
    expect(r.stderr.match(/error MLP/g)).toHaveLength(1);
    expect(r.stdout).toBe("");
    // Both verbs were asked about, then who the user is; no object request was sent.
    expect(kube.reviews()).toEqual([
      { namespace: "ml", verb: "create", group: "argoproj.io", resource: "workflows" },
      { namespace: "ml", verb: "list", group: "argoproj.io", resource: "workflows" },
    ]);
    expect(kube.received.filter((q) => q.path === SELF_REVIEWS)).toHaveLength(1);
    expect(kube.writes()).toEqual([]);
    expect(kube.created).toEqual([]);
    expect(kube.problems).toEqual([]);
  });

  it("every denied verb is reported; the review's reason is quoted; an unknown user is 'you'", async () => {
    kube.user = undefined;
    kube.deny.push(
      { verb: "create", group: "serving.kserve.io", resource: "inferenceservices" },
      { verb: "patch", group: "serving.kserve.io", resource: "inferenceservices", reason: "the namespace is frozen by policy." },
    );
    const r = await submit([...KSERVE, "-n", "serving"]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.includes("error MLP"));
    const denied = (verb: string, reason = ""): string =>
      `${FIXTURE}:18:7 - error MLP9080: The cluster does not allow you to ${verb} inferenceservices.serving.kserve.io in namespace 'serving'${reason}, which submit needs to apply InferenceService 'scorer' server-side; nothing was created: ask for a Role granting the verb '${verb}' on 'inferenceservices.serving.kserve.io' in namespace 'serving', bound to you.`;
    expect(lines).toEqual([denied("create"), denied("patch", " (the server says: the namespace is frozen by policy)")]);
    // Asked about all three verbs; the user could not be learned (no SelfSubjectReview on this server).
    expect(kube.reviews().map((a) => (a as { verb: string }).verb)).toEqual(["get", "create", "patch"]);
    expect(kube.received.filter((q) => q.path === SELF_REVIEWS)).toHaveLength(1);
    expect(kube.writes()).toEqual([]);
  });

  it("--dry-run reviews too, the verbs the real submit would use (list included), and sends nothing when one is denied", async () => {
    kube.deny.push({ verb: "list", group: "argoproj.io", resource: "workflows" });
    const r = await submit([...ARGO, "--dry-run"]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toContain(
      "error MLP9080: The cluster does not allow the user 'tester' to list workflows.argoproj.io in namespace 'ml', which submit needs to look for Workflow 'fit-' before creating it again after an answer is lost; nothing was created:",
    );
    expect(r.stdout).toBe("");
    expect(reviewsSent()).toBe(2);
    expect(kube.writes()).toEqual([]);
  });

  it("a server without SelfSubjectAccessReview (404): no error, the request is sent and its own 403 is reported", async () => {
    kube.reviewsServed = false;
    kube.deny.push({ verb: "create", group: "argoproj.io", resource: "workflows" });
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toBe(
      `error MLP9036: The cluster does not allow the user 'tester' to create workflows.argoproj.io in namespace 'ml' (403 Forbidden): a Role bound to 'tester' must grant the verb 'create' on 'workflows.argoproj.io'; the server says: workflows.argoproj.io is forbidden: User "tester" cannot create resource "workflows" in API group "argoproj.io" in the namespace "ml"`,
    );
    // One review, answered 404, and no more questions.
    expect(reviewsSent()).toBe(1);
    expect(kube.writes().map((q) => q.method)).toEqual(["POST"]);
    expect(kube.created).toEqual([]);
  });

  it("a server without SelfSubjectAccessReview (404) and nothing denied: submitted as before", async () => {
    kube.reviewsServed = false;
    const r = await submit(KSERVE);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("inferenceservices.serving.kserve.io/scorer applied in namespace ml\n");
  });

  it("a review the caller may not make (403) is no error either: the requests speak for themselves", async () => {
    kube.faults.push((q, res) => q.path === REVIEWS && status(res, 403, "Forbidden", "selfsubjectaccessreviews.authorization.k8s.io is forbidden"));
    const r = await submit(KSERVE);
    expect(r.code).toBe(0);
    expect(reviewsSent()).toBe(1);
    expect(kube.writes()).toHaveLength(1);
  });

  it("a review answered 503 is asked again (it changes nothing)", async () => {
    let left = 1;
    kube.faults.push((q, res) => q.path === REVIEWS && left-- > 0 && status(res, 503, "ServiceUnavailable", "unavailable"));
    const r = await submit(KSERVE);
    expect(r.code).toBe(0);
    expect(reviewsSent()).toBe(4);
  });

  it("401 with a wrong token: reported before any review or write", async () => {
    writeFileSync(config, kubeconfig(await restart(), "wrong"));
    const r = await submit(ARGO);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(/^error MLP9035: .* rejects the credentials of context 'test' \(401 Unauthorized\)/);
    expect(kube.received.map((q) => q.method)).toEqual(["GET"]);
    expect(kube.created).toEqual([]);
  });
});

describe("the fake API server's check of review bodies", () => {
  it("finds what the Kubernetes API rejects in a SelfSubjectAccessReview", () => {
    expect(reviewProblems({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "pods" } } })).toEqual([]);
    expect(
      reviewProblems({ apiVersion: "authorization.k8s.io/v1beta1", kind: "SubjectAccessReview", status: {}, spec: { resourceAttributes: { verb: "", apiGroup: "x", namespace: 1 }, user: "me" } }),
    ).toEqual([
      'apiVersion is "authorization.k8s.io/v1beta1"',
      'kind is "SubjectAccessReview"',
      "unknown field status",
      "unknown field spec.user",
      "unknown field spec.resourceAttributes.apiGroup",
      "spec.resourceAttributes.namespace is not a string",
      "spec.resourceAttributes.verb is required",
    ]);
    expect(reviewProblems({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: {} })).toEqual([
      "exactly one of nonResourceAttributes or resourceAttributes must be specified",
    ]);
  });
});

/** Stops the server and starts a new one (fresh state); returns its address. */
async function restart(): Promise<string> {
  await kube.stop();
  kube = new FakeKube();
  return kube.start();
}
