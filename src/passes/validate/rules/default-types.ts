import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr, Loc, Type } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { typeMismatches } from "../util/check-value.js";
import { typeName, withArticle } from "../../../ir/query/types.js";

/** The default of a pipeline parameter or a component input fits its declared type (`null` only for optional inputs). */
export const defaultTypes: ValidationRule = {
  id: "default-types",
  codes: [M.defaultTypeMismatch.code],
  check(program) {
    const out: Diagnostic[] = [];
    const check = (decl: { name: string; type: Type; default?: Expr; loc: Loc }, nullable: boolean): void => {
      if (decl.default === undefined) return;
      for (const m of typeMismatches(decl.type, decl.default, undefined, [], nullable)) {
        const expected = m.item && decl.type.kind === "param" && decl.type.items ? decl.type.items : decl.type;
        const found = m.item ? `a list with ${withArticle(typeName(m.found))} item` : typeName(m.found);
        out.push(M.defaultTypeMismatch.atWith(m.loc, [{ message: `'${decl.name}' is declared here.`, loc: decl.loc }], decl.name, m.item ? `a list of ${typeName(expected)}` : typeName(expected), found));
      }
    };
    for (const c of program.components) for (const i of c.inputs) check(i, i.optional);
    for (const p of program.pipelines) for (const x of p.params) check(x, false);
    return out;
  },
};
