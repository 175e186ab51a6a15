import { describe, expect, it } from "vitest";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

/** The compiled pipeline around one component `c` with `settings`, called once as `c()`. */
function compile(settings: string, call = "c()") {
  const r = compileKfp(source(settings, call));
  const [spec, platform] = parseKfp(r.files[0]?.content ?? "");
  return { r, container: spec?.deploymentSpec.executors["exec-c"].container, platform };
}

function source(settings: string, call = "c()"): string {
  return `component c { image "alpine:3.20" run ["x"] ${settings} }\npipeline p { ${call} }`;
}

/** The 1-based column of the first `text` in the one-line component written by `source`. */
function col(settings: string, text: string): number {
  return source(settings).indexOf(text) + 1;
}

describe("KFP resources", () => {
  it("writes CPU and memory requests and limits in both the string and the deprecated numeric fields", () => {
    const { r, container } = compile(`resources { cpu "500m" .. 2  memory "256Mi" .. "8G" }`);
    expect(r.diagnostics).toEqual([]);
    expect(container.resources).toEqual({
      cpuLimit: 2,
      cpuRequest: 0.5,
      memoryLimit: 8,
      memoryRequest: 0.268435456,
      resourceCpuLimit: "2",
      resourceCpuRequest: "500m",
      resourceMemoryLimit: "8G",
      resourceMemoryRequest: "256Mi",
    });
  });

  it("sets request and limit alike from one value", () => {
    const { container } = compile(`resources { cpu 1  memory "1Gi" }`);
    expect(container.resources).toEqual({
      cpuLimit: 1,
      cpuRequest: 1,
      memoryLimit: 1.073741824,
      memoryRequest: 1.073741824,
      resourceCpuLimit: "1",
      resourceCpuRequest: "1",
      resourceMemoryLimit: "1Gi",
      resourceMemoryRequest: "1Gi",
    });
  });

  it("writes GPUs as an accelerator, in the old and new fields (count as an int64 string)", () => {
    const { r, container } = compile(`resources { gpu 2 } nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }`);
    expect(r.diagnostics).toEqual([]);
    expect(container.resources).toEqual({ accelerator: { count: "2", resourceCount: "2", resourceType: "nvidia.com/gpu", type: "nvidia.com/gpu" } });
  });

  it("accepts a GPU model that the node selector or the affinity asks for", () => {
    for (const placement of [
      `nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }`,
      `affinity [{ key: "cloud.google.com/gke-accelerator", values: ["nvidia-l4"] }]`,
    ]) {
      const { r, platform } = compile(`resources { gpu 1 "nvidia-l4" } ${placement}`);
      expect(r.diagnostics).toEqual([]);
      expect(platform).toBeDefined();
    }
  });

  it("leaves a GPU model nothing selects to the one shared warning (MLP2080, validation)", () => {
    const settings = `resources { gpu 1 "nvidia-l4" }`;
    const { r, container } = compile(settings);
    expect(r.diagnostics).toEqual([]);
    expect(container.resources.accelerator).toEqual({ count: "1", resourceCount: "1", resourceType: "nvidia.com/gpu", type: "nvidia.com/gpu" });
  });

  it("warns that KFP cannot request ephemeral storage, and writes the rest (MLP4021)", () => {
    const settings = `resources { cpu 1  ephemeralStorage "20Gi" }`;
    const { r, container } = compile(settings);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.loc?.line, d.loc?.col])).toEqual([["MLP4021", "warning", 1, col(settings, '"20Gi"')]]);
    expect(container.resources).toEqual({ cpuLimit: 1, cpuRequest: 1, resourceCpuLimit: "1", resourceCpuRequest: "1" });
  });

  it("lets a step replace its component's resources as a whole", () => {
    const { container } = compile(`resources { cpu 1  memory "1Gi" }`, `c() { resources { cpu 4 } }`);
    expect(container.resources).toEqual({ cpuLimit: 4, cpuRequest: 4, resourceCpuLimit: "4", resourceCpuRequest: "4" });
  });
});

conformanceTest();
