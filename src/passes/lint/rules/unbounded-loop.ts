import { M } from "../../../diagnostics/catalog.js";
import { walkNodes } from "../../../ir/query/walk.js";
import type { LintRule } from "../rule.js";

/** A loop whose items are not a list literal (a parameter, a step output) and that sets no `parallel`. */
export const unboundedLoop: LintRule = {
  id: "mlpc/unbounded-loop",
  code: M.lintUnboundedLoop.code,
  defaultSeverity: "warn",
  description: "Give a loop over a run-time list a parallel limit.",
  check: (resolved) =>
    resolved.program.pipelines.flatMap((pipeline) =>
      walkNodes(pipeline).flatMap(({ node }) =>
        node.kind === "loop" && node.items.kind !== "list" && node.parallelism === undefined ? [M.lintUnboundedLoop.at(node.loc, node.variable)] : [],
      ),
    ),
};
