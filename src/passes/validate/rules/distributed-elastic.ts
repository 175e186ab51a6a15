import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { distributedUses, jobKind, withoutRepeats } from "../util/distributed.js";

/**
 * An elastic PyTorchJob runs Workers only (the Training Operator's webhook refuses an elastic policy
 * without Workers), starting with `nodes` of them and scaling between `min` and `max`: the range is not
 * empty and holds the starting count.
 */
export const distributedElastic: ValidationRule = {
  id: "distributed-elastic",
  codes: [M.distributedElasticBounds.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const { distributed: d } of distributedUses(program)) {
      if (d.elastic === undefined || jobKind(d) !== "pytorchjob") continue;
      const { min, max } = d.elastic;
      const nodes = d.nodes?.value ?? min;
      if (min > max || nodes < min || nodes > max) out.push(M.distributedElasticBounds.at(d.elastic.loc, min, max, nodes));
    }
    return withoutRepeats(out);
  },
};
