import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { walkNodes } from "../util/walk.js";

/**
 * Every `if`/`elif`/`else` branch, loop body and `finally` block holds something to run: KFP rejects a
 * group whose DAG has no task and Argo a DAG template without tasks. A block that holds only an empty
 * block is reported at the inner one.
 */
export const emptyBlocks: ValidationRule = {
  id: "empty-blocks",
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "loop" && node.body.length === 0) {
          out.push(M.emptyBlock.at(node.loc, `body of the loop over '${node.variable}'`));
        } else if (node.kind === "condition") {
          node.branches.forEach((b, i) => {
            const word = b.condition === undefined ? "else" : i === 0 ? "if" : "elif";
            if (b.body.length === 0) out.push(M.emptyBlock.at(b.loc, `'${word}' branch`));
          });
        }
      }
      const handler = pipeline.exitHandler;
      if (handler !== undefined && handler.body.length === 0) out.push(M.emptyBlock.at(handler.loc, "'finally' block"));
    }
    return out;
  },
};
