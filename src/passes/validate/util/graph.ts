import type { Loc } from "../../../ir/types.js";

/** A dependency `from → to`, written at `loc`. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly loc: Loc;
}

/**
 * One cycle per strongly connected component of the graph that has a cycle (two or more nodes, or a
 * node depending on itself): the shortest path from the component's first node (in `nodes` order) back
 * to itself, as its edges. Deterministic for the same `nodes` and edge order.
 */
export function findCycles(nodes: readonly string[], edges: readonly Edge[]): Edge[][] {
  const out = new Map<string, Edge[]>();
  for (const n of nodes) out.set(n, []);
  for (const e of edges) if (out.has(e.from) && out.has(e.to)) out.get(e.from)!.push(e);

  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const e of out.get(v)!) {
      if (!index.has(e.to)) {
        connect(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) {
        low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);

  const order = new Map(nodes.map((n, i) => [n, i]));
  const cycles: { first: number; edges: Edge[] }[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = component.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
    const self = out.get(start)!.find((e) => e.to === start);
    if (component.length === 1) {
      if (self !== undefined) cycles.push({ first: order.get(start)!, edges: [self] });
      continue;
    }
    // Breadth-first from `start` inside the component, until an edge leads back to `start`.
    const via = new Map<string, Edge>();
    const queue = [start];
    let closing: Edge | undefined;
    for (let i = 0; i < queue.length && closing === undefined; i++) {
      for (const e of out.get(queue[i])!) {
        if (!members.has(e.to)) continue;
        if (e.to === start) {
          closing = e;
          break;
        }
        if (!via.has(e.to)) {
          via.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    if (closing === undefined) continue; // unreachable: a component of two or more nodes has a cycle through any member
    const path: Edge[] = [closing];
    for (let at = closing.from; at !== start; ) {
      const e = via.get(at)!;
      path.unshift(e);
      at = e.from;
    }
    cycles.push({ first: order.get(start)!, edges: path });
  }
  return cycles.sort((a, b) => a.first - b.first).map((c) => c.edges);
}

/** `a -> b -> a`. */
export function cyclePath(edges: readonly Edge[]): string {
  return [...edges.map((e) => e.from), edges[0].from].join(" -> ");
}
