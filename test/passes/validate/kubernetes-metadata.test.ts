import { describe, expect, it } from "vitest";
import { kubernetesMetadata } from "../../../src/passes/validate/rules/kubernetes-metadata.js";
import { component, pipeline, program, serve, step, tune } from "./ir-fixtures.js";
import { expectDiagnostics } from "./support.js";

const kv = (key: string, value: string) => ({ key, value, loc: { file: "x", line: 1, col: 1, endLine: 1, endCol: 2 } });
const name63 = `a${"b".repeat(61)}c`;
const label253 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;

/** The codes and the first quoted thing of each message, for IR-level checks. */
function problems(settings: { labels?: ReturnType<typeof kv>[]; annotations?: ReturnType<typeof kv>[]; nodeSelector?: ReturnType<typeof kv>[] }) {
  const p = program({ components: [component("c", { settings })] });
  return kubernetesMetadata.check(p).map((d) => `${d.code} ${d.message.match(/'([^']*)'/)?.[1]}`);
}

describe("kubernetes-metadata", () => {
  it("accepts qualified names, prefixes and values at their limits", () => {
    expectDiagnostics(
      `pipeline p {
  labels { team: "fraud", "app.kubernetes.io/name": "x-y_z.1", "a/b": "", "A.b_c-9": "Z" }
  annotations { "Example.COM/Owner": "any text, even spaces: ü", note: "" }
  prepare(source: "s3://a") {
    labels { tier: "${name63}" }
    nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" }
  }
}
`,
      [],
    );
    expect(problems({ labels: [kv(name63, name63), kv(`${label253}/${name63}`, "v")] })).toEqual([]);
  });

  it("reports label keys and values that Kubernetes rejects, at the entry", () => {
    expectDiagnostics(
      `pipeline p {
  labels { team: "fraüd", "bad key!": "x", long: "${"v".repeat(64)}", "_x": "a", end: "a-" }
  prepare(source: "s3://a")
}
`,
      [
        ["MLP2064", "«team»"],
        ["MLP2063", `«"bad key!"»`],
        ["MLP2064", "«long»"],
        ["MLP2063", `«"_x"»`],
        ["MLP2064", "«end»"],
      ],
    );
  });

  it("checks the name part at 63/64 characters and the prefix at 253/254, and one '/' at most", () => {
    const name64 = `${name63}d`;
    const label254 = `${label253}e`;
    expect(problems({ labels: [kv(name64, "v"), kv(`${label254}/a`, "v"), kv("/a", "v"), kv("a/", "v"), kv("a/b/c", "v"), kv("UPPER.com/a", "v"), kv("", "v")] })).toEqual([
      `MLP2063 ${name64}`,
      `MLP2063 ${label254}/a`,
      "MLP2063 /a",
      "MLP2063 a/",
      "MLP2063 a/b/c",
      "MLP2063 UPPER.com/a",
      "MLP2063 ",
    ]);
    expect(problems({ labels: [kv("k", `${name63}d`), kv("k2", "-a"), kv("k3", "a.")] })).toEqual([`MLP2064 ${name63}d`, "MLP2064 -a", "MLP2064 a."]);
  });

  it("checks annotation keys as Kubernetes does (lowercased, so an upper-case prefix is fine), and their total size", () => {
    expect(problems({ annotations: [kv("UPPER.com/a", "v"), kv("bad key", "v")] })).toEqual(["MLP2063 bad key"]);
    // 256 KiB of keys and values in one object at most: exactly at the limit is fine, one byte more is not.
    const limit = 256 * 1024;
    expect(problems({ annotations: [kv("a", "x".repeat(limit - 1))] })).toEqual([]);
    expect(problems({ annotations: [kv("a", "x".repeat(limit - 3)), kv("b", "ü")] })).toEqual(["MLP2065 undefined"]);
  });

  it("checks node selectors as labels, and labels of steps, tunes, serves and serve transformers", () => {
    const bad = [kv("bad key", "v")];
    const p = program({
      components: [component("c")],
      pipelines: [pipeline("p", [step("s", "c", {}, { settings: { labels: bad } })], { settings: { annotations: bad } })],
      tunes: [tune("t", "c", { settings: { nodeSelector: bad } })],
      serves: [serve("v", { settings: { labels: bad } })],
    });
    expect(kubernetesMetadata.check(p).map((d) => d.message.match(/^The (\S+ ?\S*) key/)?.[1])).toEqual(["annotation", "label", "node selector", "label"]);
  });
});
