import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { allSettings } from "../../../ir/query/walk.js";
import { MIG_PROFILE } from "../../../kubernetes/gpu.js";
import type { ValidationRule } from "../rule.js";

/**
 * A MIG profile (`gpu 1 mig "1g.10gb"`) is written as NVIDIA names it — compute slices, then memory in
 * GB — since it becomes part of a Kubernetes resource name (`nvidia.com/mig-1g.10gb`).
 */
export const migProfiles: ValidationRule = {
  id: "mig-profiles",
  codes: [M.migProfile.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const s of allSettings(program)) {
      const gpu = s.resources?.gpu;
      if (gpu?.mig !== undefined && !MIG_PROFILE.test(gpu.mig)) out.push(M.migProfile.at(gpu.loc, gpu.mig));
    }
    return out;
  },
};
