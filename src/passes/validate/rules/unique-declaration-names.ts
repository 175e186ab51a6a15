import { M } from "../../../diagnostics/catalog.js";
import type { ValidationRule } from "../rule.js";
import { duplicateNames, type Declared } from "../util/duplicates.js";

/**
 * Components and pipelines share one namespace (a step calls either by name, and back ends emit both as
 * templates); tunes and serves each have their own.
 */
export const uniqueDeclarationNames: ValidationRule = {
  id: "unique-declaration-names",
  codes: [M.duplicateName.code],
  check(program) {
    const namespaces: Declared[][] = [
      [
        ...program.components.map((c) => ({ what: "component", name: c.name, loc: c.loc })),
        ...program.pipelines.map((p) => ({ what: "pipeline", name: p.name, loc: p.loc })),
      ],
      program.tunes.map((t) => ({ what: "tune", name: t.name, loc: t.loc })),
      program.serves.map((s) => ({ what: "serve", name: s.name, loc: s.loc })),
    ];
    return duplicateNames(namespaces);
  },
};
