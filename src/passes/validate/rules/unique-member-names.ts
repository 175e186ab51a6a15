import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { findDuplicates } from "../util/duplicates.js";
import { walkNodes } from "../../../ir/query/walk.js";

interface Member {
  readonly what: string;
  readonly name: string;
  readonly loc: Loc;
}

/**
 * Names declared inside one construct are unique there: a component's inputs and outputs (one
 * namespace: both become placeholders of the command), a pipeline's parameters and its outputs, the
 * arguments of one step, a tune's searched and fixed inputs.
 */
export const uniqueMemberNames: ValidationRule = {
  id: "unique-member-names",
  codes: [M.duplicateName.code],
  check(program) {
    const groups: Member[][] = [];
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
    const out: Diagnostic[] = [];
    for (const members of groups) {
      for (const { first, later } of findDuplicates(members, (m) => m.name)) {
        const related = [{ message: `The ${first.what} '${first.name}' is declared here.`, loc: first.loc }];
        out.push(M.duplicateName.atWith(later.loc, related, later.what, later.name));
      }
    }
    return out;
  },
};
