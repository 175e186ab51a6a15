import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { isDnsSubdomain, MAX_SUBDOMAIN_LENGTH } from "../../../kubernetes/names.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, withoutRepeats } from "../util/distributed.js";

/** A TrainJob's `runtimeRef.name` names a ClusterTrainingRuntime: a DNS-1123 subdomain of at most 253 characters. */
export const distributedRuntimeName: ValidationRule = {
  id: "distributed-runtime-name",
  codes: [M.distributedRuntimeName.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const { distributed: d } of distributedUses(program)) {
      const name = d.runtime?.name;
      if (name === undefined || isDnsSubdomain(name)) continue;
      const why =
        name.length === 0
          ? "it is empty"
          : name.length > MAX_SUBDOMAIN_LENGTH
            ? `it is ${name.length} characters long, but object names have at most ${MAX_SUBDOMAIN_LENGTH}`
            : "Kubernetes object names are lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
      out.push(M.distributedRuntimeName.at(d.runtime!.loc, name, why));
    }
    return withoutRepeats(out);
  },
};
