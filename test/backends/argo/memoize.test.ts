import { describe, expect, it } from "vitest";
import { MAX_UPSTREAM_TEXT } from "../../../src/backends/argo/dag.js";
import { argument, compile, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Argo's memoization (memoize-simple example, schema): `memoize` needs `key`, `maxAge` and
// `cache.configMap.name`; a ConfigMap key allows only [-._a-zA-Z0-9], so values are hashed.
// DESIGN.md: a static ConfigMap name, the key carrying the hash of the inputs, maxAge always set; no
// caching for steps with side effects, mutable images or caching turned off.

const memo = (doc: any, step: string) => template(doc, task(doc, step).template).memoize;

describe("Argo memoization", () => {
  it("memoizes cacheable steps: static ConfigMap, maxAge, the inputs hashed into the key", () => {
    const doc = manifest(`${LIB}
pipeline p {
  prep = prepare(source: "s3://a/b")
}
`);
    const m = memo(doc, "prep");
    expect(m.cache).toEqual({ configMap: { name: "mlpc-cache-p" } });
    expect(m.maxAge).toBe("168h");
    expect(m.key).toMatch(/^[-._a-zA-Z0-9]+\{\{=sprig\.sha256sum\(.*\)\}\}$/);
    expect(m.key).toContain("inputs.parameters['source']");
    expect(m.key).toContain("inputs.parameters['sample']");
    expect(manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s3://a/b")\n}\n`, { cacheMaxAge: "1h" }).spec.templates[1].memoize.maxAge).toBe("1h");
  });

  it("writes the source's maxAge, the step's over its component's over the pipeline's, as a Go duration", () => {
    const doc = manifest(`${LIB}
pipeline p {
  cache maxAge "2d"
  a = prepare(source: "a")
  b = prepare(source: "b") { cache on maxAge "90m" }
  c = prepare(source: "c") { cache maxAge 45 }
  d = prepare(source: "d") { cache maxAge "1h30s" }
}
`);
    expect(["a", "b", "c", "d"].map((s) => memo(doc, s).maxAge)).toEqual(["48h", "90m", "45s", "3630s"]);
    // The back end's option is the default only where the source says nothing.
    expect(memo(manifest(`${LIB}\npipeline p {\n  cache maxAge "3h"\n  prep = prepare(source: "s")\n}\n`, { cacheMaxAge: "1h" }), "prep").maxAge).toBe("3h");
  });

  it("changes the key when what runs changes (the image), not when resources or labels do", () => {
    const a = memo(manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s")\n}\n`), "prep").key;
    const b = memo(manifest(`${LIB.replace("prep:1.0", "prep:1.1")}\npipeline p {\n  prep = prepare(source: "s")\n}\n`), "prep").key;
    const c = memo(manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s") { resources { cpu 2 } }\n}\n`), "prep").key;
    const d = memo(manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s") { labels { team: "x" } }\n}\n`), "prep").key;
    expect(b).not.toBe(a);
    expect(c).toBe(a);
    expect(d).toBe(a);
  });

  it("does not memoize steps with caching off, side effects or a mutable image", () => {
    const doc = manifest(`${LIB}
component side {
  image "ghcr.io/acme/side:1.0"
  input message: String
  run ["side", message]
  sideEffects
}
component mutable {
  image "ghcr.io/acme/mutable:latest"
  input message: String
  run ["m", message]
}
pipeline p {
  off = prepare(source: "s") { cache off }
  s = side(message: "x")
  m = mutable(message: "x")
}
`);
    for (const step of ["off", "s", "m"]) expect(memo(doc, step), step).toBeUndefined();
    const all = manifest(`${LIB}\npipeline p {\n  cache off\n  prep = prepare(source: "s")\n}\n`);
    expect(memo(all, "prep")).toBeUndefined();
  });

  it("keys a step with input artifacts on what they were made from", () => {
    const doc = manifest(`${LIB}
pipeline p {
  param source: String = "s3://a/b"
  prep = prepare(source: source)
  fit = train(data: prep.train)
}
`);
    const key = memo(doc, "fit").key as string;
    expect(key).toContain("inputs.parameters['mlpc-upstream']");
    const upstream = argument(task(doc, "fit"), "mlpc-upstream") as string;
    // The producer's parameters are part of it, so another source gives another key.
    expect(upstream).toContain("{{inputs.parameters.source}}");
    // A producer that is never reused writes something new every run: the consumer is memoized as on
    // KFP, but its upstream key is the workflow's uid, so it never hits an earlier run's entry.
    const side = manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s") { cache off }\n  fit = train(data: prep.train)\n}\n`);
    expect(memo(side, "fit")).toBeDefined();
    expect(argument(task(side, "fit"), "mlpc-upstream")).toBe("{{workflow.uid}}");
  });

  it("keeps the upstream text bounded along a long chain of artifacts", () => {
    const steps = 200;
    const lines = [`component link {\n  image "ghcr.io/acme/link:1.0"\n  input data: Dataset\n  input k: Int\n  output out: Dataset\n  run ["link", data.path, k, out.path]\n}`];
    lines.push(`component start {\n  image "ghcr.io/acme/start:1.0"\n  output out: Dataset\n  run ["start", out.path]\n}`);
    lines.push("pipeline chain {", "  s0 = start()");
    for (let i = 1; i < steps; i++) lines.push(`  s${i} = link(data: s${i - 1}.out, k: ${i})`);
    lines.push("}");
    const c = compile(lines.join("\n") + "\n");
    expect(c.diagnostics).toEqual([]);
    const doc = c.docs[0];
    const upstream = (i: number) => argument(task(doc, `s${i}`), "mlpc-upstream") as string;
    // Near the start, a step's key still embeds what its producer was made from…
    expect(upstream(2)).toMatch(/^[0-9a-f]{16}\(1\|/);
    // …and every text stays under the bound, falling back to the run's id where it would not.
    const sizes = Array.from({ length: steps - 1 }, (_, i) => upstream(i + 1).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_UPSTREAM_TEXT);
    expect(sizes.some((_, i) => upstream(i + 1) === "{{workflow.uid}}")).toBe(true);
    // The output grows linearly: a bounded size per step.
    expect(c.result.files[0].content.length / steps).toBeLessThan(2 * MAX_UPSTREAM_TEXT);
  });
});

semcheckTest();
