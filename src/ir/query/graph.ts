import type { Loc } from "../types.js";

/** A dependency `from → to`, written at `loc`. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly loc: Loc;
}

/**
 * The cycles of a graph, as their edges: every node that depends on itself, and one cycle per strongly
 * connected component of two or more nodes (the shortest path from its first node, in `nodes` order,
 * back to itself). Ordered by first node; deterministic for the same `nodes` and edge order.
 */
export function findCycles(nodes: readonly string[], edges: readonly Edge[]): Edge[][] {
  // Work on indices: names come from user data and are only ever used as map keys.
  const id = new Map<string, number>();
  for (const n of nodes) if (!id.has(n)) id.set(n, id.size);
  const count = id.size;
  const out: { to: number; edge: Edge }[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    const from = id.get(e.from);
    const to = id.get(e.to);
    if (from !== undefined && to !== undefined) out[from].push({ to, edge: e });
  }

  // Tarjan's strongly connected components.
  const index: number[] = new Array<number>(count).fill(-1);
  const low: number[] = new Array<number>(count).fill(0);
  const onStack: boolean[] = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  const connect = (v: number): void => {
    index[v] = low[v] = next++;
    stack.push(v);
    onStack[v] = true;
    for (const { to } of out[v]) {
      if (index[to] < 0) {
        connect(to);
        low[v] = Math.min(low[v], low[to]);
      } else if (onStack[to]) {
        low[v] = Math.min(low[v], index[to]);
      }
    }
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (let v = 0; v < count; v++) if (index[v] < 0) connect(v);

  const cycles: { first: number; edges: Edge[] }[] = [];
  for (const component of components) {
    // A node that depends on itself is its own problem, even inside a larger cycle.
    for (const v of component) {
      const self = out[v].find((e) => e.to === v);
      if (self !== undefined) cycles.push({ first: v, edges: [self.edge] });
    }
    if (component.length === 1) continue;
    const members = new Set(component);
    const start = Math.min(...component);
    // Breadth-first from `start` inside the component, until an edge leads back to `start`.
    const via = new Map<number, { from: number; edge: Edge }>();
    const queue = [start];
    let closing: { from: number; edge: Edge } | undefined;
    for (let i = 0; i < queue.length && closing === undefined; i++) {
      const v = queue[i];
      for (const { to, edge } of out[v]) {
        if (!members.has(to) || to === v) continue;
        if (to === start) {
          closing = { from: v, edge };
          break;
        }
        if (!via.has(to)) {
          via.set(to, { from: v, edge });
          queue.push(to);
        }
      }
    }
    if (closing === undefined) continue; // unreachable: a component of two or more nodes has a cycle through any member
    const path: Edge[] = [closing.edge];
    for (let at = closing.from; at !== start; ) {
      const step = via.get(at)!;
      path.unshift(step.edge);
      at = step.from;
    }
    cycles.push({ first: start, edges: path });
  }
  return cycles.sort((a, b) => a.first - b.first || a.edges.length - b.edges.length).map((c) => c.edges);
}

/** `a -> b -> a`. */
export function cyclePath(edges: readonly Edge[]): string {
  return [...edges.map((e) => e.from), edges[0].from].join(" -> ");
}
