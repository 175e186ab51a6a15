import type { CstNode, IToken, TokenType } from "chevrotain";
import { builders, printer } from "prettier/doc";
import * as T from "../syntax/lexer.js";
import { commandLines } from "./command-lines.js";
import { Comments, endOf, startOf } from "./comments.js";
import type { FormatSource } from "./source.js";

type Doc = builders.Doc;
const { align, breakParent, group, hardline, ifBreak, indent, join, line, lineSuffix, lineSuffixBoundary, literalline, softline } = builders;

/**
 * Before an opening bracket that a line break may follow: a comment still waiting for the end of the
 * line (one from the middle of a clause) ends the line here, so that it does not land after the
 * bracket, where the next run would read it as the first item's comment.
 */
const OPEN = lineSuffixBoundary;

/**
 * The .mlpipe printer: the parser's tree to a prettier document. The layout rules (docs/language.md,
 * "Formatting"):
 *
 * - declarations and blocks put one item per line, keep one blank line where the source has one or
 *   more, and put a blank line between top-level declarations (imports may stay together);
 * - in a component (and a serve's transformer) the keywords `image`, `input`, `output`, `run`, `args`
 *   and `env` are padded so their values start in one column, as the examples are written;
 * - the `=` of consecutive named steps line up (a blank line or another statement ends the run);
 * - lists, structs, call arguments and imported names stay on one line when they fit and otherwise
 *   take one item per line with a trailing comma; a list or struct written with a line break after its
 *   opening bracket stays broken, so short tables of tolerations or env vars remain tables;
 * - `run [...]` and `args [...]` lists that break keep the command on the first line and give each
 *   flag a line with its values (command-lines.ts), hanging under the first item;
 * - every other clause is its tokens separated by single spaces (no space before `,` `:` `?` or after
 *   `-` in `-1`), so a keyword clause added to the grammar prints without a change here.
 *
 * Comments: a comment on a line of its own stays on a line of its own before the item it precedes
 * (or after the last item of its block or list); a comment at the end of a line stays at the end of
 * the line of the item it follows, and those of consecutive one-line items line up. A comment in the
 * middle of a clause (between `retry 3` and `backoff`) moves to the end of its item's line; when that
 * item has several, all but the last go on lines of their own before it. Each choice is one the
 * next run reads back the same way, so formatting is idempotent (test/fmt/property.test.ts).
 */
export function printSource(source: FormatSource, options: LayoutOptions): Doc {
  const p = new Printer(source, options);
  const doc = p.root();
  const left = p.comments.unprinted();
  if (left.length > 0) throw new Error(`the formatter dropped the comment at offset ${left[0].startOffset}`);
  return doc;
}

type Child = CstNode | IToken;

/** An item's parts: comments before it, its body, its end-of-line comment, own-line comments after it. */
interface ItemParts {
  readonly before: Doc[];
  readonly body: Doc;
  readonly comment?: string;
  readonly own: Doc[];
}

/** The prettier options the layout depends on. */
export interface LayoutOptions {
  readonly printWidth: number;
  readonly tabWidth: number;
  readonly useTabs: boolean;
}

/** Options a parent hands to the child it prints. */
interface Opts {
  /** Pad the node's first token to this width (aligned keywords, aligned step names). */
  readonly pad?: number;
  /** A `run`/`args` list: the column its lines hang at, relative to the item. */
  readonly hang?: number;
}

/** Component keywords whose values start in one column. */
const PADDED_KEYWORDS = new Set(["image", "input", "output", "run", "args", "env"]);
/** The width the padded keywords take: that of `output`. */
const KEYWORD_WIDTH = "output".length;

class Printer {
  readonly comments: Comments;
  /** How many blocks deep the items being printed are. */
  private depth = 0;
  /** For each item being printed, the comments from inside it that go at the end of its line. */
  private readonly pending: IToken[][] = [];

  constructor(
    private readonly source: FormatSource,
    private readonly options: LayoutOptions,
  ) {
    this.comments = new Comments(source);
  }

  root(): Doc {
    const file = this.source.file;
    if (file === undefined) {
      // Only comments (or nothing): each on its line, blank lines kept.
      const all = this.source.commentTokens;
      if (all.length === 0) return "";
      const [first, ...rest] = all;
      return [this.comments.take(first), this.comments.ownLines(rest, first.startOffset + first.image.length), hardline];
    }
    const items = nodes(file, "topLevel");
    return [this.items(items, new Map(), (a, b) => !(isImport(a) && isImport(b))), hardline];
  }

