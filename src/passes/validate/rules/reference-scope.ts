import type { Diagnostic, Related } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { nodeOutputs } from "../../../ir/query/callee.js";
import { where } from "../../../ir/query/locs.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { branchWord, containerLoc, divergence, enclosingLoop, subExpressions, type Container } from "../../../ir/query/walk.js";

/** Where the block `c` starts, as a related location. */
function blockStart(c: Container): Related {
  const message =
    c.kind === "loop"
      ? `The loop over '${c.loop.variable}' starts here.`
      : c.kind === "branch"
        ? `The '${branchWord(c.branch, c.index)}' branch starts here.`
        : "The 'finally' block starts here.";
  return { message, loc: containerLoc(c) };
}

/** Why a step inside `c` cannot be seen from outside it. */
function hiddenBy(step: string, c: Container): string {
  switch (c.kind) {
    case "loop":
      return `step '${step}' runs once per item of the loop over '${c.loop.variable}'`;
    case "branch":
      return `step '${step}' runs only in the '${branchWord(c.branch, c.index)}' branch at ${where(c.branch.loc)}`;
    case "finally":
      return `step '${step}' runs in the 'finally' block, after every other step`;
  }
}

/**
 * A reference is used where its value exists: the output of a step inside a loop only inside that loop
 * (outside it, `collect(…)` gathers every iteration's value), `collect` only of a step inside a loop and
 * only outside that loop, the output of a step in a branch only inside that branch, a loop variable only
 * inside its loop, a step of `finally` only inside `finally` (which itself sees every other step), and
 * step outputs in a serve's model only when a pipeline deploys the serve. A step's name alone is not a
 * value (its outputs are).
 */
export const referenceScope: ValidationRule = {
  id: "reference-scope",
  codes: [M.outOfScope.code, M.collectOutsideLoop.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      // The steps of a oneOf(…) are in branches by definition; the oneof-branches rule checks them.
      const options = new Set(scope.expressions.flatMap(({ expr }) => (expr.kind === "oneof" ? expr.options : [])));
      for (const { expr: e, site } of scope.expressions) {
        if (e.kind === "output" && options.has(e)) continue;
        // The front end makes a name outside every loop with that variable a parameter reference.
        const variable = e.kind === "loopItem" ? e.loop : e.kind === "param" && !scope.params.has(e.name) ? e.name : undefined;
        if (variable !== undefined) {
          if (enclosingLoop(site.path, variable) !== undefined) continue;
          const loop = [...scope.loops.keys()].find((l) => l.variable === variable);
          const step = scope.steps.get(variable);
          if (loop === undefined && step !== undefined) {
            // A step named where a value belongs: its outputs are the values.
            const outputs = nodeOutputs(program, step.node) ?? [];
            const example = outputs.length > 0 ? `, such as '${variable}.${outputs[0].name}'` : "";
            const related = [{ message: `The step '${variable}' is declared here.`, loc: step.node.loc }];
            out.push(M.outOfScope.atWith(e.loc, related, variable, `it is a step, not a value; name one of its outputs${example}`));
            continue;
          }
          if (loop === undefined) continue; // unknown-references reports it
          const related = [{ message: `The loop over '${variable}' starts here.`, loc: loop.loc }];
          out.push(M.outOfScope.atWith(e.loc, related, variable, `it is the variable of the loop at ${where(loop.loc, e.loc)} and exists only inside that loop`));
          continue;
        }
        if (e.kind !== "output" && e.kind !== "collect") continue;
        const step = scope.steps.get(e.step);
        if (step === undefined) continue; // unknown-references reports it
        const ref = `${e.step}.${e.output}`;
        const declared: Related = { message: `The step '${e.step}' is declared here.`, loc: step.node.loc };
        const d = divergence(step.path, site.path);
        if (e.kind === "output") {
          if (d < 0) continue;
          const c = step.path[d];
          const why = c.kind === "loop" ? `${hiddenBy(e.step, c)}, so use collect(${ref}) to get all its values` : hiddenBy(e.step, c);
          out.push(M.outOfScope.atWith(e.loc, [declared, blockStart(c)], ref, why));
          continue;
        }
        const loops = step.path.flatMap((c) => (c.kind === "loop" ? [c] : []));
        if (loops.length === 0) {
          out.push(M.collectOutsideLoop.atWith(e.loc, [declared], ref, e.step));
        } else if (d < 0) {
          const loop = loops[loops.length - 1];
          const why = `it is used inside the loop over '${loop.loop.variable}' that runs '${e.step}', where '${ref}' is this iteration's value`;
          out.push(M.outOfScope.atWith(e.loc, [declared, blockStart(loop)], `collect(${ref})`, why));
        } else if (step.path[d].kind !== "loop") {
          const c = step.path[d];
          out.push(M.outOfScope.atWith(e.loc, [declared, blockStart(c)], `collect(${ref})`, hiddenBy(e.step, c)));
        }
      }
    }

    // A serve's model that reads steps or parameters needs a pipeline that deploys it.
    const deployed = new Set(program.pipelines.flatMap((p) => pipelineScope(program, p).nodes.flatMap(({ node }) => (node.kind === "deploy" ? [node.serve] : []))));
    for (const serve of program.serves) {
      if (deployed.has(serve.name)) continue;
      for (const e of subExpressions(serve.model.storage)) {
        if (e.kind === "output" || e.kind === "collect" || e.kind === "param" || e.kind === "loopItem") {
          const ref = e.kind === "param" ? e.name : e.kind === "loopItem" ? e.loop : `${e.step}.${e.output}`;
          out.push(M.outOfScope.at(e.loc, ref, `serve '${serve.name}' is not deployed from a pipeline, so its model must be a URI`));
        }
      }
    }
    return out;
  },
};
