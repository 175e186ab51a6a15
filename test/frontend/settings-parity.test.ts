import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { loadDsl } from "../../src/frontend/dsl/load.js";
import { memoryHost } from "../../src/frontend/host.js";
import { component, type StepSettings } from "../../src/index.js";

/*
 * The values of settings are checked once, in src/frontend/common/settings.ts, and both front ends call
 * those checks: the same mistake is the same code whether it is written in a .mlpipe file or with the
 * builder. Each case is written both ways; the builder's values come from JavaScript, so they may be
 * anything at run time.
 */

function dslCodes(settings: string): string[] {
  const r = loadDsl("main.mlpipe", memoryHost({ "main.mlpipe": `component k {\n  image "k:1"\n  run ["k"]\n  ${settings}\n}\n` }));
  return r.diagnostics.map((d) => d.code);
}

function builderCodes(settings: Record<string, unknown>): string[] {
  const k = component("k", { image: "k:1", run: () => ["k"], ...(settings as StepSettings) });
  return buildProgram({ k }, process.cwd()).diagnostics.map((d) => d.code);
}

const cases: [what: string, dsl: string, builder: Record<string, unknown>, codes: string[]][] = [
  ["a toleration operator", `tolerations [{ key: "g", operator: "Maybe" }]`, { tolerations: [{ key: "g", operator: "Maybe" }] }, ["MLP2105"]],
  ["a toleration effect", `tolerations [{ key: "g", effect: "NoRun" }]`, { tolerations: [{ key: "g", effect: "NoRun" }] }, ["MLP2106"]],
  ["both", `tolerations [{ operator: "exists", effect: "noschedule" }]`, { tolerations: [{ operator: "exists", effect: "noschedule" }] }, ["MLP2105", "MLP2106"]],
  ["a valid toleration", `tolerations [{ key: "g", operator: "Equal", value: "1", effect: "NoExecute", seconds: "30s" }]`, { tolerations: [{ key: "g", operator: "Equal", value: "1", effect: "NoExecute", seconds: "30s" }] }, []],
  ["an affinity term without a key", `affinity [{ operator: "In", values: ["a"] }]`, { affinity: [{ operator: "In", values: ["a"] }] }, ["MLP2107"]],
  ["an affinity operator", `affinity [{ key: "k", operator: "Near" }]`, { affinity: [{ key: "k", operator: "Near" }] }, ["MLP2108"]],
  ["an affinity weight of 0", `affinity [{ key: "k", values: ["a"], weight: 0 }]`, { affinity: [{ key: "k", values: ["a"], weight: 0 }] }, ["MLP2110"]],
  ["an affinity weight of 1", `affinity [{ key: "k", values: ["a"], weight: 1 }]`, { affinity: [{ key: "k", values: ["a"], weight: 1 }] }, []],
  ["an affinity weight of 100", `affinity [{ key: "k", values: ["a"], weight: 100 }]`, { affinity: [{ key: "k", values: ["a"], weight: 100 }] }, []],
  ["an affinity weight of 101", `affinity [{ key: "k", values: ["a"], weight: 101 }]`, { affinity: [{ key: "k", values: ["a"], weight: 101 }] }, ["MLP2110"]],
  ["an affinity weight of 2.5", `affinity [{ key: "k", values: ["a"], weight: 2.5 }]`, { affinity: [{ key: "k", values: ["a"], weight: 2.5 }] }, ["MLP2110"]],
  ["a security context field", `securityContext { privileged: true }`, { securityContext: { privileged: true } }, ["MLP2112"]],
  ["a negative user ID", `securityContext { runAsUser: -1 }`, { securityContext: { runAsUser: -1 } }, ["MLP2111"]],
  ["a group ID of 0", `securityContext { runAsGroup: 0 }`, { securityContext: { runAsGroup: 0 } }, []],
  ["runAsNonRoot not a flag", `securityContext { runAsNonRoot: "yes" }`, { securityContext: { runAsNonRoot: "yes" } }, ["MLP2099"]],
  ["an emptyDir medium", `volumes { "/x": emptyDir(medium: "Disk") }`, { volumes: { "/x": { kind: "emptyDir", medium: "Disk" } } }, ["MLP2103"]],
  ["an emptyDir in memory", `volumes { "/x": emptyDir(medium: "Memory") }`, { volumes: { "/x": { kind: "emptyDir", medium: "Memory" } } }, []],
  ["a readOnly that is not a flag", `volumes { "/x": pvc("c", readOnly: "yes") }`, { volumes: { "/x": { kind: "pvc", claim: "c", readOnly: "yes" } } }, ["MLP2099"]],
  ["an optional that is not a flag", `volumes { "/x": secret("s", optional: 1) }`, { volumes: { "/x": { kind: "secret", name: "s", optional: 1 } } }, ["MLP2099"]],
  ["a fractional retry count", `retry 1.5`, { retry: 1.5 }, ["MLP2082"]],
  ["a fractional retry limit with a backoff", `retry 1.5 backoff "1m"`, { retry: { limit: 1.5, backoff: "1m" } }, ["MLP2082"]],
  ["a backoff factor that is not a number", `retry 2 backoff "1m" factor "x"`, { retry: { limit: 2, backoff: "1m", factor: "x" } }, ["MLP2083"]],
  ["a fractional GPU count", `resources { gpu 1.5 }`, { resources: { gpu: 1.5 } }, ["MLP2082"]],
  ["a whole GPU count with a type", `resources { gpu 2 "nvidia-l4" }`, { resources: { gpu: { count: 2, type: "nvidia-l4" } } }, []],
];

