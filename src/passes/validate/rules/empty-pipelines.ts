import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { isNamedNode, walkNodes } from "../../../ir/query/walk.js";

/** A pipeline runs at least one step (in its body, a nested block or `finally`). */
export const emptyPipelines: ValidationRule = {
  id: "empty-pipelines",
  codes: [M.emptyPipeline.code],
  check(program) {
    return program.pipelines
      .filter((p) => !walkNodes(p).some(({ node }) => isNamedNode(node)))
      .map((p) => M.emptyPipeline.at(p.loc, p.name));
  },
};
