/**
 * The picture of one pipeline, independent of the output format: nodes (steps, importers, deployed
 * serves), clusters (loops, condition branches, `finally`, called pipelines) and edges (data edges
 * labelled `output → input`, `after` edges). Ids are stable: they come from step names and the
 * position of each block, never from iteration over hash maps.
 */
import type { Expr, Node, Pipeline, Program, Step } from "../ir/types.js";
import { parseImageRef } from "../ir/image-ref.js";
import { findServe, resolveCall } from "../ir/query/callee.js";
import { branchWord, subExpressions } from "../ir/query/walk.js";
import type { PipelineCachePlan, StepCachePlan } from "../passes/optimize/cache.js";

export type NodeShape = "step" | "importer" | "deploy";
export type ClusterKind = "loop" | "branch" | "finally" | "pipeline";

export interface GraphNode {
  readonly id: string;
  readonly shape: NodeShape;
  /** Lines of the label: the name first. */
  readonly lines: readonly string[];
  /** The innermost cluster around the node. */
  readonly cluster?: string;
}

export interface GraphCluster {
  readonly id: string;
  readonly kind: ClusterKind;
  readonly label: string;
  readonly parent?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: "data" | "after";
  /** `output → input` for data edges. */
  readonly label?: string;
}

export interface Graph {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly clusters: readonly GraphCluster[];
  readonly edges: readonly GraphEdge[];
}

/** The nodes that stand for each step of a pipeline scope, per output (a called pipeline's step is several). */
interface Scope {
  readonly exits: Map<string, (output: string | undefined) => string[]>;
}

interface Expanded {
  /** The nodes that take `input` of the called pipeline (its entry nodes when none or unknown). */
  entryFor(input: string | undefined): string[];
  /** The nodes that produce `output` (its exit nodes when none or unknown). */
  exitFor(output: string | undefined): string[];
}

/**
 * Builds the graph of `pipeline`; called pipelines are expanded as nested clusters. With the
 * optimizer's cache plan of the run, each step says whether it is cached, and if not, why in a word.
 */
