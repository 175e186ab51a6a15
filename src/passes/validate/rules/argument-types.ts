import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Type } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { tunedArtifactInputs } from "./tune-artifact-inputs.js";
import { calleeInputs, resolveCall } from "../../../ir/query/callee.js";
import { typeMismatches } from "../util/check-value.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { FLOAT, INT, STRING, isAssignable, typeName, withArticle } from "../../../ir/query/types.js";

/**
 * What is given to an input fits its type: parameters and artifacts do not mix, artifact kinds match
 * (`Artifact` takes any), an Int fits a Float, list literals fit `List<T>` item by item, struct literals
 * fit `Struct`. Values whose type is unknown (an unresolved reference) are left to unknown-references.
 * Also: an importer's URI is a String, and a tune's fixed arguments and search spaces fit the inputs.
 */
export const argumentTypes: ValidationRule = {
  id: "argument-types",
  codes: [M.typeMismatch.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      for (const { node, path } of scope.nodes) {
        if (node.kind === "importer") {
          for (const m of typeMismatches(STRING, node.uri, scope, path, false)) {
            out.push(M.typeMismatch.at(m.loc, `The URI of '${node.name}'`, "String", typeName(m.found)));
          }
        }
        if (node.kind !== "step") continue;
        const callee = resolveCall(program, node.call);
        if (callee === undefined) continue;
        const inputs = calleeInputs(callee);
        for (const arg of node.arguments) {
          const input = inputs.find((i) => i.name === arg.name);
          if (input === undefined) continue; // known-inputs reports it
          const nullable = input.optional || input.default !== undefined;
          for (const m of typeMismatches(input.type, arg.value, scope, path, nullable)) {
            const what = m.item ? `Each item of input '${input.name}' of '${callee.name}'` : `Input '${input.name}' of '${callee.name}'`;
            const expected = m.item && input.type.kind === "param" && input.type.items ? input.type.items : input.type;
            out.push(
              M.typeMismatch.atWith(m.loc, [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }], what, typeName(expected), typeName(m.found)),
            );
          }
        }
      }
    }

    for (const tune of program.tunes) {
      const callee = resolveCall(program, tune.target);
      if (callee === undefined) continue;
      const inputs = calleeInputs(callee);
      const artifacts = tunedArtifactInputs(program, tune).map((i) => i.name);
      for (const arg of tune.arguments) {
        const input = inputs.find((i) => i.name === arg.name);
        if (input === undefined || artifacts.includes(input.name)) continue;
        for (const m of typeMismatches(input.type, arg.value, undefined, [], input.optional || input.default !== undefined)) {
          out.push(M.typeMismatch.atWith(m.loc, [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }], `Input '${input.name}' of '${callee.name}'`, typeName(input.type), typeName(m.found)));
        }
      }
      for (const s of tune.search) {
        const input = inputs.find((i) => i.name === s.name);
        if (input === undefined) continue;
        const searched: Type =
          s.type === "double"
            ? FLOAT
            : s.type === "int"
              ? INT
              : s.type === "categorical"
                ? STRING
                : (s.values ?? []).every((v) => typeof v === "number" && Number.isInteger(v))
                  ? INT
                  : FLOAT;
        const fits = isAssignable(input.type, searched);
        if (!fits) {
          out.push(M.typeMismatch.atWith(s.loc, [{ message: `The input '${input.name}' is declared here.`, loc: input.loc }], `Input '${input.name}' of '${callee.name}'`, typeName(input.type), `${withArticle(typeName(searched))} search space`));
        }
      }
    }
    return out;
  },
};
