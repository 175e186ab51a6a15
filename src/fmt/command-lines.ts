import type { CstNode, IToken } from "chevrotain";

/**
 * How the items of a `run [...]` or `args [...]` list are laid out one line each when the list does
 * not fit on one: the command itself (`"python", "-m", "train"`) stays on the first line, then each
 * flag shares its line with its values (`"--lr", lr`). Precisely:
 *
 * - the head is every item before the first long flag that takes a value (`"--out"`, not `"--lr=0.1"`)
 *   or the first conditional item, so `"torchrun", "--nproc_per_node=2", "-m", "train"` is one line;
 * - after it, a flag (a string starting with `-`) starts a line, and the values after a flag that takes
 *   one join its line; a flag with `=`, a conditional item (`if opt [...]`) and a value after a complete
 *   line stand alone;
 * - an item with a comment before it starts a line, and an item `endsLine` says so of (one with a
 *   comment after it, a triple-quoted script) ends one, so that every comment stays at the end of its
 *   line or on a line of its own.
 */
export function commandLines(items: readonly CstNode[], hasLeadingComment: (n: CstNode) => boolean, endsLine: (n: CstNode) => boolean): CstNode[][] {
  const lines: CstNode[][] = [];
  let current: CstNode[] = [];
  /** Whether the current line may take another item: the head, or a flag waiting for its values. */
  let open = true;
  let inHead = true;
  const close = (): void => {
    if (current.length > 0) lines.push(current);
    current = [];
  };
  for (const item of items) {
    const flag = flagOf(item);
    const conditional = isConditional(item);
    if (inHead && (conditional || (flag !== undefined && flag.startsWith("--") && !flag.includes("=") && flag !== "--"))) inHead = false;
    if (!inHead) {
      if (flag !== undefined || conditional || !open) close();
      if (flag !== undefined) open = !flag.includes("=");
      else if (conditional) open = false;
    }
    if (hasLeadingComment(item)) close();
    current.push(item);
    if (endsLine(item) || (!inHead && conditional)) {
      close();
      open = false;
    }
  }
  close();
  return lines;
}

/** The text of a flag (`"--out"` → `--out`): a plain string item that starts with `-` and is more than `-`. */
function flagOf(item: CstNode): string | undefined {
  const token = plainString(item);
  if (token === undefined) return undefined;
  const text = token.image.slice(1, -1);
  return text.startsWith("-") && text !== "-" ? text : undefined;
}

/** `if opt [...]`: the conditional form of a command item. */
function isConditional(item: CstNode): boolean {
  return item.children.KwIf !== undefined;
}

/** The string token of an item that is nothing but one `"…"` string. */
function plainString(item: CstNode): IToken | undefined {
  const expression = only(item, "expression");
  if (expression === undefined || expression.children.binaryOp !== undefined) return undefined;
  const operand = only(expression, "operand");
  if (operand === undefined || Object.keys(operand.children).length !== 1) return undefined;
  const primary = only(operand, "primary");
  const string = primary && only(primary, "string");
  const token = string?.children.StringLiteral?.[0];
  return token !== undefined && "image" in token ? (token as IToken) : undefined;
}

function only(node: CstNode, name: string): CstNode | undefined {
  const list = node.children[name];
  return list?.length === 1 && "children" in list[0] ? (list[0] as CstNode) : undefined;
}
