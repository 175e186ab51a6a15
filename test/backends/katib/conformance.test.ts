import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitKatib, type KatibFile } from "../../../src/backends/katib/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON, UPSTREAM_DIR } from "./k8s-validate.js";
import { exampleFiles } from "../../helpers.js";
import { compile, TRAIN } from "./support.js";
import { katibTrialWorkflows, recordForSemcheck, semcheckTest } from "../argo/semcheck.js";

// Every Experiment the back end writes passes ../shared/tools/k8s-validate: Katib's OpenAPI schema
// (made strict: unknown fields are errors) plus the rules of Katib's webhook. That schema types the
// trial's manifest as free-form, so the trial Job's pod template is also checked here against the
// Kubernetes PodTemplateSpec in the same OpenAPI document.

/** Tunes covering every construct of the back end (the unit tests' shapes). */
const CORPUS: Record<string, string> = {
  "every-setting": `${TRAIN.replace("  run ", '  retry 2\n  env { MODE: "train" }\n  run ')}
tune every_setting of train {
  objective maximize accuracy goal 0.99
  metrics [loss]
  strategy loss min
  algorithm bayesianoptimization { base_estimator: "GP", random_state: 7 }
  earlyStopping medianstop { min_trials_required: 3 }
  search lr: Float in 0.0001 .. 0.1 log
  search depth: Int in 2 .. 12 step 2
  search booster: String in ["gbtree", "dart"]
  with { data_uri: "s3://acme/train.parquet" }
  trials 20 parallel 4 failures 2
  resume longRunning
  collector stdout
  env { THREADS: 8, TOKEN: secret("hf", "token"), URI: configmap("settings", "uri") }
  resources { cpu 1 .. 4  memory "4Gi" .. "16Gi"  ephemeralStorage "20Gi"  gpu 1 "nvidia-l4" }
  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }
  tolerations [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]
  affinity [{ key: "zone", operator: "In", values: ["a"] }, { key: "spot", operator: "Exists", weight: 10 }]
  labels { stage: "hpo" }
  annotations { "acme.io/owner": "ml" }
  volumes { "/data": pvc("features", readOnly: true), "/dev/shm": emptyDir(medium: "Memory", size: "1Gi"), "/etc/conf": configmap("conf"), "/secrets": secret("creds") }
  serviceAccount "katib-trials"
  imagePullSecrets ["ghcr"]
  securityContext { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true }
  timeout "45m"
}
`,
  "metric-files": `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  input  note: String = "nightly run"
  output model: Model
  output auc: Float
  output logloss: Float
  run    ["python", "fit.py", "--lr", lr, "--note", note, "--model", model.path, "--auc", auc.path, "--logloss", logloss.path]
}
tune from_files of fit {
  objective maximize auc
  metrics [logloss]
  algorithm tpe
  search lr: Float in 0.01 .. 0.1
}
tune mixed of fit {
  objective maximize auc
  metrics [model_size]
  algorithm random
  search lr: Float in 0.01 .. 0.1
  search note: String in ["a b", "c"]
}
`.replace("output logloss: Float", "output logloss: Float\n  output model_size: Int"),
  "metrics-file": `component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  output auc: Float
  args   ["--lr", lr, "--log", "/var/log/fit/metrics.log"]
}
tune to_file of fit {
  objective maximize auc
  algorithm grid
  search lr: Float in 0.01 .. 0.1 step 0.01
  collector file "/var/log/fit/metrics.log"
  resume fromVolume
}
`,
};

function compileCorpus(): KatibFile[] {
  return Object.entries(CORPUS).flatMap(([name, text]) => {
    const c = compile(text);
    expect(c.diagnostics.filter((d) => d.severity === "error"), name).toEqual([]);
    expect(c.result.files.length, name).toBeGreaterThan(0);
    return c.result.files;
  });
}

function compileExamples(): { files: KatibFile[]; tunes: number } {
  let tunes = 0;
  const files = exampleFiles().flatMap((example) => {
    const checked = checkFile(example, fileHost(process.cwd()));
    expect(checked.diagnostics.filter((d) => d.severity === "error"), example).toEqual([]);
    tunes += checked.program!.tunes.length;
    const out = emitKatib(checked.program!);
    expect(out.diagnostics, example).toEqual([]);
    recordForSemcheck(katibTrialWorkflows(out.files));
    return out.files;
  });
  return { files, tunes };
}

