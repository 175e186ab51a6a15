import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { branchWord, containerLoc, divergence, isNamedNode } from "../../../ir/query/walk.js";

/**
 * `after` does not name a step inside a condition from outside it. KFP waits for the condition's group,
 * which is skipped with the branch, so the waiting step never runs; Argo's `depends` is satisfied by a
 * skipped task, so it runs (and the KFP SDK rejects the topology). A step inside a loop may be waited
 * for from outside: both targets wait for the whole loop, whose steps all run.
 */
export const afterBranches: ValidationRule = {
  id: "after-branches",
  codes: [M.afterInBranch.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { node, path } of scope.nodes) {
        if (!isNamedNode(node)) continue;
        for (const a of node.after) {
          const target = scope.steps.get(a.step);
          if (target === undefined) continue; // unknown-references reports it
          const d = divergence(target.path, path);
          if (d < 0) continue;
          const c = target.path[d];
          if (c.kind !== "branch") continue;
          const word = branchWord(c.branch, c.index);
          const related = [
            { message: `The step '${a.step}' is declared here.`, loc: target.node.loc },
            { message: `The '${word}' branch starts here.`, loc: containerLoc(c) },
          ];
          out.push(M.afterInBranch.atWith(a.loc, related, a.step, word));
        }
      }
    }
    return out;
  },
};
