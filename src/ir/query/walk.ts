import type {
  Argument,
  Branch,
  Condition,
  Deploy,
  Expr,
  Importer,
  Loc,
  Loop,
  Node,
  Pipeline,
  PipelineOutput,
  Program,
  Settings,
  Step,
} from "../types.js";
import { findServe } from "./callee.js";

/** A block that encloses nodes of a pipeline: a loop body, one branch of a condition, the exit handler. */
export type Container =
  | { readonly kind: "loop"; readonly loop: Loop }
  | { readonly kind: "branch"; readonly condition: Condition; readonly branch: Branch; readonly index: number }
  | { readonly kind: "finally"; readonly handler: NonNullable<Pipeline["exitHandler"]> };

/** How the branch at `index` of an `if` is written: `if`, `elif` or `else`. */
export function branchWord(branch: Branch, index: number): "if" | "elif" | "else" {
  return branch.condition === undefined ? "else" : index === 0 ? "if" : "elif";
}

/** The containers around a node or expression, outermost first. */
export type Path = readonly Container[];

/** A node that has a name other nodes can refer to. */
export type NamedNode = Step | Importer | Deploy;

export interface Placed<N> {
  readonly node: N;
  readonly path: Path;
}

export function isNamedNode(node: Node): node is NamedNode {
  return node.kind === "step" || node.kind === "importer" || node.kind === "deploy";
}

export function containerLoc(c: Container): Loc {
  switch (c.kind) {
    case "loop":
      return c.loop.loc;
    case "branch":
      return c.branch.loc;
    case "finally":
      return c.handler.loc;
  }
}

function containerKey(c: Container): object {
  return c.kind === "loop" ? c.loop : c.kind === "branch" ? c.branch : c.handler;
}

export function sameContainer(a: Container, b: Container): boolean {
  return containerKey(a) === containerKey(b);
}

/** The index of the first container of `inner` that `outer` does not have; -1 when `inner` is a prefix of `outer`. */
export function divergence(inner: Path, outer: Path): number {
  for (let i = 0; i < inner.length; i++) {
    if (i >= outer.length || !sameContainer(inner[i], outer[i])) return i;
  }
  return -1;
}

/** The innermost loop of `path` whose variable is `variable`. */
export function enclosingLoop(path: Path, variable: string): Loop | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const c = path[i];
    if (c.kind === "loop" && c.loop.variable === variable) return c.loop;
  }
  return undefined;
}

export function inFinally(path: Path): boolean {
  return path.some((c) => c.kind === "finally");
}

/** Every node of a pipeline (body, then exit handler), parents before children, with its containers. */
export function walkNodes(pipeline: Pipeline): Placed<Node>[] {
  const out = walkBlock(pipeline.body);
  if (pipeline.exitHandler !== undefined) out.push(...walkBlock(pipeline.exitHandler.body, [{ kind: "finally", handler: pipeline.exitHandler }]));
  return out;
}

/** Every node of a block and the blocks inside it, parents before children, with the containers from `path` on. */
export function walkBlock(nodes: readonly Node[], path: Path = []): Placed<Node>[] {
  const out: Placed<Node>[] = [];
  const visit = (block: readonly Node[], at: Path): void => {
    for (const node of block) {
      out.push({ node, path: at });
      if (node.kind === "loop") visit(node.body, [...at, { kind: "loop", loop: node }]);
      else if (node.kind === "condition") {
        node.branches.forEach((branch, index) => visit(branch.body, [...at, { kind: "branch", condition: node, branch, index }]));
      }
    }
  };
  visit(nodes, path);
  return out;
}

/** The expression and all expressions inside it, parents first. */
export function subExpressions(expr: Expr): Expr[] {
  const out: Expr[] = [];
  const visit = (e: Expr): void => {
    out.push(e);
    switch (e.kind) {
      case "list":
        e.items.forEach(visit);
        break;
      case "struct":
        e.fields.forEach((f) => visit(f.value));
        break;
      case "interpolation":
        for (const p of e.parts) if (typeof p !== "string") visit(p);
        break;
      case "compare":
      case "and":
      case "or":
        visit(e.left);
        visit(e.right);
        break;
      case "not":
        visit(e.operand);
        break;
      case "oneof":
        e.options.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return out;
}

export type SiteKind =
  | "argument"
  | "env"
  | "condition"
  | "loopItems"
  | "importerUri"
  | "importerMetadata"
  | "serveStorage"
  | "pipelineOutput";

/** An expression written in a pipeline, with where it is evaluated. */
export interface ExprSite {
  readonly expr: Expr;
  readonly kind: SiteKind;
  /** The containers the expression is evaluated in (a condition and a loop's items: those around it). */
  readonly path: Path;
  /** The node the expression belongs to (for a condition, the `Condition`; for loop items, the `Loop`). */
  readonly owner: Node | PipelineOutput;
  readonly argument?: Argument;
}

/**
 * Every expression of a pipeline: step arguments and env values, conditions, loop items, importer URIs
 * and metadata, the storage of a serve deployed by the pipeline, and pipeline outputs.
 */
export function exprSites(program: Program, pipeline: Pipeline, nodes: readonly Placed<Node>[] = walkNodes(pipeline)): ExprSite[] {
  const out: ExprSite[] = [];
  for (const { node, path } of nodes) {
    switch (node.kind) {
      case "step":
        for (const argument of node.arguments) out.push({ expr: argument.value, kind: "argument", path, owner: node, argument });
        for (const env of node.settings.env ?? []) {
          if (env.source.kind === "value") out.push({ expr: env.source.value, kind: "env", path, owner: node });
        }
        break;
      case "importer":
        out.push({ expr: node.uri, kind: "importerUri", path, owner: node });
        for (const m of node.metadata) out.push({ expr: m.value, kind: "importerMetadata", path, owner: node });
        break;
      case "deploy": {
        const serve = findServe(program, node.serve);
        if (serve !== undefined) out.push({ expr: serve.model.storage, kind: "serveStorage", path, owner: node });
        break;
      }
      case "condition":
        for (const b of node.branches) {
          if (b.condition !== undefined) out.push({ expr: b.condition, kind: "condition", path, owner: node });
        }
        break;
      case "loop":
        out.push({ expr: node.items, kind: "loopItems", path, owner: node });
        break;
    }
  }
  for (const o of pipeline.outputs) out.push({ expr: o.value, kind: "pipelineOutput", path: [], owner: o });
  return out;
}

/** Every named node of `nodes` */
export function namedNodes(nodes: readonly Placed<Node>[]): Placed<NamedNode>[] {
  return nodes.filter((p): p is Placed<NamedNode> => isNamedNode(p.node));
}

/** Every `Settings` of a program: components, pipelines and their steps, tunes, serves and transformers. */
export function allSettings(program: Program): Settings[] {
  const out: Settings[] = [];
  for (const c of program.components) out.push(c.settings);
  for (const p of program.pipelines) {
    out.push(p.settings);
    for (const { node } of walkNodes(p)) if (node.kind === "step") out.push(node.settings);
  }
  for (const t of program.tunes) out.push(t.settings);
  for (const s of program.serves) {
    out.push(s.settings);
    if (s.transformer !== undefined) out.push(s.transformer.settings);
  }
  return out;
}
