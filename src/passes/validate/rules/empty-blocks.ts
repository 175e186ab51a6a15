import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { branchWord, walkNodes } from "../../../ir/query/walk.js";

/**
 * Every `if`/`elif`/`else` branch, loop body and `finally` block holds something to run: KFP rejects a
 * group whose DAG has no task and Argo a DAG template without tasks. A block that holds only an empty
 * block is reported at the inner one.
 */
export const emptyBlocks: ValidationRule = {
  id: "empty-blocks",
  codes: [M.emptyBlock.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "loop" && node.body.length === 0) {
          out.push(M.emptyBlock.at(node.loc, `body of the loop over '${node.variable}'`));
        } else if (node.kind === "condition") {
          node.branches.forEach((b, i) => {
            if (b.body.length === 0) out.push(M.emptyBlock.at(b.loc, `'${branchWord(b, i)}' branch`));
          });
        }
      }
      const handler = pipeline.exitHandler;
      if (handler !== undefined && handler.body.length === 0) out.push(M.emptyBlock.at(handler.loc, "'finally' block"));
    }
    return out;
  },
};