describe("Katib back end against the upstream validators", () => {
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect.fail(`${SKIP_REASON}; CI must run the upstream validators`);
  });

  it.skipIf(!sharedAvailable)(`has a validator that rejects what Katib would reject ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const [good] = compileCorpus();
    const bad = good.content.replace("primaryContainerName:", "primaryContainer:");
    expect(bad).not.toBe(good.content);
    const report = k8sValidate([{ name: "bad.katib.yaml", content: bad }]);
    expect(report.ok).toBe(false);
    expect(report.output).toContain("primaryContainer");
  });

  it("compiles every tune in examples/ with no diagnostic", () => {
    const { files, tunes } = compileExamples();
    expect(tunes).toBeGreaterThan(0);
    expect(files).toHaveLength(tunes);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for every tune in examples/ ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = compileExamples().files;
    // Katib's schema takes a trial spec as it is: a Workflow trial is also checked as the Argo Workflow it is.
    const workflows = katibTrialWorkflows(files);
    expect(workflows.length, "an example tunes a whole pipeline").toBeGreaterThan(0);
    const report = k8sValidate([...files, ...workflows]);
    expect(report.ok, report.output).toBe(true);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for every construct ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = compileCorpus();
    expect(files.map((f) => f.name)).toEqual(["every-setting.katib.yaml", "from-files.katib.yaml", "mixed.katib.yaml", "to-file.katib.yaml"]);
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });

  it.skipIf(!sharedAvailable)(`writes trial Jobs whose pod template is a valid Kubernetes PodTemplateSpec ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const validate = podTemplateValidator();
    // The check has teeth: an unknown field and a wrongly typed one are rejected.
    expect(validate({ spec: { containers: [{ name: "c", image: "i", comand: ["x"] }] } })).toBe(false);
    expect(validate({ spec: { containers: [{ name: "c", image: "i" }], activeDeadlineSeconds: "1h" } })).toBe(false);
    expect(validate({ spec: { containers: [{ name: "c", image: "i" }], restartPolicy: "Never" } })).toBe(true);
    for (const file of [...compileCorpus(), ...compileExamples().files]) {
      const job = (parse(file.content) as any).spec.trialTemplate.trialSpec;
      if (job.kind === "Workflow") continue; // checked as an Argo Workflow above
      expect(Object.keys(job).sort(), file.name).toEqual(["apiVersion", "kind", "spec"]);
      // batch/v1 JobSpec fields the back end writes.
      for (const key of Object.keys(job.spec)) expect(["backoffLimit", "activeDeadlineSeconds", "template"], `${file.name}: ${key}`).toContain(key);
      expect(validate(job.spec.template), `${file.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

/**
 * Ajv for `io.k8s.api.core.v1.PodTemplateSpec` of Katib's OpenAPI document, made strict as the
 * upstream validator makes it (every object with properties rejects unknown fields; quantities and
 * int-or-string values take a number or a string).
 */
function podTemplateValidator() {
  const doc = JSON.parse(readFileSync(join(UPSTREAM_DIR, "katib", "openapi-spec.json"), "utf8"));
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/definitions/')) as Record<string, any>;
  const strict = (s: any): void => {
    if (s === null || typeof s !== "object") return;
    if (Array.isArray(s)) return s.forEach(strict);
    if (s.properties !== undefined && s.additionalProperties === undefined) s.additionalProperties = false;
    for (const [k, v] of Object.entries(s)) if (k !== "enum" && k !== "default") strict(v);
  };
  for (const [name, d] of Object.entries(defs)) {
    if (name.endsWith(".IntOrString") || name.endsWith(".api.resource.Quantity")) defs[name] = { type: ["string", "integer", "number"] };
    else strict(d);
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const f of ["int32", "int64", "double", "float", "byte", "date-time", "int-or-string"]) ajv.addFormat(f, true);
  return ajv.compile({ definitions: defs, $ref: "#/definitions/io.k8s.api.core.v1.PodTemplateSpec" });
}

semcheckTest();
