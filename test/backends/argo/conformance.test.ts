import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { emitArgo, type ArgoFile, type ArgoOptions } from "../../../src/backends/argo/index.js";
import { fileHost } from "../../../src/cli/fs-host.js";
import { checkFile } from "../../../src/compiler.js";
import type { SourceHost } from "../../../src/frontend/host.js";
import type { Program } from "../../../src/ir/types.js";
import { k8sValidate, sharedAvailable, sharedMissingInCi, SKIP_REASON } from "../katib/k8s-validate.js";
import { generatePipeline } from "../../../bench/generate.js";
import { exampleFiles } from "../../helpers.js";
import { compile, LIB, NOTIFY, SCORE } from "./support.js";
import { ARGO_SEMCHECK, asSubmitted, recordForSemcheck, runSemcheck, semcheckTest, SUPPLIED } from "./semcheck.js";

// Every manifest the back end writes passes ../shared/tools/k8s-validate: Argo's JSON schema made
// strict (unknown fields are errors) plus the `argo lint` rules it implements (template and task
// names, references between templates, `depends` naming known tasks).

const EXTRA = `${SCORE}${NOTIFY}`;

/** Pipelines covering every construct the back end compiles (the unit tests' shapes). */
const CORPUS: Record<string, { text: string; options?: ArgoOptions }> = {
  everything: {
    text: `${LIB}${EXTRA}
pipeline inner {
  param data: Dataset
  param lr: Float = 0.5
  output model: Model = fit.model
  output accuracy: Float = fit.accuracy
  fit = train(data: data, lr: lr)
}
pipeline everything {
  param source: String = "s3://a/b"
  param threshold: Float = 0.9
  param shards: List<Int> = [1, 2]
  param day: String = "2026-11-01"
  serviceAccount "runner"
  timeout "2h"
  imagePullSecrets ["ghcr"]
  labels { team: "ml" }
  annotations { "acme.io/owner": "ml" }
  raw = import Dataset from "s3://acme/day=\${day}/train.parquet"
  web = import Dataset from "https://example.com/train.csv"
  prep = prepare(source: source)
  fit = train(data: prep.train, lr: 0.1, tags: ["a"]) {
    resources { cpu 1 .. 2  memory "4Gi"  gpu 1 "nvidia-l4" }
    env { MODE: "fast", TOKEN: secret("hf", "token"), URI: configmap("conf", "uri") }
    volumes { "/data": pvc("features", readOnly: true), "/dev/shm": emptyDir(medium: "Memory", size: "1Gi"), "/etc/c": configmap("c"), "/s": secret("s") }
    nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }
    tolerations [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]
    affinity [{ key: "zone", operator: "In", values: ["a"] }, { key: "spot", operator: "Exists", weight: 10 }]
    serviceAccount "trainer"
    labels { stage: "fit" }
    annotations { "acme.io/step": "fit" }
    retry 3 backoff "30s" factor 2 max "5m"
    timeout "1h"
  }
  fit2 = train(data: raw.artifact) { cache off }
  fit3 = train(data: web.artifact)
  sub = inner(data: prep.train)
  if fit.accuracy >= threshold and fit.verdict == "ok" {
    a = echo(message: "a")
  } elif not fit.passed {
    b = echo(message: "b \${sub.accuracy}")
  } else {
    c = echo(message: "c")
  }
  for shard in [1, 2, 3] {
    s1 = score(shard: shard)
  }
  for v in [{ shard: 1, name: "a" }, { shard: 2, name: "b" }] parallel 1 {
    s2 = score(shard: v.shard, name: v.name)
  }
  for x in shards parallel 2 {
    s3 = score(shard: x, name: source)
    echo3 = echo(message: "\${s3.auc}")
    t3 = train(data: prep.train)
  }
  sum1 = summarize(values: collect(s1.auc))
  sum2 = summarize(values: collect(s2.auc))
  sum3 = summarize(values: collect(s3.auc))
  cleanup = echo(message: "clean") after sum3 { always }
  finally {
    n = notify(status: pipeline.status, name: source)
  }
}
`,
  },
  artifacts: {
    text: `${LIB}${EXTRA}
component publish {
  image "ghcr.io/acme/publish:1.0"
  input data: Dataset
  output report: Markdown
  run ["publish", data.path, data.uri, report.path, report.uri]
}
pipeline sub_with_root {
  artifactRoot "gs://acme-ml"
  output data: Dataset = prep.train
  prep = prepare(source: "s")
}
pipeline with_root {
  artifactRoot "s3://acme-ml/runs"
  param day: String = "d"
  param model_uri: String = "s3://acme/models/x"
  raw = import Dataset from "s3://acme/day=\${day}/x.csv"
  prep = prepare(source: "s")
  fit = train(data: prep.train)
  pub = publish(data: prep.train)
  pub2 = publish(data: raw.artifact)
  sub = sub_with_root()
  pub3 = publish(data: sub.data)
  for x in ["a", "b"] {
    p2 = prepare(source: x)
    pb = publish(data: p2.train)
  }
  serve from_run {
    model sklearn from fit.model
  }
  serve from_param {
    model sklearn from model_uri
  }
  finally {
    e = echo(message: "\${fit.accuracy}")
    pf = publish(data: prep.train)
  }
}
`,
  },
  oneof: {
    text: `${LIB}
component evaluate {
  image "ghcr.io/acme/eval:1.0"
  input model: Model
  input note: String = "n"
  run ["eval", model.path, model.uri, note]
}
pipeline branches {
  artifactRoot "s3://acme-ml/runs"
  output verdict: String = oneOf(big.verdict, mid.verdict, small.verdict)
  output best: Model = oneOf(big.model, mid.model, small.model)
  prep = prepare(source: "s")
  if prep.rows > 1000 {
    big = train(data: prep.train)
  } elif prep.rows > 10 {
    mid = train(data: prep.train)
  } else {
    small = train(data: prep.train)
  }
  ev = evaluate(model: oneOf(big.model, mid.model, small.model), note: oneOf(big.verdict, mid.verdict, small.verdict))
  if oneOf(big.verdict, mid.verdict, small.verdict) == "ok" {
    echo(message: "ok")
  }
  for x in ["a", "b"] parallel 1 {
    e1 = echo(message: oneOf(big.verdict, mid.verdict, small.verdict))
    e2 = evaluate(model: oneOf(big.model, mid.model, small.model), note: x)
  }
  for y in ["a", "b"] {
    p2 = prepare(source: y)
    if p2.rows > 3 {
      ta = train(data: p2.train)
    } else {
      tb = train(data: p2.train)
    }
    e3 = evaluate(model: oneOf(ta.model, tb.model), note: oneOf(ta.verdict, tb.verdict))
  }
  serve best_model {
    model sklearn from oneOf(big.model, mid.model, small.model)
  }
  finally {
    if true {
      fa = train(data: prep.train)
    } else {
      fb = train(data: prep.train)
    }
    e4 = echo(message: oneOf(fa.verdict, fb.verdict))
  }
}
`,
  },
  cron: { text: `${LIB}\npipeline cron_run {\n  schedule "0 3 * * *" timezone "Europe/Berlin" concurrency Replace\n  e = echo(message: "x")\n}\n` },
  template: { text: `${LIB}\npipeline as_template {\n  param data: Dataset\n  fit = train(data: data)\n}\n`, options: { kind: "workflow-template", artifactRepositoryRef: { configMap: "artifact-repositories", key: "s3-ml" } } },
  cluster: { text: `${LIB}\npipeline as_cluster_template {\n  e = echo(message: "x")\n}\n`, options: { kind: "cluster-workflow-template", podGC: { strategy: "OnPodCompletion", deleteDelayDuration: "30s" }, ttlStrategy: { secondsAfterSuccess: 5, secondsAfterFailure: 60 } } },
};

