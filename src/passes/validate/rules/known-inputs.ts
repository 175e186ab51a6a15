import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { calleeInputs, resolveCall, type Callee } from "../../../ir/query/callee.js";
import { walkNodes } from "../../../ir/query/walk.js";

/**
 * Every argument names an input of what it is given to: a step's arguments the component's inputs (or
 * the sub-pipeline's parameters), a tune's fixed arguments and searched names those of its target.
 */
export const knownInputs: ValidationRule = {
  id: "known-inputs",
  codes: [M.unknownInput.code],
  check(program) {
    const out: Diagnostic[] = [];
    const check = (callee: Callee | undefined, names: readonly { readonly name: string; readonly loc: Loc }[]): void => {
      if (callee === undefined) return; // unknown-references reports it
      const inputs = calleeInputs(callee).map((i) => i.name);
      for (const { name, loc } of names) {
        if (!inputs.includes(name)) out.push(M.unknownInput.at(loc, callee.name, name, didYouMean(name, inputs)));
      }
    };
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "step") check(resolveCall(program, node.call), node.arguments);
      }
    }
    for (const tune of program.tunes) check(resolveCall(program, tune.target), [...tune.search, ...tune.arguments]);
    return out;
  },
};
