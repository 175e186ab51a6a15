import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Quantity, Settings } from "../../ir/types.js";
import { plainNumber } from "../../output/numbers.js";
import { requestedGpus } from "../../kubernetes/gpu.js";
import { parseQuantity } from "../../kubernetes/quantity.js";

/**
 * A container's `ResourceSpec`. KFP has two generations of fields and the SDK writes both: the string
 * fields (`resourceCpuLimit: "500m"`, `resourceMemoryRequest: "8Gi"`, the quantity as written, which
 * the backend uses) and the deprecated numbers (`cpuLimit: 0.5` in cores, `memoryRequest: 8.589934592`
 * in GB of 10^9 bytes). GPUs are an `accelerator` with the count (an int64, so a string in JSON) and
 * the resource name (`nvidia.com/gpu`; a MIG slice's, `nvidia.com/mig-1g.10gb`, which KFP's driver
 * puts in the pod's limits as it does any resource name), again in the old (`count`, `type`) and new
 * (`resourceCount`, `resourceType`) fields.
 *
 * KFP has no ephemeral-storage field (MLP4021) and no field for the GPU model: the model is left to
 * the step's node selector or affinity, with a warning when neither asks for it (MLP4024).
 */
export function resourceSpec(settings: Settings, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const r = settings.resources;
  if (r === undefined) return undefined;
  const spec: Record<string, unknown> = {};
  const cpu = (q: Quantity | undefined, legacy: string, field: string): void => {
    if (q === undefined) return;
    const cores = parseQuantity(q.value);
    if (cores !== undefined) spec[legacy] = cores;
    spec[field] = q.value;
  };
  const memory = (q: Quantity | undefined, legacy: string, field: string): void => {
    if (q === undefined) return;
    const bytes = parseQuantity(q.value);
    if (bytes !== undefined) spec[legacy] = bytes / 1e9;
    spec[field] = q.value;
  };
  cpu(r.cpu?.limit, "cpuLimit", "resourceCpuLimit");
  cpu(r.cpu?.request, "cpuRequest", "resourceCpuRequest");
  memory(r.memory?.limit, "memoryLimit", "resourceMemoryLimit");
  memory(r.memory?.request, "memoryRequest", "resourceMemoryRequest");
  const storage = r.ephemeralStorage?.request ?? r.ephemeralStorage?.limit;
  if (storage !== undefined) diagnostics.push(M.kfpNoEphemeralStorage.at(storage.loc));
  const gpus = requestedGpus(r);
  if (gpus !== undefined) {
    const count = plainNumber(gpus.count);
    spec.accelerator = { count, resourceCount: count, resourceType: gpus.resource, type: gpus.resource };
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}
