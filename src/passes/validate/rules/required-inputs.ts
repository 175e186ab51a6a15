import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { tunedArtifactInputs } from "./tune-artifact-inputs.js";
import { calleeInputs, isRequired, resolveCall, type Callee } from "../../../ir/query/callee.js";
import { walkNodes } from "../../../ir/query/walk.js";

/**
 * Every required input (no default, not optional) is given; each missing one is reported at the call. `Status` inputs are not required here:
 * inside `finally` they are filled automatically, elsewhere the pipeline-status rule reports them.
 * For a tune, searched inputs count as given.
 */
export const requiredInputs: ValidationRule = {
  id: "required-inputs",
  codes: [M.missingInput.code],
  check(program) {
    const out: Diagnostic[] = [];
    const check = (callee: Callee | undefined, given: readonly string[], loc: Loc): void => {
      if (callee === undefined) return; // unknown-references reports it
      for (const input of calleeInputs(callee)) {
        if (!isRequired(input) || input.type.kind === "status" || given.includes(input.name)) continue;
        const related = [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }];
        out.push(M.missingInput.atWith(loc, related, callee.name, `'${input.name}'`));
      }
    };
    for (const pipeline of program.pipelines) {
      for (const { node } of walkNodes(pipeline)) {
        if (node.kind === "step") check(resolveCall(program, node.call), node.arguments.map((a) => a.name), node.call.loc);
      }
    }
    for (const tune of program.tunes) {
      // A tuned component's artifact inputs cannot be given at all: tune-artifact-inputs says so.
      const given = [...tune.search.map((s) => s.name), ...tune.arguments.map((a) => a.name), ...tunedArtifactInputs(program, tune).map((i) => i.name)];
      check(resolveCall(program, tune.target), given, tune.target.loc);
    }
    return out;
  },
};
