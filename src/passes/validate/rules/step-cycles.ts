import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Expr, Loc, Node, Pipeline } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { findCycles, type Edge } from "../../../ir/query/graph.js";
import { where } from "../../../ir/query/locs.js";
import { pipelineScope } from "../../../ir/query/scope.js";
import { isNamedNode, subExpressions, type Container, type Path } from "../../../ir/query/walk.js";

/** A node of the dependency graph: a step (importer, deploy), or a group of steps (a loop, an `if`, `finally`). */
type GraphNode = Node | NonNullable<Pipeline["exitHandler"]>;

/** The group a container stands for: a loop, a whole `if`/`elif`/`else` (not one branch), `finally`. */
function group(c: Container): GraphNode {
  return c.kind === "loop" ? c.loop : c.kind === "branch" ? c.condition : c.handler;
}

/**
 * The steps of a pipeline do not depend on each other in a cycle. A step depends on the steps whose
 * outputs its arguments (or env, importer URI, deployed model) read and on its `after` steps; a
 * condition and a loop's items depend on the steps they read. Both targets run a loop, an `if` and
 * `finally` as one node of their DAG (a KFP group, an Argo task of a nested DAG) that waits for
 * everything its steps wait for, and that others wait for as a whole: so a dependency between two
 * nodes in different groups is one between the outermost groups (or nodes) that separate them, and
 * a step in a loop that reads a step that collects from that loop is a cycle. Each cycle is reported
 * once, with every edge.
 */
export const stepCycles: ValidationRule = {
  id: "step-cycles",
  codes: [M.cycle.code],
  check(program) {
    const out: Diagnostic[] = [];
    for (const pipeline of program.pipelines) {
      const scope = pipelineScope(program, pipeline);
      // Graph nodes by identity, numbered in walk order (groups before their steps); step names are
      // user data and only ever compared, never used as object keys.
      const ids = new Map<GraphNode, string>();
      const display = new Map<string, { label: string; loc: Loc }>();
      const idOf = (n: GraphNode): string => {
        let id = ids.get(n);
        if (id === undefined) {
          id = String(ids.size);
          ids.set(n, id);
          const label =
            "kind" in n && n.kind === "loop"
              ? `for ${n.variable}`
              : "kind" in n && n.kind === "condition"
                ? `if (${where(n.loc)})`
                : "kind" in n && isNamedNode(n)
                  ? n.name
                  : "finally";
          display.set(id, { label, loc: n.loc });
        }
        return id;
      };
      const pathOf = new Map<GraphNode, Path>();
      for (const { node, path } of scope.nodes) {
        pathOf.set(node, path);
        idOf(node);
      }

      const edges: Edge[] = [];
      /** `from` (at `fromPath`) depends on `to`: an edge between the outermost nodes that separate them. */
      const depend = (from: GraphNode, fromPath: Path, to: Node, loc: Loc): void => {
        const toPath = pathOf.get(to) ?? [];
        let k = 0;
        while (k < fromPath.length && k < toPath.length && group(fromPath[k]) === group(toPath[k])) k++;
        const a = k < fromPath.length ? group(fromPath[k]) : from;
        const b = k < toPath.length ? group(toPath[k]) : to;
        // Two branches of one `if`: reference-scope reports the reference.
        if (a === b && (k < fromPath.length || k < toPath.length)) return;
        edges.push({ from: idOf(a), to: idOf(b), loc });
      };
      const stepRefs = (exprs: readonly Expr[]): { step: string; loc: Loc }[] =>
        exprs.flatMap((e) => subExpressions(e)).flatMap((e) => (e.kind === "output" || e.kind === "collect" ? [{ step: e.step, loc: e.loc }] : []));

      for (const site of scope.sites) {
        if (site.kind === "pipelineOutput") continue;
        const owner = site.owner as Node;
        for (const r of stepRefs([site.expr])) {
          const target = scope.steps.get(r.step);
          if (target !== undefined) depend(owner, site.path, target.node, r.loc);
        }
      }
      for (const { node, path } of scope.nodes) {
        if (!isNamedNode(node)) continue;
        for (const a of node.after) {
          const target = scope.steps.get(a.step);
          if (target !== undefined) depend(node, path, target.node, a.loc);
        }
      }
      // Edges in source order, so that the path of a cycle and its related locations read top-down.
      edges.sort((x, y) => x.loc.line - y.loc.line || x.loc.col - y.loc.col);

      for (const cycle of findCycles([...display.keys()], edges)) {
        const start = display.get(cycle[0].from)!;
        const label = (id: string): string => display.get(id)!.label;
        const related = cycle.map((e) => ({ message: `'${label(e.from)}' depends on '${label(e.to)}' here.`, loc: e.loc }));
        out.push(M.cycle.atWith(start.loc, related, [...cycle.map((e) => label(e.from)), label(cycle[0].from)].join(" -> ")));
      }
    }
    return out;
  },
};
