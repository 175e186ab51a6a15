import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Input, Program, Tune } from "../../../ir/types.js";
import { isRequired, resolveCall } from "../../../ir/query/callee.js";
import type { ValidationRule } from "../rule.js";

/**
 * A tune of a component runs each trial as a Katib `Job` with the component's container, and a Job has
 * no artifact store to fetch an input artifact from: each artifact input of the component that is
 * required or given a value is an error at the tune (at the value, if given) saying how to get there —
 * tune a pipeline whose importer brings the artifact in. `required-inputs` and `argument-types` leave
 * these inputs to this rule. (An optional one left out is the Katib back end's business: MLP4205 where
 * the command uses it.)
 */
export const tuneArtifactInputs: ValidationRule = {
  id: "tune-artifact-inputs",
  codes: [M.tuneArtifactInput.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const tune of program.tunes) {
      for (const input of tunedArtifactInputs(program, tune)) {
        const given = tune.arguments.find((a) => a.name === input.name);
        if (given === undefined && !isRequired(input)) continue;
        const related = [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }];
        const type = input.type.kind === "artifact" ? input.type.name : "artifact";
        out.push(M.tuneArtifactInput.atWith(given?.value.loc ?? tune.target.loc, related, input.name, tune.target.name, type));
      }
    }
    return out;
  },
};

/** The artifact inputs of the component a tune runs (none when it tunes a pipeline, whose trial is a Workflow). */
export function tunedArtifactInputs(program: Program, tune: Tune): readonly Input[] {
  const callee = resolveCall(program, tune.target);
  if (callee?.kind !== "component") return [];
  return callee.component.inputs.filter((i) => i.type.kind === "artifact");
}