export function buildGraph(program: Program, pipeline: Pipeline, cache?: PipelineCachePlan): Graph {
  const planned = new Map<string, StepCachePlan>();
  for (const e of cache?.entries ?? []) if (!planned.has(e.path)) planned.set(e.path, e);
  const nodes: GraphNode[] = [];
  const clusters: GraphCluster[] = [];
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  const addEdge = (e: GraphEdge): void => {
    const key = JSON.stringify([e.from, e.to, e.kind, e.label]);
    if (edgeKeys.has(key) || e.from === e.to) return;
    edgeKeys.add(key);
    edges.push(e);
  };

  /** Adds the nodes of `p` under `prefix`; returns the scope's ports for a caller. */
  const expand = (p: Pipeline, prefix: string, parent: string | undefined, stack: readonly string[]): Expanded => {
    const scope: Scope = { exits: new Map() };
    const paramUsers = new Map<string, string[]>();
    const allIds: string[] = [];
    const pending: (() => void)[] = [];
    let blockCount = 0;

    const visit = (block: readonly Node[], cluster: string | undefined): void => {
      for (const node of block) {
        if (node.kind === "loop") {
          const id = `${prefix}loop${blockCount++}`;
          const par = node.parallelism === undefined ? "" : ` (parallel ${node.parallelism})`;
          clusters.push({ id, kind: "loop", label: `for ${node.variable} in ${exprText(node.items)}${par}`, parent: cluster });
          visit(node.body, id);
          continue;
        }
        if (node.kind === "condition") {
          node.branches.forEach((branch, index) => {
            const id = `${prefix}branch${blockCount++}`;
            const word = branchWord(branch, index);
            clusters.push({ id, kind: "branch", label: branch.condition === undefined ? word : `${word} ${exprText(branch.condition)}`, parent: cluster });
            visit(branch.body, id);
          });
          continue;
        }
        const id = `${prefix}${node.name}`;
        if (node.kind === "step") {
          const callee = resolveCall(program, node.call);
          if (callee?.kind === "pipeline" && !stack.includes(callee.name)) {
            const sub = `${id}/`;
            clusters.push({ id: `${prefix}call:${node.name}`, kind: "pipeline", label: `${node.name}: ${callee.name}`, parent: cluster });
            const inner = expand(callee.pipeline, sub, `${prefix}call:${node.name}`, [...stack, callee.name]);
            scope.exits.set(node.name, (output) => inner.exitFor(output));
            pending.push(() => addDependencies(node, node.after, inner.entryFor));
            continue;
          }
          // The plan names a step inside a called pipeline `call.step`; the graph's ids are `call/step`.
          const plan = cache === undefined ? undefined : planned.get(id.replaceAll("/", "."));
          nodes.push({ id, shape: "step", lines: [...stepLines(program, node), ...(plan === undefined ? [] : [cacheLine(plan)])], cluster });
        } else if (node.kind === "importer") {
          nodes.push({ id, shape: "importer", lines: [node.name, `importer · ${node.artifactType.name}`], cluster });
        } else {
          const serve = findServe(program, node.serve);
          const format = serve === undefined ? "" : ` · ${serve.model.format}`;
          nodes.push({ id, shape: "deploy", lines: [node.name, `deploy ${node.serve}${format}`], cluster });
        }
        allIds.push(id);
        scope.exits.set(node.name, () => [id]);
        pending.push(() => addDependencies(node, node.after, () => [id]));
      }
    };

    /** The data and `after` edges into `node` (whose nodes for an input are `targets(input)`). */
    const addDependencies = (
      node: Node,
      after: readonly { readonly step: string }[],
      targets: (input: string | undefined) => string[],
    ): void => {
      const exprs: { input: string; expr: Expr }[] = [];
      if (node.kind === "step") for (const a of node.arguments) exprs.push({ input: a.name, expr: a.value });
      if (node.kind === "step") for (const e of node.settings.env ?? []) if (e.source.kind === "value") exprs.push({ input: e.name, expr: e.source.value });
      if (node.kind === "importer") exprs.push({ input: "uri", expr: node.uri });
      if (node.kind === "deploy") {
        const serve = findServe(program, node.serve);
        if (serve !== undefined) exprs.push({ input: "storage", expr: serve.model.storage });
      }
      for (const { input, expr } of exprs) {
        for (const sub of subExpressions(expr)) {
          if (sub.kind === "param") {
            const users = paramUsers.get(sub.name) ?? [];
            for (const t of targets(input)) if (!users.includes(t)) users.push(t);
            paramUsers.set(sub.name, users);
          }
          if (sub.kind !== "output" && sub.kind !== "collect") continue;
          const from = scope.exits.get(sub.step)?.(sub.output) ?? [];
          for (const f of from) for (const t of targets(input)) addEdge({ from: f, to: t, kind: "data", label: `${sub.output} → ${input}` });
        }
      }
      for (const a of after) {
        const from = scope.exits.get(a.step)?.(undefined) ?? [];
        for (const f of from) for (const t of targets(undefined)) addEdge({ from: f, to: t, kind: "after" });
      }
    };

    visit(p.body, parent);
    if (p.exitHandler !== undefined) {
      const id = `${prefix}finally`;
      clusters.push({ id, kind: "finally", label: "finally", parent });
      visit(p.exitHandler.body, id);
    }
    for (const run of pending) run();

    const leafIds = (): string[] => {
      const withOut = new Set(edges.filter((e) => allIds.includes(e.from) && allIds.includes(e.to)).map((e) => e.from));
      return allIds.filter((id) => !withOut.has(id));
    };
    const rootIds = (): string[] => {
      const withIn = new Set(edges.filter((e) => allIds.includes(e.from) && allIds.includes(e.to)).map((e) => e.to));
      return allIds.filter((id) => !withIn.has(id));
    };
    return {
      entryFor: (input: string | undefined): string[] => (input !== undefined && paramUsers.has(input) ? paramUsers.get(input)! : rootIds()),
      exitFor: (output: string | undefined): string[] => {
        const o = output === undefined ? undefined : p.outputs.find((x) => x.name === output);
        if (o === undefined) return leafIds();
        const found = subExpressions(o.value).flatMap((e) => (e.kind === "output" || e.kind === "collect" ? (scope.exits.get(e.step)?.(e.output) ?? []) : []));
        return found.length > 0 ? found : leafIds();
      },
    };
  };

  expand(pipeline, "", undefined, [pipeline.name]);
  return { name: pipeline.name, nodes, clusters, edges };
}


