import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { walkNodes } from "../../../ir/query/walk.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, jobKind, withoutRepeats } from "../util/distributed.js";

const JOB_NAMES = { trainjob: "TrainJob", pytorchjob: "PyTorchJob", tfjob: "TFJob" } as const;

/**
 * A `distributed` block sets only fields its job kind has: a TrainJob takes its runtime from
 * `runtime` and leaves restarts and retries to that runtime (it has no `restartPolicy` or
 * `runPolicy`) and is not elastic; a v1 job has no runtime; only a PyTorchJob is elastic; a TFJob has
 * no processes per node. A step that calls a pipeline has no container to distribute.
 */
export const distributedJobFields: ValidationRule = {
  id: "distributed-job-fields",
  codes: [M.distributedFieldNotForJob.code, M.distributedOnUnsupported.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const { distributed: d } of distributedUses(program)) {
      const kind = jobKind(d);
      const job = JOB_NAMES[kind];
      if (kind === "trainjob") {
        if (d.elastic !== undefined) out.push(M.distributedFieldNotForJob.at(d.elastic.loc, "elastic", job, "elastic training is a PyTorchJob's ('job pytorchjob'), or its training runtime's"));
        if (d.restart !== undefined) out.push(M.distributedFieldNotForJob.at(d.restart.loc, "restart", job, "its training runtime decides how pods restart (set it with 'job pytorchjob')"));
        if (d.backoffLimit !== undefined) out.push(M.distributedFieldNotForJob.at(d.backoffLimit.loc, "backoffLimit", job, "its training runtime decides retries (set them with 'job pytorchjob')"));
      } else {
        if (d.runtime !== undefined) out.push(M.distributedFieldNotForJob.at(d.runtime.loc, "runtime", job, "a training runtime is a TrainJob's ('job trainjob')"));
        if (kind === "tfjob" && d.elastic !== undefined) out.push(M.distributedFieldNotForJob.at(d.elastic.loc, "elastic", job, "elastic training is a PyTorchJob's ('job pytorchjob')"));
        if (kind === "tfjob" && d.procsPerNode !== undefined) out.push(M.distributedFieldNotForJob.at(d.procsPerNode.loc, "procsPerNode", job, "TensorFlow runs one process per Worker; raise 'nodes' instead"));
      }
    }
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "step" && node.call.kind === "pipeline" && node.settings.distributed !== undefined) {
          out.push(M.distributedOnUnsupported.at(node.settings.distributed.loc, `Step '${node.name}' calls the pipeline '${node.call.name}', which`));
        }
      }
    }
    return withoutRepeats(out);
  },
};
