import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { findDuplicates } from "../util/duplicates.js";
import { namedNodes, walkNodes } from "../../../ir/query/walk.js";

/** Step names (steps, importers, deploys) are unique in a pipeline, across nested blocks and `finally`. */
export const uniqueStepNames: ValidationRule = {
  id: "unique-step-names",
  codes: [M.duplicateName.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const steps = namedNodes(walkNodes(pipeline)).map((p) => p.node);
      for (const { first, later } of findDuplicates(steps, (s) => s.name)) {
        const related = [{ message: `The step '${first.name}' is declared here.`, loc: first.loc }];
        out.push(M.duplicateName.atWith(later.loc, related, "step", later.name));
      }
    }
    return out;
  },
};
