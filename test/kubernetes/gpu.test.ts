import { describe, expect, it } from "vitest";
import { gpuResourceName, requestedGpus } from "../../src/kubernetes/gpu.js";
import type { Resources } from "../../src/ir/types.js";

const loc = { file: "t.mlpipe", line: 1, col: 1 };
const gpus = (count: number, vendor?: string): Resources => ({ kind: "resources", gpu: { count, vendor, loc } }) as Resources;

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
    expect(requestedGpus(gpus(2, "amd.com"))).toEqual({ resource: "amd.com/gpu", count: 2 });
    expect(requestedGpus(gpus(1))).toEqual({ resource: "nvidia.com/gpu", count: 1 });
    expect(requestedGpus(gpus(0))).toBeUndefined();
    expect(requestedGpus({ kind: "resources" } as Resources)).toBeUndefined();
    expect(requestedGpus(undefined)).toBeUndefined();
  });
});