  // -- nodes ---------------------------------------------------------------------------------------

  /**
   * A node. The comments attached to it that its parent does not place (ones in the middle of a
   * clause) go to the item being printed, which puts them at the end of its line.
   */
  print(node: CstNode, opts: Opts = {}): Doc {
    const body = this.body(node, opts);
    const left = [...this.comments.leading(node), ...this.comments.trailing(node), ...this.comments.dangling(node)].filter(
      (c) => !this.comments.isPrinted(c),
    );
    if (left.length === 0) return body;
    const frame = this.pending[this.pending.length - 1];
    if (frame === undefined) throw new Error(`a comment of a '${node.name}' is outside every item`);
    frame.push(...left);
    return body;
  }

  private body(node: CstNode, opts: Opts): Doc {
    switch (node.name) {
      case "importDecl":
        return node.children.LBrace !== undefined ? this.importNames(node) : this.clause(node, opts);
      case "expression":
        return this.expression(node);
      case "list":
        return this.delimited(node, "[", "]", nodes(node, "expression"), { spaces: false });
      case "struct":
        return this.delimited(node, "{", "}", nodes(node, "field"), { spaces: true });
      case "call":
        return this.delimited(node, `${token(node, "Identifier").image}(`, ")", nodes(node, "callArg"), { spaces: false, keepBroken: false });
      case "commandList":
        if (opts.hang !== undefined) return this.commandList(node, opts.hang);
        return this.delimited(node, "[", "]", nodes(node, "commandItem"), { spaces: false, keepBroken: false });
      case "typeRef":
        return this.clause(node, opts, () => false);
      default:
        return this.clause(node, opts);
    }
  }

