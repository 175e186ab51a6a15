import type { Loc } from "../ir/types.js";

/**
 * Turns offsets into 1-based line and column numbers. Tokens and tree nodes carry only offsets
 * (cheaper to build and keep for large files); locations are computed when the IR is made.
 * Columns count UTF-16 code units, like editors' and tsc's columns; `\r\n`, `\r` and `\n` end lines.
 */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Line (1-based) and column (1-based) of an offset; offsets past the end clamp to the end. */
  position(offset: number): { line: number; col: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - this.starts[lo] + 1 };
  }

  /** The offset of a 1-based line and column (clamped to the text). */
  offset(line: number, col: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
    return Math.max(0, Math.min(start + col - 1, this.text.length));
  }

  /** The location of `[start, end)`. */
  span(start: number, end: number): Loc {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { file: this.file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }

  /**
   * The location of a token (start offset and image) or a tree node (start and inclusive end offset,
   * chevrotain's convention).
   */
  of(x: Span): Loc {
    return this.span(x.startOffset, endOf(x));
  }

  /** The location spanning from the start of `a` to the end of `b`. */
  between(a: Span, b: Span): Loc {
    return this.span(a.startOffset, endOf(b));
  }
}

/** A token (`image`) or a node location (`endOffset`, inclusive). */
export type Span = { readonly startOffset: number; readonly endOffset?: number; readonly image?: string };

function endOf(x: Span): number {
  if (x.image !== undefined) return x.startOffset + x.image.length;
  if (x.endOffset === undefined || Number.isNaN(x.endOffset)) return x.startOffset;
  return x.endOffset + 1;
}
