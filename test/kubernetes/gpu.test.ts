import { describe, expect, it } from "vitest";
import { gpuResourceName, MIG_PROFILE, migResourceName, requestedGpus } from "../../src/kubernetes/gpu.js";
import type { Resources } from "../../src/ir/types.js";

const loc = { file: "t.mlpipe", line: 1, col: 1 };
const gpus = (count: number, vendor?: string, mig?: string): Resources => ({ kind: "resources", gpu: { count, vendor, mig, loc } }) as Resources;

describe("gpuResourceName", () => {
  it.each([
    [undefined, "nvidia.com/gpu"],
    ["amd.com", "amd.com/gpu"],
    ["gpu.intel.com/i915", "gpu.intel.com/i915"],
  ])("%j gives %j", (vendor, name) => {
    expect(gpuResourceName(vendor)).toBe(name);
  });
});

describe("requestedGpus", () => {
  it("is the resource and count when GPUs are asked for, nothing otherwise", () => {
    expect(requestedGpus(gpus(2, "amd.com"))).toEqual({ resource: "amd.com/gpu", count: 2, taintKey: "amd.com/gpu" });
    expect(requestedGpus(gpus(1))).toEqual({ resource: "nvidia.com/gpu", count: 1, taintKey: "nvidia.com/gpu" });
    expect(requestedGpus(gpus(0))).toBeUndefined();
    expect(requestedGpus({ kind: "resources" } as Resources)).toBeUndefined();
    expect(requestedGpus(undefined)).toBeUndefined();
  });
});

describe("MIG slices", () => {
  it("are the mixed strategy's resource per profile, on nodes tainted like other NVIDIA GPU nodes", () => {
    expect(requestedGpus(gpus(3, undefined, "1g.10gb"))).toEqual({ resource: "nvidia.com/mig-1g.10gb", count: 3, taintKey: "nvidia.com/gpu" });
    expect(migResourceName("3g.40gb")).toBe("nvidia.com/mig-3g.40gb");
  });

  it.each(["1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb", "1g.10gb", "1g.20gb", "7g.80gb", "1g.18gb", "3g.71gb", "4g.96gb"])("%s is a profile", (p) => {
    expect(MIG_PROFILE.test(p)).toBe(true);
  });

  it.each(["1g10gb", "1g.10GB", "1g.10", "g.10gb", "0g.10gb", "1g.0gb", "1g.10gb+me", " 1g.10gb", "nvidia.com/mig-1g.10gb", ""])("%j is not", (p) => {
    expect(MIG_PROFILE.test(p)).toBe(false);
  });
});
