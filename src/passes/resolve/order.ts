import { isNamedNode, walkNodes, type NamedNode } from "../../ir/query/walk.js";
import type { Pipeline } from "../../ir/types.js";

/** The orders in which back ends visit a pipeline's tasks (its steps, importers and deploys). */
export interface TaskOrder {
  /** Source order: the body, then the `finally` block, each depth first (loops and branches in place). */
  readonly source: readonly NamedNode[];
  /**
   * The order the KFP SDK creates tasks in, which numbers its components: the `finally` block first
   * (an exit task exists before the exit handler that holds the body), its top-level tasks before
   * those nested in its conditions and loops, then the body; each part in source order.
   */
  readonly creation: readonly NamedNode[];
}

/** The task orders of `pipeline` (its own nodes; a called pipeline has its own). */
export function taskOrder(pipeline: Pipeline): TaskOrder {
  const placed = walkNodes(pipeline).filter((p): p is typeof p & { node: NamedNode } => isNamedNode(p.node));
  const isFinally = (p: (typeof placed)[number]): boolean => p.path[0]?.kind === "finally";
  const source = placed.map((p) => p.node);
  const finallyTop = placed.filter((p) => isFinally(p) && p.path.length === 1);
  const finallyNested = placed.filter((p) => isFinally(p) && p.path.length > 1);
  const body = placed.filter((p) => !isFinally(p));
  const creation = [...finallyTop, ...finallyNested, ...body].map((p) => p.node);
  return { source, creation };
}
