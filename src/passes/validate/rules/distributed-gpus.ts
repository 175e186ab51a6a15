import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, withoutRepeats } from "../util/distributed.js";

/**
 * Each process of a node trains on a GPU of its own (torchrun gives each its `LOCAL_RANK`): a node that
 * requests GPUs starts no more processes than it has. A node without GPUs (CPU training, gloo) may run
 * as many as it likes.
 */
export const distributedGpus: ValidationRule = {
  id: "distributed-gpus",
  codes: [M.distributedProcsAboveGpus.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const { distributed: d, settings } of distributedUses(program)) {
      const gpus = settings.resources?.gpu;
      if (d.procsPerNode === undefined || gpus === undefined || gpus.mig !== undefined || gpus.count <= 0) continue;
      if (d.procsPerNode.value > gpus.count) out.push(M.distributedProcsAboveGpus.atWith(d.procsPerNode.loc, [{ loc: gpus.loc, message: "The GPUs of each node are requested here." }], d.procsPerNode.value, gpus.count));
    }
    return withoutRepeats(out);
  },
};
