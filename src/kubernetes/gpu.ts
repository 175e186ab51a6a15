/** GPUs as Kubernetes extended resources. */
import type { Resources } from "../ir/types.js";

/** The resource GPUs are when no vendor is given. */
export const DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

/**
 * The Kubernetes extended-resource name of a GPU: `nvidia.com/gpu` by default; a vendor is its
 * resource domain (`amd.com` → `amd.com/gpu`), or a whole resource name when it has a `/`.
 */
export function gpuResourceName(vendor: string | undefined): string {
  if (vendor === undefined) return DEFAULT_GPU_RESOURCE;
  return vendor.includes("/") ? vendor : `${vendor}/gpu`;
}

/**
 * The resource a MIG slice is under the NVIDIA device plugin's "mixed" strategy, which advertises
 * each profile as its own resource: `1g.10gb` → `nvidia.com/mig-1g.10gb`.
 */
export function migResourceName(profile: string): string {
  return `nvidia.com/mig-${profile}`;
}

/** The form of a MIG profile: compute slices, then memory in GB (`1g.10gb`, `3g.40gb`, `7g.80gb`). */
export const MIG_PROFILE = /^[1-9][0-9]*g\.[1-9][0-9]*gb$/;

/**
 * The GPUs a container asks for, or `undefined` when none: the resource name and count, and the key
 * of the taint GPU nodes carry (`nvidia.com/gpu` for MIG slices too: they are on NVIDIA GPU nodes).
 */
export function requestedGpus(resources: Resources | undefined): { readonly resource: string; readonly count: number; readonly taintKey: string } | undefined {
  const gpu = resources?.gpu;
  if (gpu === undefined || !(gpu.count > 0)) return undefined;
  if (gpu.mig !== undefined) return { resource: migResourceName(gpu.mig), count: gpu.count, taintKey: DEFAULT_GPU_RESOURCE };
  const resource = gpuResourceName(gpu.vendor);
  return { resource, count: gpu.count, taintKey: resource };
}