function stepLines(program: Program, step: Step): string[] {
  const lines = [step.name];
  const callee = resolveCall(program, step.call);
  const component = callee?.kind === "component" ? callee.component : undefined;
  let head = step.call.name;
  if (component !== undefined) {
    const ref = parseImageRef(component.image.ref);
    if (!("error" in ref)) head += ` · ${ref.tag ?? (ref.digest !== undefined ? ref.digest.slice(0, 19) : "latest")}`;
  }
  lines.push(head);
  const gpu = step.settings.resources?.gpu ?? component?.settings.resources?.gpu;
  if (gpu !== undefined) lines.push(`GPU ×${gpu.count}${gpu.type === undefined ? "" : ` ${gpu.type}`}${gpu.mig === undefined ? "" : ` · MIG ${gpu.mig}`}`);
  return lines;
}

/** Whether the step is cached, and if not why, in a few words (`mlpc explain` says it in full). */
function cacheLine(plan: StepCachePlan): string {
  if (plan.cached) return "cached";
  const why: Record<NonNullable<StepCachePlan["reason"]>["kind"], string> = {
    cachingOff: "caching off",
    sideEffects: "side effects",
    unpinnedImage: "image not pinned",
    nonDeterministic: "input differs per run",
    upstreamNotCached: "upstream not cached",
  };
  return `not cached · ${plan.reason === undefined ? "" : why[plan.reason.kind]}`.trimEnd();
}

/** An expression as the user would write it, for cluster labels. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case "string":
      return JSON.stringify(e.value);
    case "number":
      return String(e.value);
    case "bool":
      return String(e.value);
    case "null":
      return "null";
    case "list":
      return `[${e.items.map(exprText).join(", ")}]`;
    case "struct":
      return `{${e.fields.map((f) => `${f.name}: ${exprText(f.value)}`).join(", ")}}`;
    case "param":
      return e.name;
    case "output":
      return `${e.step}.${e.output}`;
    case "loopItem":
      return e.field === undefined ? e.loop : `${e.loop}.${e.field}`;
    case "collect":
      return `collect(${e.step}.${e.output})`;
    case "oneof":
      return `oneOf(${e.options.map(exprText).join(", ")})`;
    case "interpolation":
      return JSON.stringify(e.parts.map((p) => (typeof p === "string" ? p : `\${${exprText(p)}}`)).join(""));
    case "status":
      return "pipeline.status";
    case "compare":
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case "and":
    case "or":
      return `${wrap(e.left, e.kind)} ${e.kind} ${wrap(e.right, e.kind)}`;
    case "not":
      return `not ${wrap(e.operand, "not")}`;
  }
}

/** `e` inside an operand of `parent`, parenthesised when the operators bind it otherwise (`not` > `and` > `or`). */
function wrap(e: Expr, parent: "and" | "or" | "not"): string {
  const needs = parent === "not" ? e.kind === "and" || e.kind === "or" || e.kind === "compare" : parent === "and" && e.kind === "or";
  return needs ? `(${exprText(e)})` : exprText(e);
}
