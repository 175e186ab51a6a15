// Step names: every step of a pipeline is named before its body is lowered (references may point
// forward), anonymous steps after their callee.

import type * as C from "../../../syntax/cst.generated.js";
import { nameAnonymous } from "../../common/naming.js";
import type { CstNode } from "chevrotain";

/** Assigns every step of a pipeline its name before lowering, in source order. */
export class StepNamer {
  private readonly names = new Map<CstNode, string>();
  private readonly used = new Set<string>();

  collect(stmts: readonly C.StatementCstNode[]): void {
    const anonymous: { node: CstNode; base: string }[] = [];
    const visit = (list: readonly C.StatementCstNode[]) => {
      for (const s of list) {
        const c = s.children;
        if (c.stepStatement) {
          const st = c.stepStatement[0];
          const explicit = st.children.Identifier?.[0].image;
          if (explicit !== undefined) {
            this.names.set(st, explicit);
            this.used.add(explicit);
          } else {
            const base = st.children.call ? st.children.call[0].children.Identifier[0].image : "importer";
            anonymous.push({ node: st, base });
          }
        } else if (c.serveDecl) {
          this.used.add(c.serveDecl[0].children.Identifier[0].image);
        } else if (c.ifStatement) {
          for (const b of c.ifStatement[0].children.block) visit(b.children.statement ?? []);
        } else if (c.forStatement) {
          visit(c.forStatement[0].children.block[0].children.statement ?? []);
        }
      }
    };
    visit(stmts);
    for (const [node, name] of nameAnonymous(this.used, anonymous.map(({ node, base }) => ({ key: node, base })))) this.names.set(node, name);
  }

  nameOf(node: CstNode): string {
    return this.names.get(node)!;
  }

  all(): ReadonlySet<string> {
    return this.used;
  }
}
