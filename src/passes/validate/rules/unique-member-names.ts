import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { duplicateNames, type Declared } from "../util/duplicates.js";
import { walkNodes } from "../../../ir/query/walk.js";

/**
 * Names declared inside one construct are unique there: a component's inputs and outputs (one
 * namespace: both become placeholders of the command), a pipeline's parameters and its outputs, the
 * arguments of one step, a tune's searched and fixed inputs.
 */
export const uniqueMemberNames: ValidationRule = {
  id: "unique-member-names",
  codes: [M.duplicateName.code],
  check(program) {
    const groups: Declared[][] = [];
    for (const c of program.components) {
      groups.push([
        ...c.inputs.map((i) => ({ what: "input", name: i.name, loc: i.loc })),
        ...c.outputs.map((o) => ({ what: "output", name: o.name, loc: o.loc })),
      ]);
    }
    for (const p of program.pipelines) {
      groups.push(p.params.map((x) => ({ what: "parameter", name: x.name, loc: x.loc })));
      groups.push(p.outputs.map((o) => ({ what: "pipeline output", name: o.name, loc: o.loc })));
      for (const { node } of walkNodes(p)) {
        if (node.kind === "step") groups.push(node.arguments.map((a) => ({ what: "argument", name: a.name, loc: a.loc })));
      }
    }
    for (const t of program.tunes) {
      groups.push([
        ...t.search.map((s) => ({ what: "search parameter", name: s.name, loc: s.loc })),
        ...t.arguments.map((a) => ({ what: "argument", name: a.name, loc: a.loc })),
      ]);
    }
    return duplicateNames(groups);
  },
};