function compileCorpus(): ArgoFile[] {
  return Object.entries(CORPUS).flatMap(([name, { text, options }]) => {
    const c = compile(text, options);
    expect(c.diagnostics.filter((d) => d.severity === "error"), name).toEqual([]);
    expect(c.result.files.length, name).toBeGreaterThan(0);
    return c.result.files;
  });
}

/** An example checked and compiled to Argo. */
function emitExample(example: string, host: SourceHost): { program: Program; out: ReturnType<typeof emitArgo> } {
  const checked = checkFile(example, host);
  expect(checked.diagnostics.filter((d) => d.severity === "error"), example).toEqual([]);
  const out = emitArgo(checked.program!);
  recordForSemcheck(out.files);
  return { program: checked.program!, out };
}

const errorCodes = (out: ReturnType<typeof emitArgo>): string[] => [...new Set(out.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))].sort();

/** Every example compiled; each must compile with no error. */
function compileExamples(): { files: ArgoFile[]; pipelines: number } {
  let pipelines = 0;
  const files = exampleFiles().flatMap((example) => {
    const { program, out } = emitExample(example, fileHost(process.cwd()));
    expect(errorCodes(out), example).toEqual([]);
    pipelines += program.pipelines.length;
    expect(out.files.length, example).toBe(program.pipelines.length);
    return out.files;
  });
  return { files, pipelines };
}

