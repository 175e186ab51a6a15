import { describe, expect, it } from "vitest";
import { loadDsl } from "../../src/frontend/dsl/load.js";
import { memoryHost } from "../../src/frontend/host.js";
import type { Expr, Pipeline, Program, Step } from "../../src/ir/types.js";

function load(files: string | Record<string, string | Uint8Array>, root = "main.mlpipe") {
  const map = typeof files === "string" ? { [root]: files } : files;
  return loadDsl(root, memoryHost(map));
}

/** The program with every `loc` removed, for comparing shapes. */
function noLoc<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === "loc" ? undefined : v)));
}

function diag(r: ReturnType<typeof load>): string[] {
  return r.diagnostics.map((d) => `${d.loc?.file}:${d.loc?.line}:${d.loc?.col} ${d.code}`);
}

const C = `component c { image "x/c:1" input i: String = "a" output o: Dataset run ["c", i, o.path] }\n`;

function pipelineOf(r: ReturnType<typeof load>, name = "p"): Pipeline {
  return r.program!.pipelines.find((p) => p.name === name)!;
}

describe("lowering .mlpipe to the IR", () => {
  it("names anonymous steps after their callee, skipping names in use", () => {
    const r = load(C + `pipeline p { c()  c_2 = c()  c()  for x in [1] { c() } }`);
    expect(diag(r)).toEqual([]);
    const names = (nodes: Pipeline["body"]): string[] =>
      nodes.flatMap((n) => (n.kind === "loop" ? names(n.body) : n.kind === "step" ? [n.name] : []));
    expect(names(pipelineOf(r).body)).toEqual(["c", "c_2", "c_3", "c_4"]);
  });

  it("classifies names by scope: loop item, parameter, step output", () => {
    const r = load(C + `pipeline p { param n: String  a = c(i: n)  for x in [{ f: "1" }] { c(i: x.f)  c(i: a.o) } }`);
    const loop = pipelineOf(r).body[1];
    expect(loop.kind).toBe("loop");
    if (loop.kind !== "loop") return;
    const arg = (s: unknown): Expr => (s as Step).arguments[0].value;
    expect(noLoc(arg(pipelineOf(r).body[0]))).toEqual({ kind: "param", name: "n" });
    expect(noLoc(arg(loop.body[0]))).toEqual({ kind: "loopItem", loop: "x", field: "f" });
    expect(noLoc(arg(loop.body[1]))).toEqual({ kind: "output", step: "a", output: "o" });
  });

  it("turns a command line into text and placeholders, with optional parts", () => {
    const r = load(`component k { image "k:1" input a: Int? input d: Dataset output m: Model
      run ["run", "--a=\${a}", d.uri, if a ["--a", a] else ["--no-a"], m.path, 3, true] }`);
    expect(diag(r)).toEqual([]);
    const cmd = noLoc(r.program!.components[0].command);
    expect(cmd).toEqual([
      { kind: "arg", parts: [{ kind: "text", value: "run" }] },
      { kind: "arg", parts: [{ kind: "text", value: "--a=" }, { kind: "placeholder", ref: "inputValue", name: "a" }] },
      { kind: "arg", parts: [{ kind: "placeholder", ref: "inputUri", name: "d" }] },
      {
        kind: "ifPresent",
        input: "a",
        then: [{ kind: "arg", parts: [{ kind: "text", value: "--a" }] }, { kind: "arg", parts: [{ kind: "placeholder", ref: "inputValue", name: "a" }] }],
        otherwise: [{ kind: "arg", parts: [{ kind: "text", value: "--no-a" }] }],
      },
      { kind: "arg", parts: [{ kind: "placeholder", ref: "outputPath", name: "m" }] },
      { kind: "arg", parts: [{ kind: "text", value: "3" }] },
      { kind: "arg", parts: [{ kind: "text", value: "true" }] },
    ]);
  });

  it("dedents triple-quoted scripts and keeps interpolations", () => {
    const r = load(`component k { image "k:1" input n: Int run ["python", "-c", """
        import sys
        if True:
            print(\${n}, "\\n")
        """] }`);
    expect(diag(r)).toEqual([]);
    const script = r.program!.components[0].command[2];
    expect(script.kind === "arg" && noLoc(script.parts)).toEqual([
      { kind: "text", value: 'import sys\nif True:\n    print(' },
      { kind: "placeholder", ref: "inputValue", name: "n" },
      { kind: "text", value: ', "\\n")' },
    ]);
  });

  it("lowers a limit without a request (`cpu .. 2`), in the language and the builder alike", async () => {
    const r = load(`component k { image "k:1" run ["k"]
      resources { cpu .. "1000m"  memory .. "256Mi"  ephemeralStorage 1 .. 2 } }`);
    expect(diag(r)).toEqual([]);
    const res = noLoc(r.program!.components[0].settings.resources);
    expect(res).toEqual({ kind: "resources", cpu: { limit: { value: "1000m" } }, memory: { limit: { value: "256Mi" } }, ephemeralStorage: { request: { value: "1" }, limit: { value: "2" } } });
    const { component } = await import("../../src/index.js");
    const { buildProgram } = await import("../../src/frontend/builder/program.js");
    const k = component("k", { image: "k:1", run: () => ["k"], resources: { cpu: { limit: "1000m" }, memory: { limit: "256Mi" }, ephemeralStorage: [1, 2] } });
    const built = buildProgram({ k }, process.cwd());
    expect(noLoc(built.program!.components[0].settings.resources)).toEqual(res);
  });

  it("lowers env values from pod fields (fieldPath), in the language and the builder alike, and rejects other paths", async () => {
    const r = load(`component k { image "k:1" run ["k"]
      env { POD: fieldPath("metadata.name"), RUN: fieldPath("metadata.annotations['pipelines.kubeflow.org/run_name']") } }`);
    expect(diag(r)).toEqual([]);
    const env = noLoc(r.program!.components[0].settings.env);
    expect(env).toEqual([
      { kind: "env", name: "POD", source: { kind: "fieldPath", fieldPath: "metadata.name" } },
      { kind: "env", name: "RUN", source: { kind: "fieldPath", fieldPath: "metadata.annotations['pipelines.kubeflow.org/run_name']" } },
    ]);
    const { component, fieldPath } = await import("../../src/index.js");
    const { buildProgram } = await import("../../src/frontend/builder/program.js");
    const k = component("k", { image: "k:1", run: () => ["k"], env: { POD: fieldPath("metadata.name"), RUN: fieldPath("metadata.annotations['pipelines.kubeflow.org/run_name']") } });
    expect(noLoc(buildProgram({ k }, process.cwd()).program!.components[0].settings.env)).toEqual(env);

    const badSource = `component k { image "k:1" run ["k"] env { X: fieldPath("spec.containers[0].image"), Y: fieldPath("metadata.labels") } }`;
    const bad = load(badSource);
    const col = (text: string) => badSource.indexOf(text) + 1;
    expect(bad.diagnostics.map((d) => [d.code, d.loc?.col])).toEqual([["MLP2096", col('fieldPath("spec')], ["MLP2096", col('fieldPath("metadata')]]);
    const builtBad = buildProgram({ k: component("k", { image: "k:1", run: () => ["k"], env: { X: fieldPath("status.phase") } }) }, process.cwd());
    expect(builtBad.diagnostics.map((d) => d.code)).toEqual(["MLP2096"]);
  });

  it("lowers a pipeline's artifact root, in the language and the builder alike, and rejects what is not a bucket URI", async () => {
    const r = load(`component k { image "k:1" run ["k"] }\npipeline p { artifactRoot "s3://acme-ml/runs"  k() }`);
    expect(diag(r)).toEqual([]);
    expect(noLoc(r.program!.pipelines[0].artifactRoot)).toEqual({ uri: "s3://acme-ml/runs" });
    const { component, pipeline } = await import("../../src/index.js");
    const { buildProgram } = await import("../../src/frontend/builder/program.js");
    const k = component("k", { image: "k:1", run: () => ["k"] });
    const p = pipeline("p", { artifactRoot: "s3://acme-ml/runs" }, () => {
      k({});
    });
    expect(noLoc(buildProgram({ k, p }, process.cwd()).program!.pipelines[0].artifactRoot)).toEqual({ uri: "s3://acme-ml/runs" });

    for (const bad of ["https://acme/x", "s3://acme-ml/runs/", "acme-ml", "s3://"]) {
      const b = load(`component k { image "k:1" run ["k"] }\npipeline p { artifactRoot "${bad}"  k() }`);
      expect(b.diagnostics.map((d) => d.code), bad).toEqual(["MLP2114"]);
    }
    const twice = load(`component k { image "k:1" run ["k"] }\npipeline p { artifactRoot "s3://acme/b"  artifactRoot "s3://acme/c"  k() }`);
    expect(twice.diagnostics.map((d) => d.code)).toEqual(["MLP2041"]);
  });

  it("lowers a security context, in the language and the builder alike, and rejects other fields and bad IDs", async () => {
    const r = load(`component k { image "k:1" run ["k"] securityContext { runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true } }`);
    expect(diag(r)).toEqual([]);
    const sc = noLoc(r.program!.components[0].settings.securityContext);
    expect(sc).toEqual({ runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true });
    const { component } = await import("../../src/index.js");
    const { buildProgram } = await import("../../src/frontend/builder/program.js");
    const k = component("k", { image: "k:1", run: () => ["k"], securityContext: { runAsUser: 65534, runAsGroup: 0, runAsNonRoot: true } });
    expect(noLoc(buildProgram({ k }, process.cwd()).program!.components[0].settings.securityContext)).toEqual(sc);

    const bad = load(`component k { image "k:1" run ["k"] securityContext { runAsUser: -1, privileged: true, runAsNonRoot: "yes" } }`);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["MLP2111", "MLP2112", "MLP2099"]);
    const notHere = load(`component k { image "k:1" run ["k"] }\npipeline p { securityContext { runAsUser: 1 }  k() }`);
    expect(notHere.diagnostics.map((d) => d.code)).toEqual(["MLP2038"]);
    const builtBad = buildProgram({ k: component("k", { image: "k:1", run: () => ["k"], securityContext: { runAsUser: 1.5 } }) }, process.cwd());
    expect(builtBad.diagnostics.map((d) => d.code)).toEqual(["MLP2111"]);
  });

  it("normalises settings: quantities, durations in seconds, request and limit", () => {
    const r = load(`component k { image "k:1"
      resources { cpu 0.5 .. 2  memory "4Gi"  gpu 2 "nvidia-tesla-a100" }
      retry 3 backoff "30s" factor 2 max "1h30m"
      timeout "4h"
      env { A: "x", N: 3, T: secret("s", "k"), C: configMap("m", "k") }
      volumes { "/d": pvc("data", readOnly: true), "/shm": emptyDir(medium: "Memory", size: "1Gi") }
      tolerations [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] }`);
    expect(diag(r)).toEqual([]);
    const s = noLoc(r.program!.components[0].settings) as Program["components"][number]["settings"];
    expect(s.resources).toEqual({ kind: "resources", cpu: { request: { value: "0.5" }, limit: { value: "2" } }, memory: { request: { value: "4Gi" }, limit: { value: "4Gi" } }, gpu: { count: 2, type: "nvidia-tesla-a100" } });
    expect(s.retry).toEqual({ kind: "retry", limit: 3, backoffSeconds: 30, factor: 2, maxBackoffSeconds: 5400 });
    expect(s.timeout).toEqual({ seconds: 14400 });
    expect(s.env!.map((e) => e.source)).toEqual([
      { kind: "value", value: { kind: "string", value: "x" } },
      { kind: "value", value: { kind: "string", value: "3" } },
      { kind: "secret", secret: "s", key: "k" },
      { kind: "configMap", configMap: "m", key: "k" },
    ]);
    expect(s.volumes!.map((v) => v.source)).toEqual([
      { kind: "pvc", claim: "data", readOnly: true },
      { kind: "emptyDir", medium: "Memory", sizeLimit: { value: "1Gi" } },
    ]);
    expect(s.tolerations).toEqual([{ kind: "toleration", key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("lowers a MIG request: the slice profile with or without the GPU model", () => {
    const r = load(`component k { image "k:1"
      resources { gpu 2 "nvidia-a100-80gb" mig "1g.10gb" } }
      component m { image "m:1"
      resources { memory "8Gi" gpu 1 mig "3g.40gb" } }`);
    expect(diag(r)).toEqual([]);
    const [k, m] = r.program!.components.map((c) => noLoc(c.settings.resources));
    expect(k).toEqual({ kind: "resources", gpu: { count: 2, type: "nvidia-a100-80gb", mig: "1g.10gb" } });
    expect(m).toEqual({ kind: "resources", memory: { request: { value: "8Gi" }, limit: { value: "8Gi" } }, gpu: { count: 1, mig: "3g.40gb" } });
    // The location of a MIG request is its gpu keyword, as for any GPU request.
    expect(r.program!.components[0].settings.resources!.gpu!.loc).toMatchObject({ line: 2, col: 19 });
  });

  it("lowers cache on, off and maxAge: the age in seconds, where it is written", () => {
    const r = load(`component a { image "a:1"
      cache on maxAge "24h" }
      component b { image "b:1"
      cache maxAge "2d" }
      component c { image "c:1"
      cache off maxAge 90 }
      component d { image "d:1"
      cache off }`);
    expect(diag(r)).toEqual([]);
    const settings = r.program!.components.map((c) => c.settings);
    expect(settings.map((s) => noLoc({ caching: s.caching, cacheMaxAge: s.cacheMaxAge }))).toEqual([
      { caching: { value: true }, cacheMaxAge: { seconds: 86400 } },
      { cacheMaxAge: { seconds: 172800 } },
      { caching: { value: false }, cacheMaxAge: { seconds: 90 } },
      { caching: { value: false } },
    ]);
    expect(settings[0].cacheMaxAge!.loc).toMatchObject({ line: 2, col: 23 });
  });

  it("reports a second cache setting, a malformed maxAge and a MIG profile that is not a string", () => {
    const twice = load(`component k { image "k:1"
      cache maxAge "1h"
      cache on
      cache off maxAge "a day" }`);
    expect(diag(twice)).toEqual(["main.mlpipe:3:7 MLP2041", "main.mlpipe:4:7 MLP2041"]);
    expect(diag(load(`component j { image "j:1"\n  cache on maxAge "a day" }`))).toEqual(["main.mlpipe:2:19 MLP2013"]);
    expect(diag(load(`component j { image "j:1"\n  resources { gpu 1 mig 7 } }`))).toEqual(["main.mlpipe:2:25 MLP1004"]);
  });

  it("reports malformed settings at their location", () => {
    const r = load(`component k { image "k:1"
      timeout "4 hours"
      retry 1.5
      cache off
      cache on
      volumes { "/x": hostPath("/") }
    }
    pipeline p { resources { cpu 1 } k() }`);
    expect(diag(r)).toEqual([
      "main.mlpipe:2:15 MLP2013",
      "main.mlpipe:3:13 MLP2082",
      "main.mlpipe:5:7 MLP2041",
      "main.mlpipe:6:23 MLP2037",
      "main.mlpipe:8:18 MLP2038",
    ]);
  });

  it("reports unknown types with a suggestion", () => {
    const r = load(`component k { image "k:1" input d: Datset }`);
    expect(diag(r)).toEqual(["main.mlpipe:1:36 MLP2040"]);
    expect(r.diagnostics[0].message).toContain("'Dataset'");
  });

  it("lowers tune and serve blocks", () => {
    const r = load(`component train { image "t:1" input lr: Float input layers: Int input opt: String output accuracy: Float
        run ["t", lr, layers, opt, accuracy.path] }
      tune hpo of train {
        objective maximize accuracy goal 0.95
        algorithm bayesianoptimization { random_state: 10 }
        search lr: Float in 0.0001 .. 0.1 log
        search layers: Int in 1 .. 5 step 1
        search opt: String in ["sgd", "adam"]
        trials 30 parallel 3 failures 5
      }
      serve fraud { model sklearn from "s3://m" replicas 1 .. 5 canary 10% mode raw }`);
    expect(diag(r)).toEqual([]);
    const t = noLoc(r.program!.tunes[0]);
    expect(t.objective).toEqual({ type: "maximize", metric: "accuracy", goal: 0.95, additionalMetrics: [], strategies: [] });
    expect(t.algorithm).toEqual({ name: "bayesianoptimization", settings: [{ key: "random_state", value: "10" }] });
    expect(t.search).toEqual([
      { kind: "search", name: "lr", type: "double", min: 0.0001, max: 0.1, distribution: "logUniform" },
      { kind: "search", name: "layers", type: "int", min: 1, max: 5, step: 1 },
      { kind: "search", name: "opt", type: "categorical", values: ["sgd", "adam"] },
    ]);
    expect([t.maxTrials, t.parallelTrials, t.maxFailedTrials]).toEqual([30, 3, 5]);
    const s = noLoc(r.program!.serves[0]);
    expect(s).toMatchObject({ name: "fraud", minReplicas: 1, maxReplicas: 5, canary: { percent: 10 }, deploymentMode: "RawDeployment" });
  });

  it("deploys a serve from inside a pipeline with the step's model", () => {
    const r = load(`component train { image "t:1" output model: Model run ["t", model.path] }
      pipeline p { fit = train()  serve fraud { model sklearn from fit.model } }`);
    expect(diag(r)).toEqual([]);
    expect(noLoc(pipelineOf(r).body[1])).toEqual({ kind: "deploy", name: "fraud", serve: "fraud", after: [] });
    expect(noLoc(r.program!.serves[0].model.storage)).toEqual({ kind: "output", step: "fit", output: "model" });
  });
});

describe("imports", () => {
  it("links only what the root file uses, sorted by name", () => {
    const r = load({
      "main.mlpipe": `import "lib/common.mlpipe"\npipeline p { b() }`,
      "lib/common.mlpipe": `component b { image "b:1" }\ncomponent a { image "a:1" }`,
    });
    expect(diag(r)).toEqual([]);
    expect(r.program!.components.map((c) => c.name)).toEqual(["b"]);
    expect(r.program!.components[0].loc.file).toBe("lib/common.mlpipe");
  });

  it("imports named declarations and reports names the file lacks", () => {
    const r = load({
      "main.mlpipe": `import { a, bb } from "lib.mlpipe"\npipeline p { a() }`,
      "lib.mlpipe": `component a { image "a:1" }\ncomponent b { image "b:1" }`,
    });
    expect(diag(r)).toEqual(["main.mlpipe:1:13 MLP2030"]);
    expect(r.diagnostics[0].message).toContain("Did you mean 'b'?");
  });

  it("reports a missing file at the import", () => {
    expect(diag(load(`import "nope.mlpipe"\n`))).toEqual(["main.mlpipe:1:8 MLP2017"]);
  });

  it("reports a file that imports itself, and longer cycles, once each", () => {
    expect(diag(load(`import "main.mlpipe"\n`))).toEqual(["main.mlpipe:1:8 MLP2016"]);
    const r = load({ "main.mlpipe": `import "a.mlpipe"`, "a.mlpipe": `import "b.mlpipe"`, "b.mlpipe": `import "main.mlpipe"` });
    expect(diag(r)).toEqual(["b.mlpipe:1:8 MLP2016"]);
    expect(r.diagnostics[0].message).toContain("main.mlpipe -> a.mlpipe -> b.mlpipe -> main.mlpipe");
  });

  it("reports the same name imported from two files", () => {
    const r = load({
      "main.mlpipe": `import "a.mlpipe"\nimport "b.mlpipe"\npipeline p { x() }`,
      "a.mlpipe": `component x { image "a:1" }`,
      "b.mlpipe": `component x { image "b:1" }`,
    });
    expect(diag(r)).toEqual(["main.mlpipe:2:8 MLP2006"]);
    expect(r.diagnostics[0].related[0].loc.file).toBe("a.mlpipe");
  });

  it("reports syntax errors of imported files under their own name", () => {
    const r = load({ "main.mlpipe": `import "a.mlpipe"`, "a.mlpipe": `component {` });
    expect(diag(r)[0]).toBe("a.mlpipe:1:11 MLP1004");
    // What parsed is still a program (here an empty one), kept for the checks of the healthy part.
    expect(r.program?.components).toEqual([]);
  });

  it("rejects invalid UTF-8 with the position of the bad byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("component c {\n  image \""), 0xff, 0xfe, 0x22]);
    expect(diag(load({ "main.mlpipe": bytes }))).toEqual(["main.mlpipe:2:10 MLP1006"]);
  });
});

describe("files that declare nothing", () => {
  it("are an error, whether empty, comments only or imports only", () => {
    expect(diag(load(""))).toEqual(["main.mlpipe:1:1 MLP2044"]);
    expect(diag(load("# just a comment\n"))).toEqual(["main.mlpipe:1:1 MLP2044"]);
    expect(diag(load({ "main.mlpipe": `import "a.mlpipe"`, "a.mlpipe": `component a { image "a:1" }` }))).toEqual(["main.mlpipe:1:1 MLP2044"]);
  });
});

describe("operator precedence", () => {
  /** The condition of the first `if` in pipeline p, as a compact string. */
  function cond(text: string): string {
    const r = load(`component c { image "c:1" }\npipeline p { param a: Int  param b: Bool  param d: Bool\n if ${text} { c() } }`);
    const node = pipelineOf(r).body[0];
    const show = (e: Expr): string => {
      switch (e.kind) {
        case "and":
        case "or":
          return `(${show(e.left)} ${e.kind} ${show(e.right)})`;
        case "not":
          return `(not ${show(e.operand)})`;
        case "compare":
          return `(${show(e.left)} ${e.op} ${show(e.right)})`;
        case "param":
          return e.name;
        case "number":
        case "bool":
          return String(e.value);
        default:
          return e.kind;
      }
    };
    return node.kind === "condition" ? show(node.branches[0].condition!) : "?";
  }

  it("binds or loosest, then and, then not, then comparisons, then unary minus", () => {
    expect(cond("b or d and a > 1")).toBe("(b or (d and (a > 1)))");
    expect(cond("not a == -1 and d")).toBe("((not (a == -1)) and d)");
    expect(cond("not not b or d")).toBe("((not (not b)) or d)");
    expect(cond("(b or d) and a <= 2")).toBe("((b or d) and (a <= 2))");
  });

  it("does not chain comparisons", () => {
    const r = load(`component c { image "c:1" }\npipeline p { param a: Int\n if 1 < a < 3 { c() } }`);
    expect(diag(r)).toEqual(["main.mlpipe:3:11 MLP2090"]);
    expect(diag(load(`component c { image "c:1" }\npipeline p { param a: Int\n if (1 < a) == true { c() } }`))).toEqual([]);
  });

  it("spans a binary expression from its first to its last operand", () => {
    const r = load(`component c { image "c:1" }\npipeline p { param a: Int\n if not a > 1 { c() } }`);
    const node = pipelineOf(r).body[0];
    expect(node.kind === "condition" && node.branches[0].condition!.loc).toEqual({ file: "main.mlpipe", line: 3, col: 5, endLine: 3, endCol: 14 });
  });
});

describe("unknown callees", () => {
  it("are suggested from everything the file can see, imported and unused ones included", () => {
    const r = load({
      "main.mlpipe": `import "lib.mlpipe"\npipeline p { prepar() }\ntune t of trian { objective maximize a algorithm random }`,
      "lib.mlpipe": `component prepare { image "p:1" }\ncomponent train { image "t:1" }`,
    });
    expect(diag(r)).toEqual(["main.mlpipe:2:14 MLP2001", "main.mlpipe:3:11 MLP2001"]);
    expect(r.diagnostics[0].message).toContain("Did you mean 'prepare'?");
    expect(r.diagnostics[1].message).toContain("Did you mean 'train'?");
  });
});

describe("affinity terms", () => {
  const component = (affinity: string) => `component c { image "x/c:1" run ["c"] affinity [${affinity}] }\n`;

  it("report a key or operator that is not a literal once (MLP2043), with no second error about it", () => {
    expect(diag(load(component(`{ key: ["k"], operator: "In", values: ["a"] }`)))).toEqual(["main.mlpipe:1:56 MLP2043"]);
    expect(diag(load(component(`{ key: "k", operator: ["In"], values: ["a"] }`)))).toEqual(["main.mlpipe:1:71 MLP2043"]);
  });

  it("report a missing key (MLP2107) and an unknown operator (MLP2108) at the term and the operator", () => {
    expect(diag(load(component(`{ operator: "In", values: ["a"] }`)))).toEqual(["main.mlpipe:1:49 MLP2107"]);
    expect(diag(load(component(`{ key: "k", operator: "Maybe" }`)))).toEqual(["main.mlpipe:1:61 MLP2108"]);
  });
});
