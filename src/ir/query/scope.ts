import type { Expr, Loop, Node, Param, Pipeline, Program } from "../types.js";
import { compareLocs } from "./locs.js";
import { exprSites, namedNodes, subExpressions, walkNodes, type ExprSite, type NamedNode, type Path, type Placed } from "./walk.js";

/** What a pipeline declares, indexed once for the rules that look names up in it. */
export interface PipelineScope {
  readonly program: Program;
  readonly pipeline: Pipeline;
  /** Every node, parents first. */
  readonly nodes: readonly Placed<Node>[];
  /** Steps, importers and deploys by name (the first declared, when a name is declared twice). */
  readonly steps: ReadonlyMap<string, Placed<NamedNode>>;
  readonly params: ReadonlyMap<string, Param>;
  /** Every loop, with the path around it. */
  readonly loops: ReadonlyMap<Loop, Path>;
  readonly sites: readonly ExprSite[];
  /** Every distinct expression of the sites, sub-expressions included, each once with its site. */
  readonly expressions: readonly { readonly expr: Expr; readonly site: ExprSite }[];
  /** The site of each of `expressions` (the first, for an expression shared by several sites). */
  readonly siteOf: ReadonlyMap<Expr, ExprSite>;
}

const cache = new WeakMap<Pipeline, WeakMap<Program, PipelineScope>>();

export function pipelineScope(program: Program, pipeline: Pipeline): PipelineScope {
  let byProgram = cache.get(pipeline);
  if (byProgram === undefined) cache.set(pipeline, (byProgram = new WeakMap()));
  const cached = byProgram.get(program);
  if (cached !== undefined) return cached;

  const nodes = walkNodes(pipeline);
  const steps = new Map<string, Placed<NamedNode>>();
  for (const p of namedNodes(nodes)) {
    const seen = steps.get(p.node.name);
    if (seen === undefined || compareLocs(p.node.loc, seen.node.loc) < 0) steps.set(p.node.name, p);
  }
  const params = new Map<string, Param>();
  for (const p of pipeline.params) {
    const seen = params.get(p.name);
    if (seen === undefined || compareLocs(p.loc, seen.loc) < 0) params.set(p.name, p);
  }
  const loops = new Map<Loop, Path>();
  for (const { node, path } of nodes) if (node.kind === "loop") loops.set(node, path);

  const sites = exprSites(program, pipeline, nodes);
  const siteOf = new Map<Expr, ExprSite>();
  const expressions: { expr: Expr; site: ExprSite }[] = [];
  for (const site of sites) {
    for (const expr of subExpressions(site.expr)) {
      if (siteOf.has(expr)) continue;
      siteOf.set(expr, site);
      expressions.push({ expr, site });
    }
  }
  const scope: PipelineScope = { program, pipeline, nodes, steps, params, loops, sites, expressions, siteOf };
  byProgram.set(program, scope);
  return scope;
}

/** The loop variables of every loop in the pipeline (for suggestions). */
export function loopVariables(scope: PipelineScope): string[] {
  return [...new Set([...scope.loops.keys()].map((l) => l.variable))];
}
