import { describe, expect, it } from "vitest";
import { canonicalJson, cacheKey } from "../../../src/passes/optimize/cache-key.js";
import { planCache, type CachePlan, type StepCachePlan } from "../../../src/passes/optimize/cache.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";

/** The optimizer's cache analysis (issue 13 point 1): decisions, reasons and keys. */

function plan(text: string): CachePlan {
  const r = checkSource({ "main.mlpipe": text });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return planCache(resolve(r.program!));
}

function entry(p: CachePlan, pipeline: string, path: string): StepCachePlan {
  const found = p.pipelines.get(pipeline)!.entries.filter((e) => e.path === path);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Each field of the source can be replaced; BASE is the program with every default. */
interface Parts {
  image: string;
  run: string;
  env: string;
  lr: string;
  extra: string;
  stepName: string;
  prepImage: string;
  pipelineName: string;
}
const DEFAULTS: Parts = {
  image: `"ghcr.io/acme/train:2.3.1"`,
  run: `["python", "train.py", "--data", data.path, "--lr=\${lr}", "--out", model.path]`,
  env: `env { MODE: "fast", TOKEN: secret("hf", "token") }`,
  lr: "0.1",
  extra: "",
  stepName: "fit",
  prepImage: `"ghcr.io/acme/prep:1.0"`,
  pipelineName: "nightly",
};

function source(over: Partial<Parts> = {}): string {
  const p = { ...DEFAULTS, ...over };
  return `component prep {
  image ${p.prepImage}
  input src: String
  output data: Dataset
  run ["prep", src, data.path]
}
component train {
  image ${p.image}
  input data: Dataset
  input lr: Float = 0.001
  output model: Model
  run ${p.run}
  ${p.env}
}
component report {
  image "ghcr.io/acme/report:1.0"
  input model: Model
  run ["report", model.path]
}
pipeline ${p.pipelineName} {
  param src: String = "s3://acme/data"
  prep_data = prep(src: src)
  ${p.stepName} = train(data: prep_data.data, lr: ${p.lr}) ${p.extra}
  rep = report(model: ${p.stepName}.model)
}
`;
}

function keys(over: Partial<Parts> = {}): { prep: string; fit: string; rep: string } {
  const p = plan(source(over));
  const name = over.pipelineName ?? DEFAULTS.pipelineName;
  return { prep: entry(p, name, "prep_data").key, fit: entry(p, name, over.stepName ?? "fit").key, rep: entry(p, name, "rep").key };
}

describe("cache keys: what changes them", () => {
  const base = keys();

  it.each<[string, Partial<Parts>]>([
    ["the image tag", { image: `"ghcr.io/acme/train:2.3.2"` }],
    ["the image digest", { image: `"ghcr.io/acme/train@sha256:${"a".repeat(64)}"` }],
    ["the command", { run: `["python", "train2.py", "--data", data.path, "--lr=\${lr}", "--out", model.path]` }],
    ["an env value", { env: `env { MODE: "slow", TOKEN: secret("hf", "token") }` }],
    ["an env name", { env: `env { MODE2: "fast", TOKEN: secret("hf", "token") }` }],
    ["a secret reference", { env: `env { MODE: "fast", TOKEN: secret("hf", "other") }` }],
    ["a parameter value", { lr: "0.2" }],
  ])("changing %s changes the step's key and every key downstream, not upstream", (_what, over) => {
    const changed = keys(over);
    expect(changed.fit).not.toBe(base.fit);
    expect(changed.rep).not.toBe(base.rep);
    expect(changed.prep).toBe(base.prep);
  });

  it("changing the upstream step's image changes the keys of every step downstream", () => {
    const changed = keys({ prepImage: `"ghcr.io/acme/prep:1.1"` });
    expect(changed.prep).not.toBe(base.prep);
    expect(changed.fit).not.toBe(base.fit);
    expect(changed.rep).not.toBe(base.rep);
  });

  it.each<[string, Partial<Parts>]>([
    ["labels", { extra: `{ labels { team: "ml" } }` }],
    ["annotations", { extra: `{ annotations { note: "x" } }` }],
    ["retries", { extra: `{ retry 3 }` }],
    ["a timeout", { extra: `{ timeout "5m" }` }],
    ["resources", { extra: `{ resources { cpu 2  memory "8Gi" } }` }],
    ["a MIG slice", { extra: `{ resources { gpu 1 mig "1g.10gb" } }` }],
    ["the cache maxAge", { extra: `{ cache on maxAge "1h" }` }],
    ["the pipeline's name", { pipelineName: "weekly" }],
  ])("changing %s changes no key", (_what, over) => {
    expect(keys(over)).toEqual(base);
  });

  it("renaming the step changes no key", () => {
    expect(keys({ stepName: "fit2" })).toEqual(base);
  });

  it("with a digest, the tag does not matter", () => {
    const d = `sha256:${"b".repeat(64)}`;
    expect(keys({ image: `"ghcr.io/acme/train:1@${d}"` }).fit).toBe(keys({ image: `"ghcr.io/acme/train:2@${d}"` }).fit);
  });

  it("is the sha256 of the canonical encoding of the key's inputs, which are readable", () => {
    const e = entry(plan(source()), "nightly", "fit");
    expect(e.keyInputs.image).toBe("ghcr.io/acme/train:2.3.1");
    expect(e.keyInputs.env).toEqual([["MODE", ["lit", "fast"]], ["TOKEN", ["secret", "hf", "token"]]]);
    expect(e.keyInputs.inputs.lr).toEqual(["lit", 0.1]);
    expect(e.keyInputs.inputs.data).toEqual(["output", entry(plan(source()), "nightly", "prep_data").key, "data"]);
    expect(e.key).toBe(cacheKey(e.keyInputs));
    expect(e.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("encodes canonically: keys sorted, no whitespace", () => {
    expect(canonicalJson({ b: [1, "x"], a: null })).toBe('{"a":null,"b":[1,"x"]}');
  });

  it("describes a run parameter by its source, not a value", () => {
    expect(entry(plan(source()), "nightly", "prep_data").keyInputs.inputs.src).toEqual(["param", "src"]);
  });
});

describe("cache decisions: why not cached", () => {
  it("caches a pinned, deterministic chain", () => {
    const p = plan(source());
    expect(p.pipelines.get("nightly")!.entries.map((e) => `${e.path} ${e.cached}`)).toEqual(["prep_data true", "fit true", "rep true"]);
  });

  it("caching off: the step and, since its output is unknown, everything downstream", () => {
    const p = plan(source({ extra: "{ cache off }" }));
    expect(entry(p, "nightly", "fit").reason?.kind).toBe("cachingOff");
    expect(entry(p, "nightly", "rep").reason).toMatchObject({ kind: "upstreamNotCached", input: "input 'model'", upstream: "fit" });
    expect(entry(p, "nightly", "prep_data").cached).toBe(true);
  });

  it("a mutable image (:latest, no tag)", () => {
    for (const image of [`"ghcr.io/acme/train:latest"`, `"ghcr.io/acme/train"`]) {
      expect(entry(plan(source({ image })), "nightly", "fit").reason?.kind).toBe("unpinnedImage");
    }
  });

  it("side effects", () => {
    const p = plan(source({ env: "sideEffects" }));
    expect(entry(p, "nightly", "fit").reason?.kind).toBe("sideEffects");
  });

  it("a non-deterministic env var (a per-pod field)", () => {
    const p = plan(source({ env: `env { POD: fieldPath("metadata.name") }` }));
    expect(entry(p, "nightly", "fit").reason).toMatchObject({ kind: "nonDeterministic", input: "env var POD", what: "the pod field metadata.name" });
    const ns = plan(source({ env: `env { NS: fieldPath("metadata.namespace") }` }));
    expect(entry(ns, "nightly", "fit").cached).toBe(true);
  });

  it("the pipeline's status in finally", () => {
    const p = plan(`component notify {
  image "alpine:3.20"
  input status: Status
  run ["echo", "\${status}"]
}
pipeline p {
  finally {
    n = notify(status: pipeline.status)
  }
}
`);
    expect(entry(p, "p", "n").reason).toMatchObject({ kind: "nonDeterministic", input: "input 'status'", what: "the pipeline's status" });
  });

  it("plans steps of called pipelines and loops, a called pipeline's parameter being the caller's argument", () => {
    const text = `component echo {
  image "alpine:3.20"
  input msg: String
  output out: String
  run ["echo", msg, out.path]
}
pipeline inner {
  param m: String
  e = echo(msg: m)
  output r: String = e.out
}
pipeline outer {
  for x in ["a", "b"] {
    l = echo(msg: x)
  }
  s1 = inner(m: "one")
  s2 = inner(m: "two")
  last = echo(msg: s1.r)
}
`;
    const p = plan(text);
    const o = p.pipelines.get("outer")!;
    expect(o.entries.map((e) => e.path)).toEqual(["l", "s1.e", "s2.e", "last"]);
    expect(entry(p, "outer", "l").keyInputs.inputs.msg).toEqual(["loopItem", ["list", ["lit", "a"], ["lit", "b"]], null]);
    expect(entry(p, "outer", "s1.e").key).not.toBe(entry(p, "outer", "s2.e").key);
    expect(entry(p, "outer", "last").keyInputs.inputs.msg).toEqual(["output", ["output", entry(p, "outer", "s1.e").key, "out"]]);
  });
});

describe("the cache plan's maxAge", () => {
  it("is the step's effective setting: its own, else its component's, else the run's", () => {
    const p = plan(`component a {
  image "ghcr.io/acme/a:1.0"
  run ["a"]
  cache maxAge "12h"
}
component b {
  image "ghcr.io/acme/b:1.0"
  run ["b"]
}
pipeline inner {
  ib = b()
}
pipeline outer {
  cache maxAge "2d"
  x = a()
  y = a() { cache on maxAge "30m" }
  z = b()
  sub = inner()
}
`);
    const age = (pipeline: string, path: string) => entry(p, pipeline, path).maxAge?.seconds;
    expect([age("outer", "x"), age("outer", "y"), age("outer", "z"), age("outer", "sub.ib")]).toEqual([43200, 1800, 172800, 172800]);
    // Run on its own, the inner pipeline has no maxAge: the target's default applies.
    expect(entry(p, "inner", "ib").maxAge).toBeUndefined();
  });
});
