import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { findDuplicates } from "../util/duplicates.js";

interface Decl {
  readonly what: string;
  readonly name: string;
  readonly loc: Loc;
}

/**
 * Components and pipelines share one namespace (a step calls either by name, and back ends emit both as
 * templates); tunes and serves each have their own.
 */
export const uniqueDeclarationNames: ValidationRule = {
  id: "unique-declaration-names",
  codes: [M.duplicateName.code],
  check(program) {
    const namespaces: Decl[][] = [
      [
        ...program.components.map((c) => ({ what: "component", name: c.name, loc: c.loc })),
        ...program.pipelines.map((p) => ({ what: "pipeline", name: p.name, loc: p.loc })),
      ],
      program.tunes.map((t) => ({ what: "tune", name: t.name, loc: t.loc })),
      program.serves.map((s) => ({ what: "serve", name: s.name, loc: s.loc })),
    ];
    const out: Diagnostic[] = [];
    for (const decls of namespaces) {
      for (const { first, later } of findDuplicates(decls, (d) => d.name)) {
        const related = [{ message: `The ${first.what} '${first.name}' is declared here.`, loc: first.loc }];
        out.push(M.duplicateName.atWith(later.loc, related, later.what, later.name));
      }
    }
    return out;
  },
};
