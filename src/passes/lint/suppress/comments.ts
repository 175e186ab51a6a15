/**
 * The line comments of a source file, found by a scan that skips strings: `#` comments in `.mlpipe`
 * text, `//` comments in TypeScript and JavaScript. Lines end at `\r\n`, `\r` or `\n`, as mlpc's
 * locations count them; columns are 1-based UTF-16 code units.
 */
export interface LineComment {
  /** The comment's text after `#` or `//`. */
  readonly text: string;
  readonly line: number;
  /** The column of `#` or `//`. */
  readonly col: number;
  /** The column just after the comment's last character. */
  readonly endCol: number;
  /** Whether only white space comes before the comment on its line. */
  readonly ownLine: boolean;
}

/** Which scanner reads a file: `.mlpipe` text, or a pipeline module (`.ts`, `.mts`, `.js`, …). */
export function commentSyntax(file: string): "mlpipe" | "script" | undefined {
  if (file.endsWith(".mlpipe") || file === "<stdin>") return "mlpipe";
  if (/\.(?:[cm]?ts|[cm]?js|tsx|jsx)$/.test(file)) return "script";
  return undefined;
}

/** A cursor over `text` that keeps the line and the column of the offset it is at. */
class Cursor {
  i = 0;
  line = 1;
  lineStart = 0;
  /** Whether something other than white space came before `i` on its line. */
  code = false;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.i >= this.text.length;
  }
  get col(): number {
    return this.i - this.lineStart + 1;
  }
  at(k = 0): string {
    return this.text[this.i + k] ?? "";
  }
  isBreak(): boolean {
    const c = this.at();
    return c === "\n" || c === "\r";
  }
  /** Steps over one character, counting a line break (`\r\n` is one). */
  advance(): void {
    const c = this.at();
    if (c === "\r" && this.at(1) === "\n") this.i++;
    this.i++;
    if (c === "\n" || c === "\r") {
      this.line++;
      this.lineStart = this.i;
      this.code = false;
    } else if (c !== " " && c !== "\t" && c !== "\f" && c !== "\v" && c !== "\uFEFF") {
      this.code = true;
    }
  }
  /** Reads a comment from `i` (after its opener of `open` characters) to the end of the line. */
  comment(open: number): LineComment {
    const line = this.line;
    const col = this.col;
    const ownLine = !this.code;
    const start = this.i + open;
    let end = start;
    while (end < this.text.length && this.text[end] !== "\n" && this.text[end] !== "\r") end++;
    const text = this.text.slice(start, end);
    this.i = end;
    this.code = true;
    return { text, line, col, endCol: col + (end - start) + open, ownLine };
  }
}

/**
 * The `#` comments of `.mlpipe` text. Strings are `"…"` (a backslash escapes the next character; they
 * end at the line's end) and `"""…"""` (over several lines); a `#` inside either is text.
 */
export function mlpipeComments(text: string): LineComment[] {
  const out: LineComment[] = [];
  const c = new Cursor(text);
  while (!c.done) {
    const ch = c.at();
    if (ch === "#") {
      out.push(c.comment(1));
    } else if (ch === '"' && c.at(1) === '"' && c.at(2) === '"') {
      c.advance();
      c.advance();
      c.advance();
      while (!c.done && !(c.at() === '"' && c.at(1) === '"' && c.at(2) === '"')) c.advance();
      if (!c.done) {
        c.advance();
        c.advance();
        c.advance();
      }
    } else if (ch === '"') {
      c.advance();
      while (!c.done && c.at() !== '"' && !c.isBreak()) {
        if (c.at() === "\\" && c.at(1) !== "\n" && c.at(1) !== "\r") c.advance();
        c.advance();
      }
      if (c.at() === '"') c.advance();
    } else {
      c.advance();
    }
  }
  return out;
}

/**
 * The `//` comments of a TypeScript or JavaScript module. Skips `'…'` and `"…"` strings, template
 * literals (with `${…}` holes, nested to any depth), `/* … *\/` comments and regular expression
 * literals (a `/` where an expression starts: after `( , = : [ ! & | ? { } ; + - * % < > ~ ^` or at
 * the start, or after `return`, `typeof` and the like).
 */
export function scriptComments(text: string): LineComment[] {
  const out: LineComment[] = [];
  const c = new Cursor(text);
  /** For each open template hole, the depth of `{` inside it. */
  const holes: number[] = [];
  let last = ""; // the last significant character or word before `i`
  const quoted = (q: string): void => {
    c.advance();
    while (!c.done && c.at() !== q && !c.isBreak()) {
      if (c.at() === "\\") c.advance();
      c.advance();
    }
    if (c.at() === q) c.advance();
  };
  /** Scans template text from after `` ` `` or `}`: stops after the closing `` ` `` or a `${`. */
  const template = (): void => {
    while (!c.done) {
      const ch = c.at();
      if (ch === "\\") {
        c.advance();
        c.advance();
      } else if (ch === "`") {
        c.advance();
        return;
      } else if (ch === "$" && c.at(1) === "{") {
        c.advance();
        c.advance();
        holes.push(0);
        return;
      } else {
        c.advance();
      }
    }
  };
  while (!c.done) {
    const ch = c.at();
    if (ch === "/" && c.at(1) === "/") {
      out.push(c.comment(2));
    } else if (ch === "/" && c.at(1) === "*") {
      c.advance();
      c.advance();
      while (!c.done && !(c.at() === "*" && c.at(1) === "/")) c.advance();
      c.advance();
      c.advance();
    } else if (ch === "'" || ch === '"') {
      quoted(ch);
      last = "a";
    } else if (ch === "`") {
      c.advance();
      template();
      last = "a";
    } else if (ch === "/" && startsExpression(last)) {
      // a regular expression literal
      c.advance();
      let inClass = false;
      while (!c.done && !c.isBreak() && (inClass || c.at() !== "/")) {
        if (c.at() === "\\") c.advance();
        else if (c.at() === "[") inClass = true;
        else if (c.at() === "]") inClass = false;
        c.advance();
      }
      c.advance();
      last = "a";
    } else if (ch === "{" && holes.length > 0) {
      holes[holes.length - 1]!++;
      c.advance();
      last = "{";
    } else if (ch === "}" && holes.length > 0 && holes[holes.length - 1] === 0) {
      holes.pop();
      c.advance();
      template();
      last = "a";
    } else if (ch === "}" && holes.length > 0) {
      holes[holes.length - 1]!--;
      c.advance();
      last = "}";
    } else if (/[A-Za-z_$]/.test(ch)) {
      let word = "";
      while (!c.done && /[A-Za-z0-9_$]/.test(c.at())) {
        word += c.at();
        c.advance();
      }
      last = KEYWORDS_BEFORE_EXPRESSION.has(word) ? "(" : "a";
    } else {
      if (!/\s/.test(ch)) last = ch;
      c.advance();
    }
  }
  return out;
}

const KEYWORDS_BEFORE_EXPRESSION = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

function startsExpression(last: string): boolean {
  return last === "" || "(,=:[!&|?{};+-*%<>~^".includes(last);
}
