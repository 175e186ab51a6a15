import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { cyclePath, findCycles, type Edge } from "../util/graph.js";
import { pipelineScope } from "../util/scope.js";
import { isNamedNode, subExpressions, type ExprSite } from "../util/walk.js";

/**
 * The steps of a pipeline do not depend on each other in a cycle. A step depends on the steps whose
 * outputs its arguments (or env, importer URI, deployed model) read, on those read by the conditions
 * and loop items around it, and on its `after` steps. Each cycle is reported once, with every edge.
 */
export const stepCycles: ValidationRule = {
  id: "step-cycles",
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      const sitesOf = new Map<object, ExprSite[]>();
      for (const site of scope.sites) {
        const list = sitesOf.get(site.owner) ?? [];
        list.push(site);
        sitesOf.set(site.owner, list);
      }
      const refsIn = (exprs: readonly Expr[]): { step: string; loc: Expr["loc"] }[] =>
        exprs.flatMap((e) => subExpressions(e)).flatMap((e) => (e.kind === "output" || e.kind === "collect" ? [{ step: e.step, loc: e.loc }] : []));

      const edges: Edge[] = [];
      const names: string[] = [];
      for (const { node, path } of scope.nodes) {
        if (!isNamedNode(node)) continue;
        names.push(node.name);
        const exprs: Expr[] = (sitesOf.get(node) ?? []).map((s) => s.expr);
        for (const c of path) {
          if (c.kind === "loop") exprs.push(c.loop.items);
          if (c.kind === "branch") {
            for (const b of c.condition.branches.slice(0, c.index + 1)) if (b.condition !== undefined) exprs.push(b.condition);
          }
        }
        for (const r of refsIn(exprs)) if (scope.steps.has(r.step)) edges.push({ from: node.name, to: r.step, loc: r.loc });
        for (const a of node.after) if (scope.steps.has(a.step)) edges.push({ from: node.name, to: a.step, loc: a.loc });
      }

      for (const cycle of findCycles([...new Set(names)], edges)) {
        const start = scope.steps.get(cycle[0].from)!.node;
        const related = cycle.map((e) => ({ message: `'${e.from}' depends on '${e.to}' here.`, loc: e.loc }));
        out.push(M.cycle.atWith(start.loc, related, cyclePath(cycle)));
      }
    }
    return out;
  },
};