  /**
   * The generic layout: the node's tokens and child nodes in source order, separated by one space;
   * a `{ … }` of item nodes is a block.
   */
  private clause(node: CstNode, opts: Opts, spaced: (a: Child, b: Child) => boolean = spaceBetween): Doc {
    const children = childrenOf(node);
    const parts: Doc[] = [];
    let prev: Child | undefined;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (prev !== undefined && spaced(prev, c)) parts.push(" ");
      if (isToken(c, T.LBrace)) {
        const close = children.findIndex((x, k) => k > i && isToken(x, T.RBrace));
        parts.push(this.block(node, children.slice(i + 1, close).filter(isNode)));
        prev = children[close];
        i = close;
        continue;
      }
      const first = prev === undefined;
      if (!isNode(c)) parts.push(first && opts.pad !== undefined ? c.image.padEnd(opts.pad) : this.token(c));
      else if (c.name === "commandList" && isToken(children[0], T.K.run, T.K.args)) parts.push(this.print(c, { hang: (opts.pad ?? 3) + 2 }));
      else parts.push(this.print(c, first ? opts : {}));
      prev = c;
    }
    return parts;
  }

  /** A token's text; a triple-quoted string keeps its lines as they are. */
  private token(t: IToken): Doc {
    // A comment waiting for the end of the line goes before the string, never into it.
    return t.image.includes("\n") ? [lineSuffixBoundary, join(literalline, t.image.split("\n"))] : t.image;
  }

  // -- blocks --------------------------------------------------------------------------------------

  /** `{ items }` of a declaration, statement or setting. */
  private block(owner: CstNode, items: CstNode[]): Doc {
    if (items.length === 0) return this.emptyBraces(owner, "{", "}");
    if (items[0].name === "resourceItem" || items[0].name === "distributedItem" || items[0].name === "stepItem") return this.inlineBlock(owner, items);
    const pads = items[0].name === "componentItem" ? keywordPads(items) : stepNamePads(items, (a, b) => this.blankBetweenItems(a, b));
    this.depth++;
    const body = this.items(items, pads, () => false);
    this.depth--;
    return [OPEN, "{", indent([hardline, body]), hardline, "}"];
  }

  /**
   * One item per line, a blank line kept between two where the source has one (or where `blank`
   * says). The end-of-line comments of consecutive one-line items start in one column, two spaces
   * after the longest of them.
   */
  private items(items: readonly CstNode[], pads: ReadonlyMap<CstNode, number>, blank: (a: CstNode, b: CstNode) => boolean): Doc {
    const built = items.map((it) => this.itemParts(it, { pad: pads.get(it) }));
    const breaks = items.map((it, i) => i > 0 && (blank(items[i - 1], it) || this.blankBetweenItems(items[i - 1], it)));
    const widths = built.map((b) => (b.comment === undefined || b.before.length > 0 ? undefined : this.oneLineWidth(b.body)));
    const columns = commentColumns(widths, breaks);
    const parts: Doc[] = [];
    built.forEach((b, i) => {
      if (i > 0) parts.push(hardline, breaks[i] ? hardline : "");
      parts.push(...b.before, b.body, ...this.after(b, " ".repeat(columns[i] - (widths[i] ?? 0))));
    });
    return parts;
  }

  /** The width `doc` prints in at this depth, when it prints on one line. */
  private oneLineWidth(doc: Doc): number | undefined {
    const indentWidth = this.depth * this.options.tabWidth;
    const { formatted } = printer.printDocToString(doc, { ...this.options, printWidth: this.options.printWidth - indentWidth });
    return formatted.includes("\n") ? undefined : [...formatted].length;
  }

  /**
   * An item of a block or list with its comments: the ones before it on their lines, the one after
   * it on its last line (after `separator`), and own-line ones after it (the end of a block).
   */
  private item(node: CstNode, separator: Doc, opts: Opts = {}): Doc {
    const b = this.itemParts(node, opts);
    return [...b.before, b.body, separator, ...this.after(b, "  ")];
  }

  /** What follows an item: its end-of-line comment `gap` after it, then the own-line comments after it. */
  private after(b: ItemParts, gap: string): Doc[] {
    if (b.comment === undefined) return b.own;
    return [lineSuffix([gap, b.comment]), breakParent, ...b.own];
  }

  /** An item's comments, taken before its body is printed, and its body. */
  private itemParts(node: CstNode, opts: Opts): ItemParts {
    const leading = this.comments.leading(node);
    const trailing = this.comments.trailing(node);
    const before = this.comments.before(leading, startOf(node));
    const sameLine = trailing.length > 0 && this.comments.sameLine(trailing[0], node) ? trailing[0] : undefined;
    const end = sameLine === undefined ? undefined : this.comments.take(sameLine);
    const own = this.comments.ownLines(sameLine === undefined ? trailing : trailing.slice(1), sameLine === undefined ? endOf(node) : endOfToken(sameLine));
    this.pending.push([]);
    const body = this.print(node, opts);
    const inside = this.pending.pop()!.sort((a, b) => a.startOffset - b.startOffset);
    // One comment can end the item's line (two on a line would read as one); the others from inside
    // it go on lines of their own before it, where the next run finds them as its leading comments.
    const texts = inside.map((c) => this.comments.take(c));
    const comment = end ?? texts.pop();
    return { before: [...before, ...texts.flatMap((c) => [c, hardline])], body, comment, own };
  }

  /** Whether the source has an empty line between two items (counting their comments). */
  private blankBetweenItems(a: CstNode, b: CstNode): boolean {
    const trailing = this.comments.trailing(a);
    const leading = this.comments.leading(b);
    const end = trailing.length > 0 ? endOfToken(trailing[trailing.length - 1]) : endOf(a);
    const start = leading.length > 0 ? leading[0].startOffset : startOf(b);
    return this.comments.blankBetween(end, start);
  }

  /**
   * `{ cpu 2  memory "8Gi" }` and a step's `{ always }`: on one line with two spaces between items
   * when it fits, else one item per line. A step block written over several lines stays so.
   */
  private inlineBlock(owner: CstNode, items: CstNode[]): Doc {
    const open = tokens(owner, "LBrace")[0];
    const broken = items[0].name === "stepItem" && lineOf(this.source, open.startOffset) < lineOf(this.source, firstStart(this.comments, items[0]));
    const docs = items.map((it) => this.item(it, ""));
    return group([OPEN, "{", indent([line, join([ifBreak("", " "), line], docs)]), line, "}"], { shouldBreak: broken });
  }

  /** Braces with nothing but comments in them (or nothing at all). */
  private emptyBraces(owner: CstNode, open: string, close: string): Doc {
    const dangling = this.comments.dangling(owner).filter((c) => !this.comments.isPrinted(c));
    if (dangling.length === 0) return open + close;
    const [first, ...rest] = dangling;
    return [OPEN, open, indent([hardline, this.comments.take(first), this.comments.ownLines(rest, endOfToken(first))]), hardline, close];
  }

  // -- lists, structs, calls -------------------------------------------------------------------------

  /**
   * `open item, item close` on one line when it fits, else one item per line with a trailing comma.
   * `spaces` puts a space inside the brackets (`{ a: 1 }`); `keepBroken` keeps a list or struct broken
   * when the source breaks the line after its opening bracket.
   */
  private delimited(node: CstNode, open: string, close: string, items: CstNode[], o: { spaces: boolean; keepBroken?: boolean }): Doc {
    if (items.length === 0) return this.emptyBraces(node, open, close);
    const last = items.length - 1;
    const separators = items.map((_, i) => (i < last ? "," : ifBreak(",")));
    const built = items.map((it) => this.itemParts(it, {}));
    // A comment at the end of an item's line breaks the list, one item per line: the comments of
    // consecutive one-line items line up, as in a block.
    const widths = built.map((b, i) => (b.comment === undefined || b.before.length > 0 ? undefined : this.oneLineWidth([b.body, separators[i]])));
    const columns = commentColumns(widths, widths.map(() => false));
    const docs = built.map((b, i) => [...b.before, b.body, separators[i], ...this.after(b, " ".repeat(columns[i] - (widths[i] ?? 0)))]);
    const inner = o.spaces ? line : softline;
    const openToken = childrenOf(node).find((c) => !isNode(c) && (c.image === "(" || c.image === "[" || c.image === "{")) as IToken;
    const brokenInSource = (o.keepBroken ?? true) && lineOf(this.source, openToken.startOffset) < lineOf(this.source, firstStart(this.comments, items[0]));
    return group([OPEN, open, indent([inner, join(line, docs)]), inner, close], { shouldBreak: brokenInSource });
  }

  /** `import { a, b } from "file"`. */
  private importNames(node: CstNode): Doc {
    const names = tokens(node, "Identifier").map((t) => t.image);
    return group(["import {", indent([line, join([",", line], names)]), ifBreak(","), line, "} from ", this.print(nodes(node, "string")[0])]);
  }

  /** `run [...]`: one line, or the command on the first line and a line per flag, hanging at `hang`. */
  private commandList(node: CstNode, hang: number): Doc {
    const items = nodes(node, "commandItem");
    if (items.length === 0) return this.emptyBraces(node, "[", "]");
    const last = items[items.length - 1];
    const lines = commandLines(
      items,
      // Comments from inside an item go before it when it has another for the end of its line.
      (n) => this.comments.leading(n).length > 0 || this.commentsInside(n) + (this.comments.trailing(n).length > 0 ? 1 : 0) > 1,
      // A triple-quoted script ends its line too: what follows it reads better on a line of its own.
      (n) => this.comments.trailing(n).length > 0 || this.commentsInside(n) > 0 || hasMultilineToken(n),
    );
    const docs = lines.map((ln) => join(" ", ln.map((it) => this.item(it, it === last ? "" : ","))));
    const closeOnOwnLine = this.comments.trailing(last).some((c) => !this.comments.sameLine(c, last));
    // `]` hugs the last item, unless a comment ends that item's line: then the comment ends it first.
    return group([OPEN, "[", align(hang, [join(line, docs), closeOnOwnLine ? hardline : lineSuffixBoundary]), "]"]);
  }

  /** How many comments lie inside `node`. */
  private commentsInside(node: CstNode): number {
    return this.source.commentTokens.filter((c) => c.startOffset > startOf(node) && c.startOffset < endOf(node)).length;
  }

  // -- expressions ---------------------------------------------------------------------------------

  /**
   * Operands and operators. When the expression does not fit, each `and` and `or` starts a line;
   * a comparison stays on one line.
   */
  private expression(node: CstNode): Doc {
    const children = childrenOf(node).filter(isNode);
    if (children.length === 1) return this.print(children[0]);
    const parts: Doc[] = [this.print(children[0])];
    const tail: Doc[] = [];
    for (let i = 1; i < children.length; i += 2) {
      const op = children[i];
      const logical = isToken(firstToken(op), T.K.and, T.K.or);
      (tail.length > 0 || logical ? tail : parts).push(logical ? line : " ", this.print(op), " ", this.print(children[i + 1]));
    }
    return group([parts, indent(tail)]);
  }
}

