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

/** The GPUs a container asks for (its resource name and count), or `undefined` when none. */
export function requestedGpus(resources: Resources | undefined): { readonly resource: string; readonly count: number } | undefined {
  const gpu = resources?.gpu;
  if (gpu === undefined || !(gpu.count > 0)) return undefined;
  return { resource: gpuResourceName(gpu.vendor), count: gpu.count };
}
