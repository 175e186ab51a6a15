import { describe, expect, it } from "vitest";
import type { Loc, Pipeline, Program, Step } from "../../../src/ir/types.js";
import { resolve, type Cacheability, type ResolvedPipeline } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";

/** The resolution pass (issue 12 point 2): effective settings, cacheability with its reason, task order. */

function program(text: string): Program {
  const r = checkSource({ "main.mlpipe": text });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function run(p: Program, name: string): ResolvedPipeline {
  return resolve(p).pipelines.get(name)!;
}

/** The step called `name` anywhere in the program. */
function step(p: Program, name: string): Step {
  const found: Step[] = [];
  const visit = (nodes: Pipeline["body"]): void => {
    for (const n of nodes) {
      if (n.kind === "step" && n.name === name) found.push(n);
      else if (n.kind === "loop") visit(n.body);
      else if (n.kind === "condition") n.branches.forEach((b) => visit(b.body));
    }
  };
  for (const pl of p.pipelines) {
    visit(pl.body);
    visit(pl.exitHandler?.body ?? []);
  }
  expect(found).toHaveLength(1);
  return found[0];
}

const at = (loc: Loc | undefined): string => (loc === undefined ? "-" : `${loc.line}:${loc.col}`);

/** A cacheability as `cacheable`, or `<reason kind> <line:col>`. */
function cacheText(c: Cacheability): string {
  return c.cacheable ? "cacheable" : `${c.reason.kind} ${at(c.reason.loc)}`;
}

const SETTINGS = `component job {
  image "alpine:3.20"
  labels { team: "component", tier: "c" }
  env { A: "component", B: "component" }
  timeout "1m"
  run ["job"]
}
pipeline inner {
  labels { team: "inner" }
  cache off
  nested = job()
}
pipeline outer {
  labels { team: "run", owner: "run" }
  imagePullSecrets ["regcred"]
  plain = job()
  over = job() { labels { team: "step", extra: "s" } env { B: "step" } timeout "5m" }
  sub = inner()
}
`;

describe("resolve: effective settings", () => {
  it("composes the run's, the component's and the step's settings, inner over outer, maps merging by key in place", () => {
    const p = program(SETTINGS);
    const r = run(p, "outer");
    const over = r.steps.get(step(p, "over"))!;
    expect(over.settings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["team=step", "tier=c", "extra=s"]);
    expect(over.settings.env?.map((e) => `${e.name} ${at(e.loc)}`)).toEqual(["A 4:9", "B 17:60"]); // B: the step's, in the component's place
    expect(over.settings.timeout?.seconds).toBe(300);
    expect(r.steps.get(step(p, "plain"))!.settings.timeout?.seconds).toBe(60);
  });

  it("keeps the run's labels, annotations and pull secrets out of `settings` and puts them first in `podSettings`", () => {
    const p = program(SETTINGS);
    const plain = run(p, "outer").steps.get(step(p, "plain"))!;
    expect(plain.settings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["team=component", "tier=c"]);
    expect(plain.settings.imagePullSecrets).toBeUndefined();
    expect(plain.podSettings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["team=component", "owner=run", "tier=c"]);
    expect(plain.podSettings.imagePullSecrets?.map((s) => s.name)).toEqual(["regcred"]);
  });

  it("gives a called pipeline's steps the run's pipeline-wide settings, never the called pipeline's own", () => {
    const p = program(SETTINGS);
    const nested = step(p, "nested");
    const asCalled = run(p, "outer").steps.get(nested)!;
    expect(asCalled.podSettings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["team=component", "owner=run", "tier=c"]);
    expect(asCalled.settings.caching).toBeUndefined();
    expect(cacheText(asCalled.cache)).toBe("cacheable");
    const asRun = run(p, "inner").steps.get(nested)!;
    expect(asRun.podSettings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["team=component", "tier=c"]);
    expect(cacheText(asRun.cache)).toBe("cachingOff 10:3");
  });

  it("lists every component step a run executes, a called pipeline's included, and its calls", () => {
    const p = program(SETTINGS);
    const r = run(p, "outer");
    expect([...r.steps.keys()].map((s) => s.name)).toEqual(["plain", "over", "nested"]);
    expect([...r.calls.values()].map((c) => `${c.step.name}->${c.callee.name}`)).toEqual(["sub->inner"]);
    expect([...run(p, "inner").steps.keys()].map((s) => s.name)).toEqual(["nested"]);
  });

  it("gives a tune of a component its settings over the component's, and none to a tune of a pipeline", () => {
    const p = program(`component train {
  image "alpine:3.20"
  input lr: Float = 0.1
  output auc: Float
  labels { a: "component" }
  timeout "1m"
  run ["train", lr, auc.path]
}
pipeline fit {
  param lr: Float = 0.1
  output auc: Float = t.auc
  t = train(lr: lr)
}
tune sweep of train {
  objective maximize auc
  algorithm random
  search lr: Float in 0.01 .. 0.2
  labels { b: "tune" }
}
tune pipeline_sweep of fit {
  objective maximize auc
  algorithm random
  search lr: Float in 0.01 .. 0.2
}
`);
    const tunes = resolve(p).tunes;
    expect([...tunes.keys()]).toEqual(["sweep"]);
    const t = tunes.get("sweep")!;
    expect(t.component.name).toBe("train");
    expect(t.settings.labels?.map((kv) => `${kv.key}=${kv.value}`)).toEqual(["a=component", "b=tune"]);
    expect(t.settings.timeout?.seconds).toBe(60);
  });
});

describe("resolve: cacheability and its reason", () => {
  const CACHE = `component pinned { image "alpine:3.20" run ["x"] }
component digest { image "alpine@sha256:0123456789012345678901234567890123456789012345678901234567890123" run ["x"] }
component off { image "alpine:3.20" cache off run ["x"] }
component effects { image "alpine:3.20" sideEffects run ["x"] }
component untagged { image "alpine" run ["x"] }
component latest { image "alpine:latest" run ["x"] }
component registry { image "registry:5000/alpine" run ["x"] }
pipeline sub { s = pinned() }
pipeline p {
  a = pinned()
  b = digest()
  c = off()
  d = off() { cache on }
  e = pinned() { cache off }
  f = effects() { cache on }
  g = untagged()
  h = latest()
  i = registry()
  j = effects() { cache off }
  k = sub()
  l = sub() { cache off }
  m = import Dataset from "s3://b/k"
}
pipeline q {
  cache off
  a2 = pinned()
  b2 = pinned() { cache on }
  k2 = sub()
  m2 = import Dataset from "s3://b/k"
}
`;

  it("says why a step is not cached: caching off (where it is set), side effects, an unpinned image; the first that holds", () => {
    const p = program(CACHE);
    const r = run(p, "p");
    const of = (name: string) => cacheText(r.steps.get(step(p, name))!.cache);
    expect(of("a")).toBe("cacheable");
    expect(of("b")).toBe("cacheable");
    expect(of("c")).toBe("cachingOff 3:37"); // the component's `cache off`
    expect(of("d")).toBe("cacheable"); // the step overrides its component
    expect(of("e")).toBe("cachingOff 14:18"); // the step's own
    expect(of("f")).toBe("sideEffects 4:11"); // `cache on` does not cache side effects
    expect(of("g")).toBe("unpinnedImage 5:28");
    expect(of("h")).toBe("unpinnedImage 6:26");
    expect(of("i")).toBe("unpinnedImage 7:28");
    expect(of("j")).toBe("cachingOff 19:19"); // caching off is reported before side effects
    const g = r.steps.get(step(p, "g"))!.cache;
    expect(g.cacheable === false && g.reason.kind === "unpinnedImage" ? [g.reason.image, g.reason.why] : []).toEqual(["alpine", "has no tag"]);
    const h = r.steps.get(step(p, "h"))!.cache;
    expect(h.cacheable === false && h.reason.kind === "unpinnedImage" ? h.reason.why : "").toBe("uses the tag 'latest'");
  });

  it("caches a call and an importer unless the step or the run turns caching off", () => {
    const p = program(CACHE);
    const r = run(p, "p");
    expect(cacheText(r.calls.get(step(p, "k"))!.cache)).toBe("cacheable");
    expect(cacheText(r.calls.get(step(p, "l"))!.cache)).toBe("cachingOff 21:15");
    expect([...r.importers.values()].map((i) => cacheText(i.cache))).toEqual(["cacheable"]);
    const q = run(p, "q");
    expect(cacheText(q.steps.get(step(p, "a2"))!.cache)).toBe("cachingOff 25:3"); // the run's default
    expect(cacheText(q.steps.get(step(p, "b2"))!.cache)).toBe("cacheable");
    expect(cacheText(q.calls.get(step(p, "k2"))!.cache)).toBe("cachingOff 25:3");
    expect(cacheText(q.steps.get(step(p, "s"))!.cache)).toBe("cachingOff 25:3"); // the called pipeline's step, in this run
    expect([...q.importers.values()].map((i) => cacheText(i.cache))).toEqual(["cachingOff 25:3"]);
  });
});

describe("resolve: task order", () => {
  it("gives the source order (body, then finally, depth first) and the KFP SDK's creation order (finally first, its top level before its nested)", () => {
    const p = program(`component job { image "alpine:3.20" input x: String = "" run ["job", x] }
pipeline p {
  param go: Bool = true
  a = job()
  if go {
    b = job()
    for v in ["1", "2"] { c = job(x: v) }
  }
  d = import Dataset from "s3://b/k"
  finally {
    if go { e = job() }
    f = job()
  }
}
`);
    const { order } = run(p, "p");
    expect(order.source.map((n) => n.name)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(order.creation.map((n) => n.name)).toEqual(["f", "e", "a", "b", "c", "d"]);
  });

  it("resolves the same program to the same facts every time (a pure function)", () => {
    const p = program(SETTINGS);
    const text = (r: ReturnType<typeof resolve>) =>
      JSON.stringify([...r.pipelines.values()].map((x) => [x.pipeline.name, [...x.steps.values()].map((s) => [s.step.name, s.podSettings, s.cache])]));
    expect(text(resolve(p))).toBe(text(resolve(p)));
  });
});
