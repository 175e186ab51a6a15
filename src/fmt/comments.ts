import type { CstNode, IToken } from "chevrotain";
import { builders } from "prettier/doc";
import type { FormatSource } from "./source.js";

type Doc = builders.Doc;
const { hardline } = builders;

/**
 * The comments of one formatting run and which of them are printed. Every comment is printed exactly
 * once; `unprinted` lets the printer check that at the end.
 */
export class Comments {
  private readonly printed = new Set<IToken>();

  constructor(private readonly source: FormatSource) {}

  /** The comments before `node` (own-line ones, or ones ending a line with no node before them). */
  leading(node: CstNode): readonly IToken[] {
    return this.source.trivia.of(node, "leading");
  }

  /** The comments after `node`: the first may share its last line, the others are on lines of their own. */
  trailing(node: CstNode): readonly IToken[] {
    return this.source.trivia.of(node, "trailing");
  }

  /** The comments inside `node` when it has no child node (an empty block). */
  dangling(node: CstNode): readonly IToken[] {
    return this.source.trivia.of(node, "dangling");
  }

  /** Whether the comment is on the line `node` ends on. */
  sameLine(comment: IToken, node: CstNode): boolean {
    return this.line(comment.startOffset) === this.line(endOf(node) - 1);
  }

  /** Whether an empty line separates the offsets `from` (exclusive end of something) and `to`. */
  blankBetween(from: number, to: number): boolean {
    return this.line(to) - this.line(Math.max(0, from - 1)) > 1;
  }

  /** Marks `comment` printed and returns its text (trailing blanks dropped). */
  take(comment: IToken): string {
    if (this.printed.has(comment)) throw new Error(`the comment at offset ${comment.startOffset} is printed twice`);
    this.printed.add(comment);
    return comment.image.trimEnd();
  }

  /** Whether the comment is printed already. */
  isPrinted(comment: IToken): boolean {
    return this.printed.has(comment);
  }

  /** The comments not printed yet, in source order. */
  unprinted(): IToken[] {
    return this.source.commentTokens.filter((c) => !this.printed.has(c));
  }

  /**
   * Own-line comments, each on a line (a blank line kept before each where the source has one after
   * `after`), for the end of a block or list: `[hardline, "# a", hardline, "# b"]`.
   */
  ownLines(comments: readonly IToken[], after: number): Doc[] {
    const parts: Doc[] = [];
    let end = after;
    for (const c of comments) {
      parts.push(hardline);
      if (this.blankBetween(end, c.startOffset)) parts.push(hardline);
      parts.push(this.take(c));
      end = c.startOffset + c.image.length;
    }
    return parts;
  }

  /** Comments before a node on lines of their own: each followed by a line break (and a blank line where the source has one). */
  before(comments: readonly IToken[], nodeStart: number): Doc[] {
    const parts: Doc[] = [];
    comments.forEach((c, i) => {
      parts.push(this.take(c), hardline);
      const next = i + 1 < comments.length ? comments[i + 1].startOffset : nodeStart;
      if (this.blankBetween(c.startOffset + c.image.length, next)) parts.push(hardline);
    });
    return parts;
  }

  private line(offset: number): number {
    return this.source.lines.position(offset).line;
  }
}

/** Start offset of a node. */
export function startOf(node: CstNode): number {
  return node.location!.startOffset;
}

/** End offset (exclusive) of a node. */
export function endOf(node: CstNode): number {
  return node.location!.endOffset! + 1;
}
