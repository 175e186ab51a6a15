import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitRbac, rbacBackend } from "../../../src/backends/rbac/index.js";
import { katibDocuments } from "../../../src/backends/katib/index.js";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { emitArgo } from "../../../src/backends/argo/index.js";
import { addWorkflow, policyRules, type Permissions } from "../../../src/backends/rbac/rules.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";
import { expectSpans } from "../support.js";
import { apiProblems, KIND_TYPES } from "./api-types.js";

// What Argo's executor needs (Argo's "Workflow RBAC" docs: the minimum is `create` and `patch` on
// workflowtaskresults.argoproj.io, Argo ≥ 3.4), and what `kubectl apply` of an InferenceService
// needs (it reads the object, then creates or patches it): each rule below is written out by hand.
const EXECUTOR = { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] };
const APPLY_ISVC = { apiGroups: ["serving.kserve.io"], resources: ["inferenceservices"], verbs: ["create", "get", "patch"] };

const PREP = `component prep {
  image  "ghcr.io/acme/prep:1.0"
  input  source: String
  output rows: Int
  run    ["prep", source, rows.path]
}
`;

/** The objects of each file `text` compiles to with `-t rbac`, every one checked against the Kubernetes API types. */
function rbac(text: string) {
  const checked = checkSource(text);
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const result = emitRbac(checked.program!);
  const files = result.files.map((f) => {
    const objects = parseAllDocuments(f.content).map((d) => d.toJS() as Record<string, any>);
    for (const o of objects) expect(apiProblems(o, KIND_TYPES[o.kind]), `${f.name}: ${o.kind}`).toEqual([]);
    return { name: f.name, content: f.content, objects };
  });
  return { diagnostics: result.diagnostics, files };
}

/** The three objects of one service account, as the back end must write them. */
function account(name: string, role: string, rules: object[]): object[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: role }, rules },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: role },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
      subjects: [{ kind: "ServiceAccount", name }],
    },
  ];
}

