import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

/** The PlatformSpec executor config and the container of `c` in `pipeline p { <body> }`. */
function compile(component: string, body = "c()", pipelineSettings = "") {
  const r = compileKfp(`component c { image "alpine:3.20" run ["x"] ${component} }\npipeline p {\n${pipelineSettings}\n${body}\n}`);
  expect(r.diagnostics).toEqual([]);
  const docs = parseKfp(r.files[0].content);
  return { docs, config: docs[1]?.platforms.kubernetes.deploymentSpec.executors["exec-c"], container: docs[0].deploymentSpec.executors["exec-c"].container };
}

describe("KFP platform spec (Kubernetes settings)", () => {
  it("writes no PlatformSpec document when no step needs one", () => {
    const { docs } = compile("");
    expect(docs).toHaveLength(1);
  });

  it("puts literal env in the container and Secret and ConfigMap keys in the PlatformSpec, one entry per source", () => {
    const { container, config } = compile(`env {
      MODE: "fast",
      USER: secret("creds", "user"),
      URL: configmap("settings", "url"),
      PASS: secret("creds", "password"),
      TOKEN: secret("other", "token"),
    }`);
    expect(container.env).toEqual([{ name: "MODE", value: "fast" }]);
    expect(config.secretAsEnv).toEqual([
      {
        keyToEnv: [
          { envVar: "USER", secretKey: "user" },
          { envVar: "PASS", secretKey: "password" },
        ],
        optional: false,
        secretName: "creds",
        secretNameParameter: { runtimeValue: { constant: "creds" } },
      },
      { keyToEnv: [{ envVar: "TOKEN", secretKey: "token" }], optional: false, secretName: "other", secretNameParameter: { runtimeValue: { constant: "other" } } },
    ]);
    expect(config.configMapAsEnv).toEqual([
      { configMapName: "settings", configMapNameParameter: { runtimeValue: { constant: "settings" } }, keyToEnv: [{ configMapKey: "url", envVar: "URL" }], optional: false },
    ]);
  });

  it("mounts claims, emptyDirs, Secrets and ConfigMaps", () => {
    const { config } = compile(`volumes {
      "/data": pvc("data-claim"),
      "/dev/shm": emptyDir(medium: "Memory", size: "1Gi"),
      "/scratch": emptyDir(),
      "/etc/creds": secret("creds"),
      "/etc/conf": configmap("conf", optional: true),
    }`);
    expect(config.pvcMount).toEqual([{ constant: "data-claim", mountPath: "/data", pvcNameParameter: { runtimeValue: { constant: "data-claim" } } }]);
    expect(config.emptyDirMounts).toEqual([
      { medium: "Memory", mountPath: "/dev/shm", sizeLimit: "1Gi", volumeName: "emptydir-vol-1" },
      { mountPath: "/scratch", volumeName: "emptydir-vol-2" },
    ]);
    expect(config.secretAsVolume).toEqual([{ mountPath: "/etc/creds", optional: false, secretName: "creds", secretNameParameter: { runtimeValue: { constant: "creds" } } }]);
    expect(config.configMapAsVolume).toEqual([{ configMapName: "conf", configMapNameParameter: { runtimeValue: { constant: "conf" } }, mountPath: "/etc/conf", optional: true }]);
  });

  it("writes node selector, tolerations (seconds as an int64 string) and node affinity", () => {
    const { config } = compile(`
      nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4", pool: "gpu" }
      tolerations [
        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        { key: "k", value: "v", effect: "NoExecute", seconds: "1m" },
      ]
      affinity [
        { key: "zone", values: ["a", "b"] },
        { key: "spot", operator: "In", values: ["true"], weight: 80 },
        { key: "gpu", operator: "Exists" },
        { key: "size", operator: "Gt", values: ["4"], weight: 20 },
      ]`);
    expect(config.nodeSelector).toEqual({ labels: { "cloud.google.com/gke-accelerator": "nvidia-l4", pool: "gpu" } });
    expect(config.tolerations).toEqual([
      { effect: "NoSchedule", key: "nvidia.com/gpu", operator: "Exists" },
      { effect: "NoExecute", key: "k", operator: "Equal", tolerationSeconds: "60", value: "v" },
    ]);
    expect(config.nodeAffinity).toEqual([
      {
        matchExpressions: [
          { key: "zone", operator: "In", values: ["a", "b"] },
          { key: "gpu", operator: "Exists" },
        ],
      },
      { matchExpressions: [{ key: "spot", operator: "In", values: ["true"] }], weight: 80 },
      { matchExpressions: [{ key: "size", operator: "Gt", values: ["4"] }], weight: 20 },
    ]);
  });

  it("writes pod labels and annotations, image pull secrets and the timeout", () => {
    const { config } = compile(`labels { team: "ml" } annotations { "acme.io/owner": "me" } imagePullSecrets ["ghcr"] timeout "1h30m"`);
    expect(config.podMetadata).toEqual({ annotations: { "acme.io/owner": "me" }, labels: { team: "ml" } });
    expect(config.imagePullSecret).toEqual([{ secretName: "ghcr", secretNameParameter: { runtimeValue: { constant: "ghcr" } } }]);
    expect(config.activeDeadlineSeconds).toBe("5400");
  });

  it("applies the pipeline's labels, annotations and pull secrets to every pod, under the component's and step's", () => {
    const { config } = compile(
      `labels { team: "ml", tier: "batch" }`,
      `c() { labels { tier: "gpu", run: "nightly" } }`,
      `labels { team: "platform", cost: "cc-1" } annotations { owner: "x" } imagePullSecrets ["registry"]`,
    );
    expect(config.podMetadata).toEqual({ annotations: { owner: "x" }, labels: { cost: "cc-1", run: "nightly", team: "ml", tier: "gpu" } });
    expect(config.imagePullSecret).toEqual([{ secretName: "registry", secretNameParameter: { runtimeValue: { constant: "registry" } } }]);
  });

  it("merges a step's env, volumes and node selector into its component's by key; lists replace", () => {
    const { container, config } = compile(
      `env { A: "1", B: "2" } nodeSelector { pool: "cpu" } tolerations [{ key: "a", operator: "Exists" }] volumes { "/a": pvc("one") }`,
      `c() { env { B: "3", C: "4" } nodeSelector { zone: "z" } tolerations [{ key: "b", operator: "Exists" }] volumes { "/a": pvc("two"), "/b": pvc("three") } }`,
    );
    expect(container.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "3" },
      { name: "C", value: "4" },
    ]);
    expect(config.nodeSelector).toEqual({ labels: { pool: "cpu", zone: "z" } });
    expect(config.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
    expect(config.pvcMount.map((m: { constant: string }) => m.constant)).toEqual(["two", "three"]);
  });

  it("keeps each executor's settings apart", () => {
    const r = compileKfp(`component c { image "alpine:3.20" run ["x"] }
pipeline p {
  a = c() { nodeSelector { pool: "a" } }
  b = c()
}`);
    const [, platform] = parseKfp(r.files[0].content);
    expect(platform.platforms.kubernetes.deploymentSpec.executors).toEqual({ "exec-c": { nodeSelector: { labels: { pool: "a" } } } });
  });

  it("warns that a read-only claim is mounted read-write, which is all KFP can do (MLP4004)", () => {
    const src = `component c { image "alpine:3.20" run ["x"]
  volumes { "/cache": pvc("cache", readOnly: true) }
}
pipeline p { c() }`;
    const r = compileKfp(src);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.loc?.line, d.loc?.col])).toEqual([["MLP4004", "warning", 2, 13]]);
    const [, platform] = parseKfp(r.files[0].content);
    expect(platform.platforms.kubernetes.deploymentSpec.executors["exec-c"].pvcMount).toEqual([
      { constant: "cache", mountPath: "/cache", pvcNameParameter: { runtimeValue: { constant: "cache" } } },
    ]);
  });

  it("rejects a Secret or ConfigMap mounted twice in one pod, whose volumes would share a name (MLP4005)", () => {
    const src = `component c { image "alpine:3.20" run ["x"]
  volumes { "/a": secret("same"), "/b": configmap("same"), "/c": secret("other") }
}
pipeline p { c() }`;
    const r = emitKfp(checkSource(src).program!);
    expect(r.diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.col])).toEqual([["MLP4005", 2, 35]]);
    expect(r.diagnostics[0].message).toContain("'/b'");
    expect(r.diagnostics[0].message).toContain("'/a'");
  });

  it("reports a problem of a component used by several steps once", () => {
    const src = `component c { image "alpine:3.20" run ["x"]
  volumes { "/cache": pvc("cache", readOnly: true) }
}
pipeline p { c()\n c()\n c() }`;
    const r = emitKfp(checkSource(src).program!);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP4004"]);
  });
});

conformanceTest();