// -- alignment ---------------------------------------------------------------------------------------

/**
 * Where each item's end-of-line comment starts, counted from the item's start: two spaces after the
 * item, or, in a run of consecutive one-line items that all have one (`widths[i]` defined; a blank line
 * ends a run), two spaces after the longest item of the run.
 */
export function commentColumns(widths: readonly (number | undefined)[], blankBefore: readonly boolean[]): number[] {
  const columns = widths.map((w) => (w ?? 0) + 2);
  let start = 0;
  for (let i = 0; i <= widths.length; i++) {
    const ends = i === widths.length || widths[i] === undefined || blankBefore[i];
    if (!ends) continue;
    const run = widths.slice(start, i) as number[];
    if (run.length > 1) for (let k = start; k < i; k++) columns[k] = Math.max(...run) + 2;
    start = widths[i] === undefined ? i + 1 : i;
  }
  return columns;
}

/** The items of a component body whose keyword is padded. */
function keywordPads(items: readonly CstNode[]): Map<CstNode, number> {
  const pads = new Map<CstNode, number>();
  for (const it of items) {
    const first = firstToken(it);
    if (first !== undefined && PADDED_KEYWORDS.has(first.image)) pads.set(it, KEYWORD_WIDTH);
  }
  return pads;
}

/**
 * The width each named step's name is padded to: the longest name of its run of consecutive named
 * steps. A blank line or an item that is not a named step ends a run.
 */