describe("RBAC for a pipeline's runs (-t rbac)", () => {
  it("gives a plain pipeline's account only the executor's rule, and says the Argo Workflow runs as 'default'", () => {
    const text = `${PREP}pipeline Daily_Prep {\n  p = prep(source: "s3://acme/data")\n}\n`;
    const r = rbac(text);
    expect(r.files.map((f) => f.name)).toEqual(["daily-prep.rbac.yaml"]);
    expect(r.files[0].objects).toEqual(account("mlpc-daily-prep", "mlpc:daily-prep", [EXECUTOR]));
    expect(r.files[0].content).toBe(`# What the runs of pipeline 'Daily_Prep' need on the cluster, least privilege: apply it in the
# namespace they run in, kubectl apply -n NAMESPACE -f daily-prep.rbac.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: mlpc-daily-prep
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: mlpc:daily-prep
rules:
- apiGroups:
  - argoproj.io
  resources:
  - workflowtaskresults
  verbs:
  - create
  - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: mlpc:daily-prep
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: mlpc:daily-prep
subjects:
- kind: ServiceAccount
  name: mlpc-daily-prep
`);
    expectSpans(text, r.diagnostics, [["MLP4400", "Daily_Prep"]]);
    expect(r.diagnostics[0].message).toBe(
      "The Argo Workflow of 'Daily_Prep' names no service account, so its pods run as the namespace's 'default', not 'mlpc-daily-prep' that this RBAC is written for; set 'serviceAccount \"mlpc-daily-prep\"' on the pipeline or submit it with 'argo submit --serviceaccount mlpc-daily-prep'.",
    );
  });

  it("lets a pipeline with a deploy step apply its InferenceService, and says KFP runs that step as another account", () => {
    const text = `${PREP}pipeline release {
  serviceAccount "releaser"
  p = prep(source: "s3://acme/data")
  serve cand {
    model sklearn from "s3://acme/models/m"
  }
}
`;
    const r = rbac(text);
    expect(r.files[0].objects).toEqual(account("releaser", "mlpc:release", [EXECUTOR, APPLY_ISVC]));
    expectSpans(text, r.diagnostics, [["MLP4401", "cand"]]);
    expect(r.diagnostics[0].message).toBe(
      "KFP runs the step that deploys 'cand' as the run's service account, which the KFP pipeline file cannot name; bind the Role 'mlpc:release' to the account KFP runs use too ('default-editor' in a multi-user namespace, 'pipeline-runner' otherwise).",
    );
  });

  it("grants what KFP's deploy step does too: it runs `kubectl apply` of the InferenceService", () => {
    const text = `${PREP}pipeline release {\n  serve cand {\n    model sklearn from "s3://acme/models/m"\n  }\n}\n`;
    const kfp = emitKfp(checkSource(text).program!);
    const spec = parseAllDocuments(kfp.files[0].content)[0].toJS() as any;
    const executors = Object.values(spec.deploymentSpec.executors) as any[];
    expect(executors.map((e) => e.container.command)).toEqual([["sh", "-ec", 'printf "%s" "$0" | kubectl apply -f -']]);
    expect(JSON.parse(executors[0].container.args[0])).toMatchObject({ apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService" });
    expect(rbac(text).files[0].objects[1]).toMatchObject({ kind: "Role", rules: [EXECUTOR, APPLY_ISVC] });
  });

  it("finds a deploy step in a pipeline the run calls", () => {
    const text = `${PREP}pipeline inner {
  serve cand {
    model sklearn from "s3://acme/models/m"
  }
}
pipeline outer {
  serviceAccount "runner"
  sub = inner()
}
`;
    const r = rbac(text);
    const outer = r.files.find((f) => f.name === "outer.rbac.yaml")!;
    expect(outer.objects).toEqual(account("runner", "mlpc:outer", [EXECUTOR, APPLY_ISVC]));
    // Once for inner's own runs (whose Argo Workflow also runs as 'default'), once for outer's.
    const shown = r.diagnostics.map((d) => `${d.code} ${/'(mlpc[^']*)'/.exec(d.message)?.[1]}`).sort();
    expect(shown).toEqual(["MLP4400 mlpc-inner", "MLP4401 mlpc:inner", "MLP4401 mlpc:outer"]);
    expectSpans(text, r.diagnostics, [["MLP4400", "inner"], ["MLP4401", "cand"], ["MLP4401", "cand"]]);
  });

  it("uses the pipeline's service account, and gives a step with its own account its own Role and RoleBinding", () => {
    const text = `${PREP}pipeline mixed {
  serviceAccount "runner"
  a = prep(source: "s3://a")
  b = prep(source: "s3://b") {
    serviceAccount "trainer"
  }
  serve cand {
    model sklearn from "s3://acme/models/m"
  }
}
`;
    const r = rbac(text);
    expect(r.files.map((f) => f.name)).toEqual(["mixed.rbac.yaml"]);
    expect(r.files[0].objects).toEqual([
      ...account("runner", "mlpc:mixed", [EXECUTOR, APPLY_ISVC]),
      ...account("trainer", "mlpc:mixed:trainer", [EXECUTOR]),
    ]);
    expectSpans(text, r.diagnostics, [["MLP4401", "cand"]]);
  });

  it("reads a scheduled pipeline's CronWorkflow for its account", () => {
    const text = `${PREP}pipeline nightly {\n  serviceAccount "runner"\n  schedule "0 3 * * *"\n  p = prep(source: "s3://a")\n}\n`;
    const r = rbac(text);
    expect(r.files[0].objects).toEqual(account("runner", "mlpc:nightly", [EXECUTOR]));
    expect(r.diagnostics).toEqual([]);
  });

  it("covers the trial Workflows of a tune of the pipeline, and adds nothing for a tune of a component (a Job needs no API access)", () => {
    const pipeline = `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  output loss: Float
  run    ["python", "fit.py", "--lr", lr, "--loss", loss.path]
}
pipeline sweep_me {
  serviceAccount "trials"
  param lr: Float = 0.1
  output loss: Float = f.loss
  f = fit(lr: lr)
}
`;
    const pipelineTune = `tune hpo of sweep_me {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n}\n`;
    const componentTune = `tune fit_hpo of fit {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n}\n`;
    const text = pipeline + pipelineTune + componentTune;
    const r = rbac(text);
    expect(r.files.map((f) => f.content)).toEqual(rbac(pipeline).files.map((f) => f.content));
    expect(r.files[0].objects).toEqual(account("trials", "mlpc:sweep-me", [EXECUTOR]));

    // The trial Workflow Katib creates runs as the pipeline's account and needs no more than the file grants.
    const experiments = katibDocuments(resolve(checkSource(text).program!)).documents;
    const trial = experiments.find((d) => d.declaration.name === "hpo")!.objects[0] as any;
    expect(trial.spec.trialTemplate.trialSpec.spec.serviceAccountName).toBe("trials");
    const permissions: Permissions = new Map();
    addWorkflow(trial.spec.trialTemplate.trialSpec.spec, "unused", permissions);
    expect([...permissions.keys()]).toEqual(["trials"]);
    expect(policyRules(permissions.get("trials")!)).toEqual([EXECUTOR]);
  });

  it("reports the Argo back end's errors (that pipeline gets no file) but not its warnings, which are -t argo's", () => {
    const text = `component train {
  image  "ghcr.io/acme/train:1.0"
  output model: Model
  run    ["train", model.path]
}
component use {
  image  "ghcr.io/acme/use:1.0"
  input  data: Dataset
  run    ["use", data.path]
}
pipeline broken {
  serviceAccount "runner"
  fit = train()
  serve cand {
    model sklearn from fit.model
  }
}
pipeline fine {
  serviceAccount "runner"
  artifactRoot "s3://acme-ml/runs"
  raw = import Dataset from "s3://other-bucket/x.parquet"
  u = use(data: raw.artifact)
}
`;
    const checked = checkSource(text);
    const argo = emitArgo(checked.program!).diagnostics.map((d) => d.code);
    expect(argo).toEqual(["MLP4101", "MLP4123"]);
    const r = rbac(text);
    expect(r.files.map((f) => f.name)).toEqual(["fine.rbac.yaml"]);
    // No file for broken, so nothing about its accounts either.
    expectSpans(text, r.diagnostics, [["MLP4101", "fit.model"]]);
  });

  it("is registered as the back end 'rbac' writing <pipeline>.rbac.yaml", () => {
    expect(rbacBackend.name).toBe("rbac");
    expect(rbacBackend.extension).toBe("rbac.yaml");
  });
});

describe("the permissions of a Workflow spec (addWorkflow)", () => {
  const manifest = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: m\n";

  it("gives each pod template's account the executor's rule, and nothing to DAG templates", () => {
    const permissions: Permissions = new Map();
    addWorkflow(
      {
        serviceAccountName: "run",
        templates: [
          { name: "main", dag: { tasks: [] } },
          { name: "a", container: { image: "x" } },
          { name: "b", serviceAccountName: "own", script: { image: "x", source: "true" } },
          { name: "c", resource: { action: "apply", manifest } },
        ],
      },
      "fallback",
      permissions,
    );
    expect([...permissions.keys()]).toEqual(["run", "own"]);
    expect(policyRules(permissions.get("run")!)).toEqual([EXECUTOR, APPLY_ISVC]);
    expect(policyRules(permissions.get("own")!)).toEqual([EXECUTOR]);
  });

  it("runs as the given account when the spec names none", () => {
    const permissions: Permissions = new Map();
    addWorkflow({ templates: [{ name: "a", container: { image: "x" } }] }, "fallback", permissions);
    expect([...permissions.keys()]).toEqual(["fallback"]);
  });

  it("refuses (a bug) a resource action or kind whose verbs it does not know, rather than grant a guess", () => {
    expect(() => addWorkflow({ templates: [{ name: "c", resource: { action: "delete", manifest } }] }, "a", new Map())).toThrow("no verbs known for the resource action 'delete'");
    expect(() => addWorkflow({ templates: [{ name: "c", resource: { action: "apply", manifest: "apiVersion: v1\nkind: ConfigMap\n" } }] }, "a", new Map())).toThrow("no resource known for v1 ConfigMap");
    expect(() => addWorkflow({ templates: [{ name: "h", http: { url: "https://x" } }] }, "a", new Map())).toThrow("runs neither in a pod nor in the controller");
  });
});

describe("the API type check the RBAC objects pass (apiProblems)", () => {
  it("finds unknown fields, wrong types and missing required fields", () => {
    expect(apiProblems({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "r", nme: "x" }, rules: [{ apiGroups: "", resources: ["pods"] }] }, "V1Role")).toEqual([
      "/metadata/nme: unknown field of V1ObjectMeta",
      "/rules/0/verbs: required in V1PolicyRule",
      "/rules/0/apiGroups: must be a list",
    ]);
    expect(apiProblems({ kind: "RoleBinding", roleRef: { kind: "Role", name: "r" }, subjects: [{ kind: "ServiceAccount" }] }, "V1RoleBinding")).toEqual([
      "/roleRef/apiGroup: required in V1RoleRef",
      "/subjects/0/name: required in RbacV1Subject",
    ]);
  });
});

describe("the committed RBAC outputs of the examples (test/golden/outputs)", () => {
  const root = fileURLToPath(new URL("../../golden/outputs", import.meta.url));
  const files = readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith(".rbac.yaml")).map((f) => join(d, f)));

  it("exist, one per example pipeline", () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it.each(files)("%s holds Kubernetes API objects only", (file) => {
    for (const doc of parseAllDocuments(readFileSync(join(root, file), "utf8"))) {
      const o = doc.toJS() as Record<string, any>;
      expect(apiProblems(o, KIND_TYPES[o.kind]), `${file}: ${o.kind}`).toEqual([]);
    }
  });
});
