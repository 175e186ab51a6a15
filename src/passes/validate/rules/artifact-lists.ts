import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { inferType, outputType } from "../../../ir/query/infer.js";
import { pipelineScope } from "../../../ir/query/scope.js";

/**
 * Lists of artifacts do not exist (a `List<T>` holds parameters): neither `collect(…)` of an artifact
 * output nor a list literal with an artifact in it, wherever it is written — a step argument (also of a
 * sub-pipeline), a pipeline output, a loop's items, an env value. The type checks see such a list as
 * unknown, so this rule is the one that reports it. An artifact made in a loop is fanned in through its
 * URI: a String output, collected as a `List<String>`.
 */
export const artifactLists: ValidationRule = {
  id: "artifact-lists",
  codes: [M.artifactList.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { expr: e, site } of scope.expressions) {
        if (e.kind === "collect") {
          const t = outputType(scope, e.step, e.output);
          if (t.kind !== "artifact") continue;
          const step = scope.steps.get(e.step)!;
          const related = [{ message: `The step '${e.step}' is declared here.`, loc: step.node.loc }];
          const instead = `write the artifact's URI (${e.output}.uri) to a String output inside the loop and collect that, a List<String>`;
          out.push(M.artifactList.atWith(e.loc, related, `collect(${e.step}.${e.output}) is`, t.name, instead));
        } else if (e.kind === "list") {
          for (const item of e.items) {
            const t = inferType(item, scope, site.path);
            if (t.kind !== "artifact") continue;
            const ref = item.kind === "output" ? `${item.step}.${item.output}` : "this item";
            out.push(M.artifactList.at(item.loc, `'${ref}' makes this`, t.name, "pass each artifact to an input of its own"));
          }
        }
      }
    }
    return out;
  },
};