function stepNamePads(items: readonly CstNode[], blank: (a: CstNode, b: CstNode) => boolean): Map<CstNode, number> {
  const pads = new Map<CstNode, number>();
  let run: { item: CstNode; name: string }[] = [];
  const flush = (): void => {
    const width = Math.max(...run.map((r) => r.name.length));
    for (const r of run) pads.set(r.item, width);
    run = [];
  };
  items.forEach((it, i) => {
    const name = stepName(it);
    if (run.length > 0 && (name === undefined || blank(items[i - 1], it))) flush();
    if (name !== undefined) run.push({ item: it, name });
  });
  if (run.length > 0) flush();
  return pads;
}

/** The name of a named step (`fit = train(…)`), through the statement wrappers. */
function stepName(item: CstNode): string | undefined {
  let n: CstNode | undefined = item;
  while (n !== undefined && n.name !== "stepStatement") {
    const kids = childrenOf(n);
    n = kids.length === 1 && isNode(kids[0]) ? kids[0] : undefined;
  }
  if (n === undefined || n.children.Equals === undefined) return undefined;
  return token(n, "Identifier").image;
}

// -- tree helpers ------------------------------------------------------------------------------------

/** No space before `,` `:` `?` `)` `]` `.` and none after `(` `[` `.` or a unary `-`. */
function spaceBetween(a: Child, b: Child): boolean {
  if (!isNode(b) && (b.image === "," || b.image === ":" || b.image === "?" || b.image === ")" || b.image === "]" || b.image === ".")) return false;
  if (!isNode(a) && (a.image === "(" || a.image === "[" || a.image === "." || a.image === "-")) return false;
  return true;
}

function isNode(c: Child): c is CstNode {
  return "children" in c;
}

function isToken(c: Child | undefined, ...types: TokenType[]): boolean {
  return c !== undefined && !isNode(c) && types.includes(c.tokenType);
}

/** Tokens and nodes of `node` in source order. */
function childrenOf(node: CstNode): Child[] {
  const all: Child[] = [];
  for (const list of Object.values(node.children)) all.push(...(list as Child[]));
  return all.sort((a, b) => start(a) - start(b));
}

function start(c: Child): number {
  return isNode(c) ? startOf(c) : c.startOffset;
}

function nodes(node: CstNode, name: string): CstNode[] {
  return ((node.children[name] ?? []) as CstNode[]).slice().sort((a, b) => startOf(a) - startOf(b));
}

function tokens(node: CstNode, name: string): IToken[] {
  return ((node.children[name] ?? []) as IToken[]).slice().sort((a, b) => a.startOffset - b.startOffset);
}

function token(node: CstNode, name: string): IToken {
  return tokens(node, name)[0];
}

function firstToken(node: CstNode): IToken | undefined {
  const first = childrenOf(node)[0];
  if (first === undefined) return undefined;
  return isNode(first) ? firstToken(first) : first;
}

/** Whether a token under `node` spans lines (a triple-quoted string). */
function hasMultilineToken(node: CstNode): boolean {
  return childrenOf(node).some((c) => (isNode(c) ? hasMultilineToken(c) : c.image.includes("\n")));
}

function isImport(item: CstNode): boolean {
  return item.children.importDecl !== undefined;
}

function endOfToken(t: IToken): number {
  return t.startOffset + t.image.length;
}

function lineOf(source: FormatSource, offset: number): number {
  return source.lines.position(offset).line;
}

/** Where an item starts, counting the comments before it. */
function firstStart(comments: Comments, item: CstNode): number {
  const leading = comments.leading(item);
  return leading.length > 0 ? leading[0].startOffset : startOf(item);
}
