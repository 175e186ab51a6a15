import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitKatib } from "../../../src/backends/katib/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON, UPSTREAM_DIR } from "../../backends/katib/k8s-validate.js";

// Katib's own examples (../shared/upstream/katib/examples, unmodified copies of kubeflow/katib
// examples/v1beta1), written as `.mlpipe` beside this file (same base name) and compiled by mlpc: the
// Experiment mlpc writes must equal the original as parsed YAML, after these normalizations of the
// ORIGINAL (mlpc's output is compared as it is):
//
// 1. `metadata.namespace` is removed: mlpc writes no namespace (it is chosen when the manifest is
//    applied, `kubectl apply -n`), and the language has no place for one.
// 2. Trial parameters are renamed to their reference (`learningRate` → `lr`, in `trialParameters` and
//    in every `${trialParameters.learningRate}`): mlpc names a trial parameter after the searched input.
//    The name is local to the Experiment (Katib substitutes it in the trial template and nowhere
//    else), so a consistent renaming does not change what runs.
// 3. Trial parameter `description`s are removed: documentation only, and the language has no
//    descriptions on inputs.
// 4. `metricsCollectorSpec: {collector: {kind: StdOut}}` is added where it is absent: that is what
//    Katib's defaulting webhook sets, and mlpc writes the collector it derives explicitly.
// 5. The trial Job's `backoffLimit: 6` is added where it is absent: Kubernetes' default for a Job. mlpc
//    always writes the component's retry count (0 without `retry`); the reproductions say `retry 6`.
// 6. A container's resource `requests` are set to its `limits` where only limits are given: that is
//    what the Kubernetes API server does; in the language `cpu 0.5` sets request and limit alike.
//
// The primary container is what mlpc derives from the component (named after it, running its `run`
// with the searched inputs' trial parameters and the other inputs' defaults); the upstream examples
// are chosen because a component expresses their trial.

const EXAMPLES = [
  "hp-tuning_random",
  "hp-tuning_grid",
  "hp-tuning_bayesian-optimization",
  "hp-tuning_tpe",
  "hp-tuning_cma-es",
  "hp-tuning_optuna-distribution",
  "resume-experiment_from-volume-resume",
];

const here = relative(process.cwd(), join(import.meta.dirname));

type Json = any;

function normalizeOriginal(original: Json): Json {
  const e = structuredClone(original);
  delete e.metadata.namespace; // 1
  const t = e.spec.trialTemplate;
  let spec = JSON.stringify(t.trialSpec);
  for (const p of t.trialParameters) {
    spec = spec.replaceAll(`\${trialParameters.${p.name}}`, `\${trialParameters.${p.reference}}`); // 2
    p.name = p.reference;
    delete p.description; // 3
  }
  t.trialSpec = JSON.parse(spec);
  e.spec.metricsCollectorSpec ??= { collector: { kind: "StdOut" } }; // 4
  t.trialSpec.spec.backoffLimit ??= 6; // 5
  for (const c of t.trialSpec.spec.template.spec.containers) {
    if (c.resources?.limits !== undefined && c.resources.requests === undefined) c.resources.requests = { ...c.resources.limits }; // 6
  }
  return e;
}

function compileExample(name: string): { content: string; experiment: Json } {
  const checked = checkFile(join(here, `${name}.mlpipe`), fileHost(process.cwd()));
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = emitKatib(checked.program!);
  expect(out.diagnostics).toEqual([]);
  expect(out.files).toHaveLength(1);
  const [doc] = parseAllDocuments(out.files[0].content).map((d) => d.toJS());
  return { content: out.files[0].content, experiment: doc };
}

function original(name: string): Json {
  const docs = parseAllDocuments(readFileSync(join(UPSTREAM_DIR, "katib", "examples", `${name}.yaml`), "utf8"))
    .map((d) => d.toJS())
    .filter((d) => d?.kind === "Experiment");
  expect(docs).toHaveLength(1);
  return docs[0];
}

describe("Katib upstream examples reproduced from .mlpipe", () => {
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect.fail(`${SKIP_REASON}; CI must compare with the upstream examples`);
  });

  it("reproduces at least five examples", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of EXAMPLES) {
    it.skipIf(!sharedAvailable)(`${name}.mlpipe gives ${name}.yaml ${sharedAvailable ? "" : SKIP_REASON}`, () => {
      const mine = compileExample(name).experiment;
      const theirs = normalizeOriginal(original(name));
      expect(mine).toEqual(theirs);
      // The file name is the Experiment's name.
      expect(mine.metadata.name).toBe(original(name).metadata.name);
    });
  }

  it.skipIf(!sharedAvailable)(`writes reproductions that pass k8s-validate ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = EXAMPLES.map((name) => ({ name: `${name}.katib.yaml`, content: compileExample(name).content }));
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });
});
