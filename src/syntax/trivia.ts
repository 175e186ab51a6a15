import type { CstNode, IToken } from "chevrotain";
import type { LineMap } from "./line-map.js";

/**
 * Where a comment sits relative to the tree, the way formatters attach trivia:
 * - `leading`: the comment is on a line of its own (or ends a line with no node before it on that
 *   line) and a node follows it; it belongs to that node.
 * - `trailing`: the comment follows a node on the same line (`image "x"  # pinned`), or nothing
 *   follows it in its block (a comment at the end of the file or of a block).
 * - `dangling`: the comment is inside a node with no child node at all (an empty block); `node` is
 *   undefined for a comment in a file without declarations.
 * The node is always the outermost one at that place: a statement rather than its call, a `topLevel`
 * rather than the declaration it wraps.
 */
export type Placement = "leading" | "trailing" | "dangling";

export interface AttachedComment {
  readonly comment: IToken;
  readonly placement: Placement;
  readonly node?: CstNode;
}

export interface Trivia {
  /** One entry per comment, in source order. */
  readonly comments: readonly AttachedComment[];
  /** The comments attached to `node` with `placement`, in source order. */
  of(node: CstNode, placement: Placement): readonly IToken[];
}

/**
 * Attaches every comment to its nearest node. `files` are the parser's `file` nodes (several after a
 * stray token); nodes error recovery made without a location are passed over.
 */
export function attachComments(files: readonly CstNode[], comments: readonly IToken[], lines: LineMap): Trivia {
  const roots = files.flatMap(childNodes);
  const attached: AttachedComment[] = [];
  const byNode = new Map<CstNode, Record<Placement, IToken[]>>();
  for (const comment of comments) {
    const a = attach(roots, comment, lines);
    attached.push(a);
    if (a.node === undefined) continue;
    let slot = byNode.get(a.node);
    if (slot === undefined) byNode.set(a.node, (slot = { leading: [], trailing: [], dangling: [] }));
    slot[a.placement].push(comment);
  }
  return { comments: attached, of: (node, placement) => byNode.get(node)?.[placement] ?? [] };
}

function attach(roots: readonly CstNode[], comment: IToken, lines: LineMap): AttachedComment {
  const at = comment.startOffset;
  let enclosing: CstNode | undefined;
  let children = roots;
  for (;;) {
    const inside = children.find((n) => start(n) <= at && at <= end(n));
    if (inside === undefined) break;
    enclosing = inside;
    children = childNodes(inside);
  }
  let preceding: CstNode | undefined;
  let following: CstNode | undefined;
  for (const n of children) {
    if (end(n) < at) preceding = n;
    else if (start(n) > at) {
      following = n;
      break;
    }
  }
  const line = lines.position(at).line;
  if (preceding !== undefined && lines.position(end(preceding)).line === line) return { comment, placement: "trailing", node: preceding };
  if (following !== undefined) return { comment, placement: "leading", node: following };
  if (preceding !== undefined) return { comment, placement: "trailing", node: preceding };
  return { comment, placement: "dangling", node: enclosing };
}

/** The child nodes (not tokens) of `node` that have a location, in source order. */
function childNodes(node: CstNode): CstNode[] {
  const out: CstNode[] = [];
  for (const list of Object.values(node.children)) {
    for (const c of list) if ("children" in c && !Number.isNaN(start(c)) && !Number.isNaN(end(c))) out.push(c);
  }
  return out.sort((a, b) => start(a) - start(b));
}

function start(n: CstNode): number {
  return n.location?.startOffset ?? Number.NaN;
}

function end(n: CstNode): number {
  return n.location?.endOffset ?? Number.NaN;
}
