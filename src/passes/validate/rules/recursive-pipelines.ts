import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { findPipeline, resolveCall } from "../../../ir/query/callee.js";
import { cyclePath, findCycles, type Edge } from "../../../ir/query/graph.js";
import { inSourceOrder } from "../../../ir/query/locs.js";
import { walkNodes } from "../../../ir/query/walk.js";

/** A pipeline does not call itself, directly or through other pipelines (it would never finish compiling or running). */
export const recursivePipelines: ValidationRule = {
  id: "recursive-pipelines",
  codes: [M.recursivePipeline.code],
  check(program) {
    const edges: Edge[] = [];
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind !== "step") continue;
        const callee = resolveCall(program, node.call);
        if (callee?.kind === "pipeline") edges.push({ from: pipeline.name, to: callee.name, loc: node.call.loc });
      }
    }
    const names = [...new Set(inSourceOrder(program.pipelines).map((p) => p.name))];
    return findCycles(names, edges).map((cycle): Diagnostic => {
      const start = findPipeline(program, cycle[0].from)!;
      const related = cycle.map((e) => ({ message: `'${e.from}' calls '${e.to}' here.`, loc: e.loc }));
      return M.recursivePipeline.atWith(start.loc, related, cyclePath(cycle));
    });
  },
};
