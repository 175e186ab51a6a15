import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Quantity, Settings } from "../../ir/types.js";
import { plainNumber } from "../../output/numbers.js";

/**
 * A container's `ResourceSpec`. KFP has two generations of fields and the SDK writes both: the string
 * fields (`resourceCpuLimit: "500m"`, `resourceMemoryRequest: "8Gi"`, the quantity as written, which
 * the backend uses) and the deprecated numbers (`cpuLimit: 0.5` in cores, `memoryRequest: 8.589934592`
 * in GB of 10^9 bytes). GPUs are an `accelerator` with the count (an int64, so a string in JSON) and
 * the resource name (`nvidia.com/gpu`), again in the old (`count`, `type`) and new (`resourceCount`,
 * `resourceType`) fields.
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
    const cores = quantityValue(q.value);
    if (cores !== undefined) spec[legacy] = cores;
    spec[field] = q.value;
  };
  const memory = (q: Quantity | undefined, legacy: string, field: string): void => {
    if (q === undefined) return;
    const bytes = quantityValue(q.value);
    if (bytes !== undefined) spec[legacy] = bytes / 1e9;
    spec[field] = q.value;
  };
  cpu(r.cpu?.limit, "cpuLimit", "resourceCpuLimit");
  cpu(r.cpu?.request, "cpuRequest", "resourceCpuRequest");
  memory(r.memory?.limit, "memoryLimit", "resourceMemoryLimit");
  memory(r.memory?.request, "memoryRequest", "resourceMemoryRequest");
  const storage = r.ephemeralStorage?.request ?? r.ephemeralStorage?.limit;
  if (storage !== undefined) diagnostics.push(M.kfpNoEphemeralStorage.at(storage.loc));
  if (r.gpu !== undefined && r.gpu.count > 0) {
    const count = plainNumber(r.gpu.count);
    const resource = gpuResourceName(r.gpu.vendor);
    spec.accelerator = { count, resourceCount: count, resourceType: resource, type: resource };
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/**
 * The Kubernetes extended-resource name of a GPU: `nvidia.com/gpu` by default; a vendor is its
 * resource domain (`amd.com`), or a whole resource name when it has a `/`.
 */
function gpuResourceName(vendor: string | undefined): string {
  if (vendor === undefined) return "nvidia.com/gpu";
  return vendor.includes("/") ? vendor : `${vendor}/gpu`;
}

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/**
 * The value of a Kubernetes quantity in base units (cores, bytes), computed as the SDK does (number
 * times unit, `m` as a division by 1000), so that the deprecated numeric fields carry the same floats.
 * `undefined` for text that is not a quantity (the validator reports those before a back end runs).
 */
export function quantityValue(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix === "") return n;
  if (suffix === "m") return n / 1000;
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}