describe("Argo back end against the upstream validators", () => {
  it.runIf(sharedMissingInCi)("has ../shared on CI", () => {
    expect.fail(`${SKIP_REASON}; CI must run the upstream validators`);
  });

  it.skipIf(!sharedAvailable)(`has a validator that rejects what Argo would reject ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const [good] = compileCorpus();
    const bad = good.content.replace("withItems:", "withItem:");
    expect(bad).not.toBe(good.content);
    const report = k8sValidate([{ name: "bad.argo.yaml", content: bad }]);
    expect(report.ok).toBe(false);
    expect(report.output).toContain("withItem");
  });

  it("compiles every pipeline of the examples with no error", () => {
    const { files, pipelines } = compileExamples();
    expect(pipelines).toBeGreaterThan(0);
    expect(files).toHaveLength(pipelines);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for every pipeline of examples/ ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const report = k8sValidate(compileExamples().files);
    expect(report.ok, report.output).toBe(true);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for every construct ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = compileCorpus();
    expect(files.map((f) => f.name)).toEqual(["everything.argo.yaml", "inner.argo.yaml", "sub-with-root.argo.yaml", "with-root.argo.yaml", "branches.argo.yaml", "cron-run.argo.yaml", "as-template.argo.yaml", "as-cluster-template.argo.yaml"]);
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for KFP's oneOf goldens compiled to Argo ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = ["if_else_with_oneof_parameters", "if_elif_else_complex"].flatMap((name) => {
      const file = join("test", "upstream", "kfp", `${name}.mlpipe`);
      const { out } = emitExample(file, fileHost(process.cwd()));
      expect(errorCodes(out), file).toEqual([]);
      return out.files;
    });
    expect(files.map((f) => f.name)).toEqual(["flip-coin-pipeline.argo.yaml", "lucky-number-pipeline.argo.yaml"]);
    expect(files.every((f) => f.content.includes("{{=tasks['print-and-return"))).toBe(true);
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });

  it("compiles KFP's reproduced goldens to Argo, for argo-semcheck", () => {
    // Those Argo cannot express are reported (MLP41xx) and have no file to check.
    const files = readdirSync(join("test", "upstream", "kfp"))
      .filter((f) => f.endsWith(".mlpipe"))
      .sort()
      .flatMap((f) => {
        const checked = checkFile(join("test", "upstream", "kfp", f), fileHost(process.cwd()));
        expect(checked.diagnostics.filter((d) => d.severity === "error"), f).toEqual([]);
        const out = emitArgo(checked.program!);
        if (errorCodes(out).length > 0) return [];
        recordForSemcheck(out.files);
        return out.files;
      });
    expect(files.length).toBeGreaterThan(30);
  });

  it.runIf(existsSync(ARGO_SEMCHECK))("has an argo-semcheck that rejects what the controller rejects and warns of a skipped producer", () => {
    const llm = compileExamples().files.find((f) => f.name === "llm-eval.argo.yaml")!;
    // An argument artifact without a location, as the back end wrote a pipeline's artifact parameter before.
    const doc = parse(llm.content);
    doc.spec.arguments.artifacts = [{ name: "candidate" }, { name: "holdout" }];
    expect(() => runSemcheck([{ name: "old.argo.yaml", content: stringify(doc, { version: "1.1" }) }])).toThrow(/spec\.arguments\.candidate\.from, artifact location, or key is required/);
    // A loop's iteration reading a step that it may skip without a default, as collect() did before.
    const loop = compile(`${LIB}${SCORE}
pipeline skips {
  for x in [1, 2, 3] {
    if x > 2 {
      s = score(shard: x)
    }
  }
  summarize(values: collect(s.auc))
}
`).result.files[0];
    runSemcheck([loop]);
    const old = loop.content.replace(/expression: .*\n/, "parameter: '{{tasks.s.outputs.parameters.auc}}'\n");
    expect(old).not.toBe(loop.content);
    expect(() => runSemcheck([{ name: "old-loop.argo.yaml", content: old }])).toThrow(/warn\/skipped-producer/);
    runSemcheck([{ name: "old-loop.argo.yaml", content: old }], [{ contains: "warn/skipped-producer", why: "the test of the allow-list" }]);
  });

  it("checks a Workflow as submitted: an argument without a value gets one, a template's stays without", () => {
    const text = `${LIB}\npipeline needs {\n  param source: String\n  param lr: Float = 0.1\n  p = prepare(source: source)\n}\n`;
    const workflow = asSubmitted(compile(text).result.files[0]);
    expect(parse(workflow.content).spec.arguments.parameters).toEqual([{ name: "source", value: SUPPLIED }, { name: "lr", value: "0.1" }]);
    const template = compile(text, { kind: "workflow-template" }).result.files[0];
    expect(asSubmitted(template)).toBe(template);
  });

  it.skipIf(!sharedAvailable)(`passes k8s-validate for the benchmark's generated pipelines ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = [1, 2, 3].flatMap((seed) => compile(generatePipeline(200, { seed, name: `bench_${seed}` })).result.files);
    expect(files).toHaveLength(3);
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });
});

semcheckTest();
