/**
 * The builder checks its option objects at run time against the keys their TypeScript types declare
 * (src/frontend/builder/shapes.generated.ts, generated from those types): what tsc would catch in a
 * typed module is caught for plain JavaScript and `as any` too, with the language's codes.
 */
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { component, pipeline, range, serve, tune, Float, Str } from "../../src/index.js";
// @ts-expect-error: a plain ES module script, without type declarations.
import { builderShapes } from "../../scripts/builder-shapes.mjs";
import { readFileSync } from "node:fs";

/** The messages of building `exports`, in order. */
function messages(exports: Record<string, unknown>): string[] {
  return buildProgram(exports, process.cwd()).diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("option objects checked at run time", () => {
  it("an unknown option, at any depth, is MLP2034 with the nearest known key", () => {
    const c = component("c", {
      image: "ghcr.io/acme/c:1.0",
      inputs: { a: Str },
      resourcs: { memory: "8Gb" },
      tolerations: [{ key: "k", efect: "NoSchedule" }],
      run: ({ a }: any) => ["c", a],
    } as any);
    const p = pipeline("p", {}, () => {
      c({ a: "x" }, { nmae: "first", retry: { limit: 2, backof: "30s" } } as any);
    });
    expect(messages({ c, p }).sort()).toEqual(
      [
        "MLP2034 Unknown option 'resourcs' of component 'c'. Did you mean 'resources'?",
        "MLP2034 Unknown key 'efect' in 'tolerations[0]' of component 'c'. Did you mean 'effect'?",
        "MLP2034 Unknown option 'nmae' of step 'c'. Did you mean 'name'?",
        "MLP2034 Unknown key 'backof' in 'retry' of step 'c'. Did you mean 'backoff'?",
      ].sort(),
    );
  });

  it("a request/limit object with a key other than limit is reported, not silently dropped", () => {
    const c = component("c", { image: "ghcr.io/acme/c:1.0", resources: { cpu: { request: 1, limit: 2 } }, run: () => ["c"] } as any);
    expect(messages({ c })).toEqual(["MLP2034 Unknown key 'request' in 'resources.cpu' of component 'c'."]);
  });

  it("a value that must be an object is MLP2007 when it is not; a union with other kinds accepts them", () => {
    const c = component("c", { image: "ghcr.io/acme/c:1.0", securityContext: "root", resources: { gpu: 1, cpu: [1, 2] }, cache: false, run: () => ["c"] } as any);
    expect(messages({ c })).toEqual(["MLP2007 Option 'securityContext' of component 'c' expects an object but is given a string."]);
  });

  it("options of pipelines, tunes, serves and ranges are checked too; settings an owner does not take stay MLP2038", () => {
    const fit = component("fit", { image: "ghcr.io/acme/fit:1.0", inputs: { lr: Float }, outputs: { auc: Float }, run: ({ lr, auc }: any) => ["fit", lr, auc.path] });
    const p = pipeline("p", { parms: {} } as any, () => {});
    const t = tune("t", fit, { objective: { maximize: "auc" }, algorithm: "random", search: { lr: range(Float, 0.1, 1, { distrbution: "log" } as any) }, trails: 3, retry: 2 } as any);
    const s = serve("s", { model: { format: "sklearn", from: "s3://m" }, replica: 2 } as any);
    expect(messages({ fit, p, t, s }).sort()).toEqual(
      [
        "MLP2034 Unknown option 'parms' of pipeline 'p'. Did you mean 'params'?",
        "MLP2034 Unknown option 'trails' of tune 't'. Did you mean 'trials'?",
        "MLP2034 Unknown option 'distrbution' of the range of 'lr'. Did you mean 'distribution'?",
        "MLP2038 'retry' cannot be set on a tune.",
        "MLP2034 Unknown option 'replica' of serve 's'. Did you mean 'replicas'?",
      ].sort(),
    );
  });

  it("a well-formed spec reports nothing", () => {
    const c = component("c", {
      image: "ghcr.io/acme/c:1.0",
      inputs: { a: Str },
      resources: { cpu: [1, 2], memory: { limit: "8Gi" }, gpu: { count: 1, type: "nvidia-l4" } },
      tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
      securityContext: { runAsUser: 1000 },
      retry: { limit: 2, backoff: "30s" },
      cache: { enabled: true, maxAge: "24h" },
      nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
      run: ({ a }) => ["c", a],
    });
    const p = pipeline("p", { params: { x: Str.default("v") }, schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin" } }, (q) => {
      c({ a: q.params.x }, { name: "first", retry: 1 });
    });
    expect(messages({ c, p })).toEqual([]);
  });
});

describe("shapes.generated.ts", () => {
  it("is what `npm run gen:shapes` writes from the builder's types today", () => {
    const committed = readFileSync(new URL("../../src/frontend/builder/shapes.generated.ts", import.meta.url), "utf8");
    expect(committed).toBe(builderShapes());
  });
});
