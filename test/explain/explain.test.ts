import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { loadClusterProfile } from "../../src/cluster/load.js";
import { explainPipelines, renderExplain, WIDTH } from "../../src/explain/index.js";
import { cut, wrap } from "../../src/explain/text.js";
import { place, withCachePlan } from "../../src/passes/optimize/index.js";
import { resolve } from "../../src/passes/resolve/index.js";
import { checkSource } from "../helpers.js";

/** `mlpc explain`'s model and writers (src/explain): every reason, placement and cost, the 100-column text. */

const SOURCE = `component make {
  image "ghcr.io/acme/tools:1.0.0"
  input n: Int = 1
  output data: Dataset
  run ["make", n, data.path]
}
component train {
  image "ghcr.io/acme/train:2.0"
  input data: Dataset
  output model: Model
  run ["train", data.path, model.path]
  env { SEED: "1" }
  resources { cpu 4  memory "16Gi"  gpu 2 "nvidia-l4" }
}
component peek {
  image "ghcr.io/acme/peek:latest"
  input data: Dataset
  output rows: Int
  run ["peek", data.path, rows.path]
}
component publish {
  image "ghcr.io/acme/tools:1.0.0"
  input model: Model
  run ["publish", model.path]
  sideEffects
}
component notify {
  image "ghcr.io/acme/tools:1.0.0"
  input status: Status
  run ["notify", "\${status}"]
}
pipeline p {
  raw = make()
  fresh = make(n: 2) { cache off }
  fit = train(data: raw.data)
  refit = train(data: fresh.data)
  odd = peek(data: raw.data)
  pub = publish(model: fit.model)
  finally {
    n = notify(status: pipeline.status)
  }
}
`;

const PROFILE = `pools:
  - name: l4
    gpu: { model: nvidia-l4, count: 4 }
    cpu: "48"
    memory: 180Gi
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 4
  - name: cpu
    cpu: "32"
    memory: 120Gi
    cost: 1
`;

