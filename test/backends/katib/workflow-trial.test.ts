import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { experiment } from "./support.js";
import { k8sValidate, sharedAvailable, SKIP_REASON } from "./k8s-validate.js";
import { semcheckTest } from "../argo/semcheck.js";

// A tune of a whole pipeline: the trial is the pipeline as an Argo Workflow. What Katib needs for a
// non-Job trial comes from its docs and its own Workflow example (../shared/upstream/katib/examples/
// argo_argo-workflow.yaml): primaryPodLabels, primaryContainerName (Argo's `main`), success and
// failure conditions on the Workflow's phase, `${trialParameters.…}` in the trial spec.

const SOURCE = `component prep {
  image  "ghcr.io/acme/prep:1.0"
  input  source: String
  output rows: Int
  run    ["prep", source, rows.path]
}
component fit {
  image  "ghcr.io/acme/fit:1.0"
  input  lr: Float
  input  rows: Int
  input  note: String = "x"
  output loss: Float
  output accuracy: Float
  run    ["python", "fit.py", "--lr", lr, "--rows", rows, "--note", note, "--loss", loss.path, "--accuracy", accuracy.path]
}
pipeline train_pipe {
  param source: String = "s3://acme/data"
  param lr: Float = 0.1
  output loss: Float = fitted.loss
  output accuracy: Float = fitted.accuracy
  p = prep(source: source)
  fitted = fit(lr: lr, rows: p.rows)
  also = fit(lr: 0.5, rows: p.rows)
}
tune hpo of train_pipe {
  objective minimize loss
  metrics [accuracy]
  algorithm random
  search lr: Float in 0.001 .. 0.1
  with { source: "s3://acme/other" }
  trials 6 parallel 2
}
`;

describe("Katib: a tune of a pipeline runs an Argo Workflow trial", () => {
  const exp = experiment(SOURCE);
  const template = exp.spec.trialTemplate;
  const workflow = template.trialSpec;
  const templates: Record<string, any>[] = workflow.spec.templates;
  const byName = (name: string) => templates.find((t) => t.name === name)!;
  const entry = byName(workflow.spec.entrypoint);
  const task = (name: string) => entry.dag.tasks.find((t: { name: string }) => t.name === name);

  it("says which pod and container Katib reads, and when the trial succeeded or failed", () => {
    expect(template.primaryPodLabels).toEqual({ "katib.kubeflow.org/model-training": "true" });
    expect(template.primaryContainerName).toBe("main");
    expect(template.successCondition).toBe('status.[@this].#(phase=="Succeeded")#');
    expect(template.failureCondition).toBe('status.[@this].#(phase=="Failed")#');
    expect(template.trialParameters).toEqual([{ name: "lr", reference: "lr" }]);
    expect(exp.spec.metricsCollectorSpec).toEqual({ collector: { kind: "StdOut" } });
    expect(exp.spec.parameters).toEqual([{ name: "lr", parameterType: "double", feasibleSpace: { min: "0.001", max: "0.1" } }]);
  });

  it("runs the pipeline with the searched parameter from Katib and the others as the tune gives them", () => {
    expect(workflow.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(workflow.kind).toBe("Workflow");
    expect(workflow).not.toHaveProperty("metadata");
    expect(workflow.spec.arguments.parameters).toEqual([
      { name: "source", value: "s3://acme/other" },
      { name: "lr", value: "${trialParameters.lr}" },
    ]);
  });

  it("labels the step that reports the metrics, does not memoize it, and prints its metric files after it succeeds", () => {
    const primary = byName(task("fitted").template);
    expect(primary.metadata.labels["katib.kubeflow.org/model-training"]).toBe("true");
    expect(primary).not.toHaveProperty("memoize");
    expect(primary.container.command.slice(0, 2)).toEqual(["sh", "-c"]);
    // The other step of the same component keeps its own template, unlabelled.
    const other = byName(task("also").template);
    expect(other.name).not.toBe(primary.name);
    // The trial's template is named after the step the user wrote, its component's after the component.
    expect(primary.name).toBe("fitted-trial");
    expect(other.name).toBe("fit");
    expect(other.metadata?.labels?.["katib.kubeflow.org/model-training"]).toBeUndefined();
    expect(other.container.command[0]).toBe("python");
  });

  it("the printing wrapper runs the step's command and prints name=value lines only when it succeeds", () => {
    const [, , script, zero, ...command] = byName(task("fitted").template).container.command as string[];
    const dir = mkdtempSync(join(tmpdir(), "mlpc-trial-"));
    try {
      // The step's files live under /tmp/outputs in its pod; here under a temporary directory.
      const local = script.replaceAll("/tmp/outputs", join(dir, "outputs"));
      for (const o of ["loss", "accuracy"]) mkdirSync(join(dir, "outputs", o), { recursive: true });
      writeFileSync(join(dir, "outputs", "loss", "data"), "0.25");
      writeFileSync(join(dir, "outputs", "accuracy", "data"), "0.9");
      // The component's command stands in as `true`/`false` (the real one is python fit.py …).
      expect(command.slice(0, 2)).toEqual(["python", "fit.py"]);
      expect(execFileSync("sh", ["-c", local, zero, "true"], { encoding: "utf8" })).toBe("loss=0.25\naccuracy=0.9\n");
      expect(() => execFileSync("sh", ["-c", local, zero, "false"], { encoding: "utf8", stdio: "pipe" })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate: the Experiment, and its trial as an Argo Workflow ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const report = k8sValidate([
      { name: "hpo.katib.yaml", content: stringify(exp) },
      { name: "hpo-trial.argo.yaml", content: stringify({ ...workflow, metadata: { generateName: "hpo-trial-" } }) },
    ]);
    expect(report.ok, report.output).toBe(true);
  });
});

semcheckTest();
