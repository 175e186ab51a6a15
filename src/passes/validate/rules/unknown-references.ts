import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import type { ValidationRule } from "../rule.js";
import { nodeOutputs, resolveCall } from "../../../ir/query/callee.js";
import { loopVariables, pipelineScope } from "../../../ir/query/scope.js";
import { isNamedNode } from "../../../ir/query/walk.js";

/**
 * Every name resolves: what a step calls or a tune targets (a component or pipeline), parameters,
 * steps and their outputs in references, loop variables, `after` steps, and deployed serves.
 * Whether a name that exists is visible where it is used is the reference-scope rule's business.
 */
export const unknownReferences: ValidationRule = {
  id: "unknown-references",
  codes: [M.unknownComponent.code, M.unknownReference.code, M.unknownOutput.code, M.unknownAfter.code, M.unknownServe.code],
  check(program) {
    const out: Diagnostic[] = [];
    const callables = [...program.components.map((c) => c.name), ...program.pipelines.map((p) => p.name)];

    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      const stepNames = [...scope.steps.keys()];
      const variables = loopVariables(scope);

      for (const { node } of scope.nodes) {
        if (!isNamedNode(node)) continue;
        if (node.kind === "step" && resolveCall(program, node.call) === undefined) {
          out.push(M.unknownComponent.at(node.call.loc, node.call.name, didYouMean(node.call.name, callables)));
        }
        if (node.kind === "deploy" && !program.serves.some((s) => s.name === node.serve)) {
          out.push(M.unknownServe.at(node.loc, node.serve));
        }
        for (const a of node.after) {
          if (!scope.steps.has(a.step)) out.push(M.unknownAfter.at(a.loc, a.step, didYouMean(a.step, stepNames)));
        }
      }

      for (const { expr: e } of scope.expressions) {
        switch (e.kind) {
          case "param":
            // A loop variable outside its loop, or a step used as a value, is the reference-scope rule's business.
            if (!scope.params.has(e.name) && !variables.includes(e.name) && !scope.steps.has(e.name)) {
              const candidates = [...scope.params.keys(), ...variables, ...stepNames];
              out.push(M.unknownReference.at(e.loc, e.name, didYouMean(e.name, candidates)));
            }
            break;
          case "loopItem":
            if (!variables.includes(e.loop)) {
              const candidates = [...variables, ...scope.params.keys()];
              out.push(M.unknownReference.at(e.loc, e.loop, didYouMean(e.loop, candidates)));
            }
            break;
          case "output":
          case "collect": {
            const step = scope.steps.get(e.step);
            if (step === undefined) {
              out.push(M.unknownReference.at(e.loc, e.step, didYouMean(e.step, [...stepNames, ...scope.params.keys()])));
              break;
            }
            const outputs = nodeOutputs(program, step.node);
            if (outputs !== undefined && !outputs.some((o) => o.name === e.output)) {
              const hint = didYouMean(e.output, outputs.map((o) => o.name));
              out.push(M.unknownOutput.atWith(e.loc, [{ message: `The step '${e.step}' is declared here.`, loc: step.node.loc }], e.step, e.output, hint));
            }
            break;
          }
          default:
            break;
        }
      }
    }

    for (const tune of program.tunes) {
      if (resolveCall(program, tune.target) === undefined) {
        out.push(M.unknownComponent.at(tune.target.loc, tune.target.name, didYouMean(tune.target.name, callables)));
      }
    }
    return out;
  },
};
