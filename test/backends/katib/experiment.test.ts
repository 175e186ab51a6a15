import { describe, expect, it } from "vitest";
import type { Backend } from "../../../src/backends/contract.js";
import { emitKatib, katibBackend, katibDocuments } from "../../../src/backends/katib/index.js";
import { checkSource } from "../../helpers.js";
import { compile, experiment, tuneOf } from "./support.js";

describe("Katib Experiment", () => {
  it("is a kubeflow.org/v1beta1 Experiment named after the tune, in <name>.katib.yaml", () => {
    const c = compile(tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`, "fraud_HPO"));
    expect(c.result.files.map((f) => f.name)).toEqual(["fraud-hpo.katib.yaml"]);
    const e = c.docs[0];
    expect(e.apiVersion).toBe("kubeflow.org/v1beta1");
    expect(e.kind).toBe("Experiment");
    expect(e.metadata).toEqual({ name: "fraud-hpo" });
    // Kubernetes' key order at the top.
    expect(c.result.files[0].content.split("\n").slice(0, 4)).toEqual([
      "apiVersion: kubeflow.org/v1beta1",
      "kind: Experiment",
      "metadata:",
      "  name: fraud-hpo",
    ]);
  });

  it("writes the objective: type, goal, metric, additional metrics and strategies", () => {
    const e = experiment(
      tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`).replace(
        "objective minimize loss",
        "objective maximize accuracy goal 0.95\n  metrics [loss]\n  strategy loss min\n  strategy accuracy latest",
      ),
    );
    expect(e.spec.objective).toEqual({
      type: "maximize",
      goal: 0.95,
      objectiveMetricName: "accuracy",
      additionalMetricNames: ["loss"],
      metricStrategies: [
        { name: "loss", value: "min" },
        { name: "accuracy", value: "latest" },
      ],
    });
  });

  it("leaves out the goal, additional metrics and strategies that are not given", () => {
    const e = experiment(tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`));
    expect(e.spec.objective).toEqual({ type: "minimize", objectiveMetricName: "loss" });
  });

  it("writes the algorithm and early stopping with their settings as name/value strings", () => {
    const e = experiment(
      tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n  earlyStopping medianstop { min_trials_required: 5, start_step: 2 }\n`).replace(
        "algorithm random",
        `algorithm bayesianoptimization { base_estimator: "GP", random_state: 42, verbose: true }`,
      ),
    );
    expect(e.spec.algorithm).toEqual({
      algorithmName: "bayesianoptimization",
      algorithmSettings: [
        { name: "base_estimator", value: "GP" },
        { name: "random_state", value: "42" },
        { name: "verbose", value: "true" },
      ],
    });
    expect(e.spec.earlyStopping).toEqual({
      algorithmName: "medianstop",
      algorithmSettings: [
        { name: "min_trials_required", value: "5" },
        { name: "start_step", value: "2" },
      ],
    });
  });

  it("writes an algorithm without settings as its name alone, and no earlyStopping when none is given", () => {
    const e = experiment(tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`));
    expect(e.spec.algorithm).toEqual({ algorithmName: "random" });
    expect(e.spec).not.toHaveProperty("earlyStopping");
  });

  it("writes each kind of search space with its feasible space as strings", () => {
    const e = experiment(
      tuneOf(
        [
          `  search lr: Float in 0.0001 .. 0.1 log`,
          `  search depth: Int in 2 .. 16 step 2 uniform`,
          `  with { data_uri: "s3://d" }`,
          ``,
        ].join("\n"),
      ).replace(`input  booster: String = "gbtree"`, `input  booster: String = "gbtree"\n  input  weight: Float = 1.0\n  input  gamma: Float = 0.5`)
        .replace(`"--booster", booster]`, `"--booster", booster, "--weight", weight, "--gamma", gamma]`)
        .replace("  with {", `  search weight: Float in [1, 2.5, 10]\n  search booster: String in ["gbtree", "dart"]\n  search gamma: Float in -1 .. 1 step 0.25 normal\n  with {`),
    );
    expect(e.spec.parameters).toEqual([
      { name: "lr", parameterType: "double", feasibleSpace: { min: "0.0001", max: "0.1", distribution: "logUniform" } },
      { name: "depth", parameterType: "int", feasibleSpace: { min: "2", max: "16", step: "2", distribution: "uniform" } },
      { name: "weight", parameterType: "discrete", feasibleSpace: { list: ["1", "2.5", "10"] } },
      { name: "booster", parameterType: "categorical", feasibleSpace: { list: ["gbtree", "dart"] } },
      { name: "gamma", parameterType: "double", feasibleSpace: { min: "-1", max: "1", step: "0.25", distribution: "normal" } },
    ]);
  });

  it("writes lognormal as Katib's logNormal", () => {
    const e = experiment(tuneOf(`  search lr: Float in 0.001 .. 0.1 lognormal\n  with { data_uri: "s3://d" }\n`));
    expect(e.spec.parameters[0].feasibleSpace.distribution).toBe("logNormal");
  });

  it("writes the trial budget and the resume policy", () => {
    const e = experiment(tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n  trials 30 parallel 3 failures 5\n  resume fromVolume\n`));
    expect(e.spec).toMatchObject({ parallelTrialCount: 3, maxTrialCount: 30, maxFailedTrialCount: 5, resumePolicy: "FromVolume" });
  });

  it("leaves the budget to Katib's defaults when it is not given", () => {
    const e = experiment(tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`));
    for (const k of ["parallelTrialCount", "maxTrialCount", "maxFailedTrialCount", "resumePolicy"]) expect(e.spec).not.toHaveProperty(k);
  });

  it("compiles every tune of a program, each to its own file, sorted by tune name", () => {
    const text = tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n`, "b_sweep") +
      `\ntune a_sweep of train {\n  objective maximize accuracy\n  algorithm grid\n  search depth: Int in 1 .. 4 step 1\n  with { data_uri: "s3://d" }\n}\n`;
    expect(compile(text).result.files.map((f) => f.name)).toEqual(["a-sweep.katib.yaml", "b-sweep.katib.yaml"]);
  });

  it("gives the same bytes for the same program", () => {
    const text = tuneOf(`  search lr: Float in 0.001 .. 0.1\n  with { data_uri: "s3://d" }\n  trials 4 parallel 2\n`);
    const a = emitKatib(checkSource(text).program!);
    const b = emitKatib(checkSource(text).program!);
    expect(a.files).toEqual(b.files);
  });

  it("writes nothing for a program without tunes", () => {
    const checked = checkSource(`component c {\n  image "ghcr.io/acme/c:1.0"\n  run ["true"]\n}\n`);
    expect(emitKatib(checked.program!)).toEqual({ files: [], diagnostics: [] });
  });

  it("is a back end the CLI's registry can take as it is", () => {
    const backend: Backend = katibBackend;
    expect(backend.name).toBe("katib");
    expect(backend.extension).toBe("katib.yaml");
    expect(backend.emit).toBe(katibDocuments);
  });
});
