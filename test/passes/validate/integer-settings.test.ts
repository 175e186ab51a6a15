import { describe, expect, it } from "vitest";
import { INT32_MAX, integerSettings } from "../../../src/passes/validate/rules/integer-settings.js";
import { component, loc, pipeline, program, serve, step, tune } from "./ir-fixtures.js";
import { expectDiagnostics } from "./support.js";

/** The codes and the setting named by each message. */
function problems(p: ReturnType<typeof program>): string[] {
  return integerSettings.check(p).map((d) => `${d.code} ${d.message.match(/^The (.+?) -?\d/)?.[1]}`);
}

describe("integer-settings", () => {
  it("accepts counts up to 2^31 - 1 and IDs up to 2^53 - 1", () => {
    const p = program({
      components: [
        component("c", {
          settings: {
            resources: { kind: "resources", gpu: { count: INT32_MAX, loc: loc() }, loc: loc() },
            retry: { kind: "retry", limit: INT32_MAX, loc: loc() },
            securityContext: { runAsUser: Number.MAX_SAFE_INTEGER, runAsGroup: 0, loc: loc() },
          },
        }),
      ],
      tunes: [tune("t", "c", { maxTrials: INT32_MAX, parallelTrials: 1, maxFailedTrials: INT32_MAX })],
      serves: [serve("s", { minReplicas: 0, maxReplicas: INT32_MAX })],
    });
    expect(problems(p)).toEqual([]);
  });

  it("reports a count of 2^31 and an ID beyond 2^53 - 1 at the setting", () => {
    const p = program({
      components: [
        component("c", {
          settings: {
            resources: { kind: "resources", gpu: { count: INT32_MAX + 1, loc: loc() }, loc: loc() },
            retry: { kind: "retry", limit: 1e23, loc: loc() },
            tolerations: [{ kind: "toleration", operator: "Exists", tolerationSeconds: 2 ** 53, loc: loc() }],
            securityContext: { runAsUser: 2 ** 63, loc: loc() },
          },
        }),
      ],
      pipelines: [pipeline("p", [{ kind: "loop", variable: "x", items: { kind: "list", items: [], loc: loc() }, parallelism: 2 ** 31, body: [step("a", "c")], loc: loc() }])],
      tunes: [tune("t", "c", { maxTrials: 2 ** 31, parallelTrials: 2 ** 40, maxFailedTrials: 2 ** 32 })],
      serves: [serve("s", { minReplicas: 2 ** 31, maxReplicas: 2 ** 31, scale: { metric: "rps", target: 2 ** 31, loc: loc() } })],
    });
    expect(problems(p)).toEqual([
      "MLP2066 GPU count",
      "MLP2066 retry limit",
      "MLP2066 toleration seconds",
      "MLP2066 runAsUser",
      "MLP2066 loop parallelism",
      "MLP2066 trial count",
      "MLP2066 parallel trial count",
      "MLP2066 failed trial count",
      "MLP2066 minimum replica count",
      "MLP2066 maximum replica count",
      "MLP2066 scale target",
    ]);
  });

  it("reports a GPU count written in a .mlpipe file at the gpu setting", () => {
    expectDiagnostics(
      `component big {
  image "ghcr.io/acme/train:2.3.1"
  run ["train"]
  resources { gpu 100000000000000000000000 }
}
pipeline p { big() }
`,
      [["MLP2066", "«gpu» 100000000000000000000000"]],
      { lib: false },
    );
  });
});