describe("settings values are checked alike by both front ends", () => {
  for (const [what, dsl, builder, codes] of cases) {
    it(`${what}: ${codes.join(", ") || "no error"}`, () => {
      expect(dslCodes(dsl), "language").toEqual(codes);
      expect(builderCodes(builder), "builder").toEqual(codes);
    });
  }

  it("keep the same message in both", () => {
    const k = component("k", { image: "k:1", run: () => ["k"], tolerations: [{ key: "g", operator: "Maybe" as never }] });
    const built = buildProgram({ k }, process.cwd()).diagnostics.map((d) => d.message);
    const lowered = loadDsl("m.mlpipe", memoryHost({ "m.mlpipe": `component k { image "k:1" run ["k"] tolerations [{ key: "g", operator: "Maybe" }] }` })).diagnostics.map((d) => d.message);
    expect(built).toEqual(["Invalid toleration operator: 'Maybe' is not Exists or Equal."]);
    expect(lowered).toEqual(built);
  });
});

describe("pipeline values are checked alike by both front ends", () => {
  async function builderPipelineCodes(spec: Record<string, unknown>): Promise<string[]> {
    const { pipeline } = await import("../../src/index.js");
    const k = component("k", { image: "k:1", run: () => ["k"] });
    const p = pipeline("p", spec as never, () => {
      k({});
    });
    return buildProgram({ k, p }, process.cwd()).diagnostics.map((d) => d.code);
  }
  const dslPipelineCodes = (items: string): string[] =>
    loadDsl("main.mlpipe", memoryHost({ "main.mlpipe": `component k { image "k:1" run ["k"] }\npipeline p {\n  ${items}\n  k()\n}\n` })).diagnostics.map((d) => d.code);

  const cases: [what: string, dsl: string, builder: Record<string, unknown>, codes: string[]][] = [
    ["a concurrency policy", `schedule "0 3 * * *" concurrency Sometimes`, { schedule: { cron: "0 3 * * *", concurrency: "Sometimes" } }, ["MLP2115"]],
    ["a concurrency policy in lower case", `schedule "0 3 * * *" concurrency forbid`, { schedule: { cron: "0 3 * * *", concurrency: "forbid" } }, []],
    ["an artifact root that is not a bucket URI", `artifactRoot "https://acme/x"`, { artifactRoot: "https://acme/x" }, ["MLP2114"]],
  ];
  for (const [what, dsl, builder, codes] of cases) {
    it(`${what}: ${codes.join(", ") || "no error"}`, async () => {
      expect(dslPipelineCodes(dsl), "language").toEqual(codes);
      expect(await builderPipelineCodes(builder), "builder").toEqual(codes);
    });
  }

  it("give the same policy for a lower-case name", async () => {
    const { pipeline } = await import("../../src/index.js");
    const k = component("k", { image: "k:1", run: () => ["k"] });
    const p = pipeline("p", { schedule: { cron: "0 3 * * *", concurrency: "replace" as never } }, () => {
      k({});
    });
    const built = buildProgram({ k, p }, process.cwd()).program!.pipelines[0].schedule?.concurrency;
    const lowered = loadDsl("m.mlpipe", memoryHost({ "m.mlpipe": `component k { image "k:1" run ["k"] }\npipeline p { schedule "0 3 * * *" concurrency replace  k() }` })).program!.pipelines[0].schedule?.concurrency;
    expect([built, lowered]).toEqual(["Replace", "Replace"]);
  });
});