function explained(source: string, profile?: string) {
  const checked = checkSource(source);
  expect(checked.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  let resolved = resolve(checked.program!);
  if (profile !== undefined) {
    const loaded = loadClusterProfile("cluster.yaml", profile);
    expect(loaded.diagnostics).toEqual([]);
    const placed = place(resolved, loaded.profile!);
    expect(placed.placement.diagnostics).toEqual([]);
    resolved = placed;
  }
  return explainPipelines(withCachePlan(resolved), checked.program!.pipelines);
}

describe("the explain model", () => {
  const [p] = explained(SOURCE, PROFILE);
  const step = (name: string) => p.steps.find((s) => s.step === name)!;

  it("says why each step is not cached, in words, for every reason", () => {
    expect(p.steps.map((s) => [s.step, s.cached, s.reason?.kind ?? null, s.reason?.text ?? null])).toEqual([
      ["raw", true, null, null],
      ["fresh", false, "cachingOff", "caching is off (main.mlpipe:34)"],
      ["fit", true, null, null],
      ["refit", false, "upstreamNotCached", "its input 'data' comes from 'fresh', which is not cached"],
      ["odd", false, "unpinnedImage", "its image 'ghcr.io/acme/peek:latest' uses the tag 'latest', so it can change between runs"],
      ["pub", false, "sideEffects", "component 'publish' declares side effects, which a reused result would skip"],
      ["n", false, "nonDeterministic", "its input 'status' is the pipeline's status, which differs from run to run"],
    ]);
  });

  it("names what each key is made of and gives its full hash", () => {
    expect(step("raw").key.inputs).toEqual(["n"]); // the default is part of the key
    expect(step("fit").key).toMatchObject({ env: ["SEED"], inputs: ["data"] });
    expect(step("fit").key.hash).toMatch(/^[0-9a-f]{64}$/);
    // Another upstream, another key, though both run the same component the same way.
    expect(step("refit").key.hash).not.toBe(step("fit").key.hash);
  });

  it("marks dead steps: refit and odd produce what nothing reads; pub has side effects, n no outputs", () => {
    expect(p.steps.filter((s) => s.dead).map((s) => s.step)).toEqual(["refit", "odd"]);
  });

  it("places GPU steps and costs each its share of a node: 4 × 2 GPUs ÷ 4 per node = 2", () => {
    expect(p.steps.map((s) => [s.step, s.pool, s.cost])).toEqual([
      ["raw", null, null],
      ["fresh", null, null],
      ["fit", "l4", 2],
      ["refit", "l4", 2],
      ["odd", null, null],
      ["pub", null, null],
      ["n", null, null],
    ]);
    expect(p.pools).toEqual([{ pool: "l4", steps: 2, gpus: 4, cost: 4 }]);
    expect(p.cost).toBe(4);
    expect(p.cluster).toBe("cluster.yaml");
  });

  it("lists the steps that share a definition: fit and refit run the same container", () => {
    expect(p.shared.map((g) => [g.component, g.steps])).toEqual([["train", ["fit", "refit"]]]);
    expect(step("fit").definition).toBe(step("refit").definition);
    expect(step("raw").definition).not.toBe(step("fresh").definition); // caching differs
  });

  it("without a profile has no pools and no cost", () => {
    const [bare] = explained(SOURCE);
    expect([bare.cluster, bare.pools, bare.cost, bare.steps.map((s) => s.pool)]).toEqual([null, [], null, [null, null, null, null, null, null, null]]);
  });
});

describe("the explain text", () => {
  it("is the table, the lines under each step, the shared definitions and the pools", () => {
    const text = renderExplain(explained(SOURCE, PROFILE), "text");
    const hash = (step: string) => explained(SOURCE, PROFILE)[0].steps.find((s) => s.step === step)!.key.hash.slice(0, 10);
    expect(text).toBe(
      [
        "pipeline p (main.mlpipe), cluster profile cluster.yaml",
        "",
        "STEP   POOL      GPU            CPU  MEMORY  CACHED  KEY",
        `raw    any node  -              -    -       yes     ${hash("raw")}`,
        "    key: image, command, args; inputs n",
        `fresh  any node  -              -    -       no      ${hash("fresh")}`,
        "    why: caching is off (main.mlpipe:34)",
        "    key: image, command, args; inputs n",
        `fit    l4        2 × nvidia-l4  4    16Gi    yes     ${hash("fit")}`,
        "    key: image, command, args; env SEED; inputs data",
        `refit  l4        2 × nvidia-l4  4    16Gi    no      ${hash("refit")}`,
        "    why: its input 'data' comes from 'fresh', which is not cached",
        "    key: image, command, args; env SEED; inputs data",
        "    dead: nothing reads its outputs or runs after it, and it has no side effects (MLP3010)",
        `odd    any node  -              -    -       no      ${hash("odd")}`,
        "    why: its image 'ghcr.io/acme/peek:latest' uses the tag 'latest', so it can change between runs",
        "    key: image, command, args; inputs data",
        "    dead: nothing reads its outputs or runs after it, and it has no side effects (MLP3010)",
        `pub    any node  -              -    -       no      ${hash("pub")}`,
        "    why: component 'publish' declares side effects, which a reused result would skip",
        "    key: image, command, args; inputs model",
        `n      any node  -              -    -       no      ${hash("n")}`,
        "    why: its input 'status' is the pipeline's status, which differs from run to run",
        "    key: image, command, args; inputs status",
        "",
        "Shared definitions (Argo: one container template per group; KFP: one component and executor per",
        "group):",
        `  train [${explained(SOURCE, PROFILE)[0].shared[0].definition}]: fit, refit`,
        "",
        "Estimated relative cost (per step: the pool's cost × its GPUs ÷ the pool's GPUs per node):",
        "POOL   STEPS  GPUS  COST",
        "l4         2     4  4.00",
        "total               4.00",
        "",
      ].join("\n"),
    );
  });

  it("says so when there is no profile, no GPU step, no shared definition", () => {
    const text = renderExplain(explained(`component c {\n  image "a/b:1"\n  output o: Int\n  run ["c", o.path]\n}\npipeline q {\n  x = c()\n}\n`), "text");
    expect(text.split("\n").slice(-5)).toEqual([
      "",
      "Shared definitions: none (no two steps run the same container).",
      "",
      "Pools: no cluster profile; GPU steps run on any node with the GPUs they ask for.",
      "",
    ]);
    const placed = renderExplain(explained(`component c {\n  image "a/b:1"\n  output o: Int\n  run ["c", o.path]\n}\npipeline q {\n  x = c()\n}\n`, PROFILE), "text");
    expect(placed).toContain("\nPools: no step asks for GPUs; estimated relative cost 0.\n");
  });

  it("cuts a step name longer than its column (22) and writes it out under the row", () => {
    const name = (n: number) => `s${"x".repeat(n - 1)}`;
    const source = `component c {\n  image "a/b:1"\n  output o: Int\n  run ["c", o.path]\n}\npipeline q {\n  ${name(22)} = c()\n  ${name(23)} = c()\n}\n`;
    const lines = renderExplain(explained(source), "text").split("\n");
    expect(lines[2].startsWith(`STEP${" ".repeat(20)}POOL`)).toBe(true);
    expect(lines[3].startsWith(`${name(22)}  any node`)).toBe(true);
    const cutRow = lines.findIndex((l) => l.startsWith(`${name(21)}…  any node`));
    expect(cutRow).toBeGreaterThan(3);
    expect(lines[cutRow + 1]).toBe(`    step: ${name(23)}`);
    expect(lines.every((l) => [...l].length <= WIDTH)).toBe(true);
  });

  it("wraps words at 100 columns, with the indent on every line, and breaks a word longer than a line", () => {
    expect(cut("abcdef", 6)).toBe("abcdef");
    expect(cut("abcdefg", 6)).toBe("abcde…");
    const exact = `${"a".repeat(49)} ${"b".repeat(46)}`; // 4 + 49 + 1 + 46 = 100
    expect(wrap(exact, "    ")).toEqual([`    ${exact}`]);
    expect(wrap(`${exact}b`, "    ")).toEqual([`    ${"a".repeat(49)}`, `    ${"b".repeat(47)}`]);
    expect(wrap("x".repeat(150), "  ")).toEqual([`  ${"x".repeat(98)}`, `  ${"x".repeat(52)}`]);
  });
});

describe("the explain JSON", () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync("schemas/explain.schema.json", "utf8")));

  it("is valid per schemas/explain.schema.json, with every reason, dead steps, pools and shared definitions", () => {
    const json = JSON.parse(renderExplain(explained(SOURCE, PROFILE), "json"));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.version).toBe(1);
    expect(json.pipelines[0].steps[2]).toMatchObject({ step: "fit", component: "train", pool: "l4", gpu: { count: 2, type: "nvidia-l4" }, cpu: "4", memory: "16Gi", cached: true, reason: null, dead: false, cost: 2 });
  });

  it("has a schema that rejects what the model never writes", () => {
    const json = JSON.parse(renderExplain(explained(SOURCE), "json"));
    expect(validate(json)).toBe(true);
    json.pipelines[0].steps[0].reason = { kind: "tired", text: "no" };
    expect(validate(json)).toBe(false);
    delete json.pipelines[0].steps[0].reason;
    expect(validate(json)).toBe(false);
  });
});
