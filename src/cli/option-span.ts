/**
 * Where an option is written in a pipeline module: the builder knows only the call it was given to
 * (`component(…)`), so a diagnostic about `resources.cpu` would underline the call; with the user's
 * text at hand, this finds the property `cpu: { … }` inside the object literal passed as the call's
 * argument, and its full span. A small scanner of JavaScript/TypeScript tokens (strings, template
 * literals, comments, brackets) is enough for object literals; anything it cannot follow (a spec in a
 * variable, a spread, a computed key) gives no span, and the diagnostic stays at the call.
 */

/** An option of a builder call: the argument it is in (0-based) and its path inside it. */
export interface OptionRef {
  readonly arg: number;
  readonly path: readonly (string | number)[];
}

/** [start, end) offsets of the property at `ref` in the call that starts at `callAt`, if written literally. */
export function optionSpan(text: string, callAt: number, ref: OptionRef): [number, number] | undefined {
  const s = new Scanner(text, callAt);
  // The callee (`component`, `c`, `x.y`): up to its opening parenthesis.
  while (s.more() && s.peek() !== "(") {
    if (!/[\w$.\s<>,]/.test(s.peek())) return undefined;
    s.pos++;
  }
  if (!s.more()) return undefined;
  s.pos++;
  for (let i = 0; i < ref.arg; i++) {
    if (!s.skipValue() || s.peekToken() !== ",") return undefined;
    s.pos++;
  }
  let span: [number, number] | undefined;
  for (const key of ref.path) {
    s.skipTrivia();
    const open = s.peek();
    if (typeof key === "number") {
      if (open !== "[") return undefined;
      s.pos++;
      for (let i = 0; i < key; i++) {
        if (!s.skipValue() || s.peekToken() !== ",") return undefined;
        s.pos++;
      }
      s.skipTrivia();
      const start = s.pos;
      if (!s.skipValue()) return undefined;
      span = [start, s.pos];
      s.pos = start;
      continue;
    }
    if (open !== "{") return undefined;
    s.pos++;
    const found = s.findProperty(key);
    if (found === undefined) return undefined;
    span = found.span;
    s.pos = found.valueAt;
  }
  return span;
}

class Scanner {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}

  more(): boolean {
    return this.pos < this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  /** The next character after white space and comments. */
  peekToken(): string {
    this.skipTrivia();
    return this.peek();
  }

  skipTrivia(): void {
    for (;;) {
      while (this.more() && /\s/.test(this.peek())) this.pos++;
      if (this.text.startsWith("//", this.pos)) {
        while (this.more() && !/[\n\r]/.test(this.peek())) this.pos++;
      } else if (this.text.startsWith("/*", this.pos)) {
        const end = this.text.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else {
        return;
      }
    }
  }

  /** Past a string or template literal starting here; false when it does not end. */
  private skipString(): boolean {
    const quote = this.peek();
    this.pos++;
    while (this.more()) {
      const c = this.peek();
      if (c === "\\") {
        this.pos += 2;
        continue;
      }
      if (c === quote) {
        this.pos++;
        return true;
      }
      if (quote === "`" && this.text.startsWith("${", this.pos)) {
        this.pos += 2;
        if (!this.skipUntil("}")) return false;
        this.pos++;
        continue;
      }
      if (quote !== "`" && (c === "\n" || c === "\r")) return false;
      this.pos++;
    }
    return false;
  }

  /** Past everything up to `close` at this depth (not consumed); false at the end of the text. */
  private skipUntil(close: string): boolean {
    while (this.more()) {
      this.skipTrivia();
      const c = this.peek();
      if (c === close) return true;
      if (!this.skipOne()) return false;
    }
    return false;
  }

  /** Past one token or bracketed group. */
  private skipOne(): boolean {
    const c = this.peek();
    if (c === '"' || c === "'" || c === "`") return this.skipString();
    const close = c === "(" ? ")" : c === "[" ? "]" : c === "{" ? "}" : undefined;
    if (close !== undefined) {
      this.pos++;
      if (!this.skipUntil(close)) return false;
      this.pos++;
      return true;
    }
    if (c === ")" || c === "]" || c === "}") return false;
    this.pos++;
    return true;
  }

  /** Past one value of a list: up to a `,` or the closing bracket at this depth (not consumed). */
  skipValue(): boolean {
    this.skipTrivia();
    // Where the last token ended: white space and comments after it are not part of the value.
    let end = this.pos;
    while (this.more()) {
      this.skipTrivia();
      const c = this.peek();
      if (c === "," || c === ")" || c === "]" || c === "}") break;
      if (!this.skipOne()) return false;
      end = this.pos;
    }
    const more = this.more();
    this.pos = end;
    return more;
  }

  /**
   * In an object literal (after its `{`): the property named `key`, its span (from the key to the end
   * of the value) and where its value starts. A spread or a computed key before it gives up.
   */
  findProperty(key: string): { span: [number, number]; valueAt: number } | undefined {
    for (;;) {
      this.skipTrivia();
      const c = this.peek();
      if (c === "}" || !this.more()) return undefined;
      if (c === "." || c === "[") return undefined;
      const start = this.pos;
      let name: string;
      if (c === '"' || c === "'") {
        if (!this.skipString()) return undefined;
        name = this.text.slice(start + 1, this.pos - 1);
      } else {
        const m = /^[\w$]+/.exec(this.text.slice(this.pos, this.pos + 256));
        if (m === null) return undefined;
        name = m[0];
        this.pos += name.length;
      }
      this.skipTrivia();
      let valueAt = this.pos;
      if (this.peek() === ":") {
        this.pos++;
        this.skipTrivia();
        valueAt = this.pos;
      } else if (this.peek() === "(") {
        valueAt = start; // a method: its span is its whole text
      }
      if (!this.skipValue()) return undefined;
      if (name === key) return { span: [start, this.pos], valueAt };
      this.skipTrivia();
      if (this.peek() === ",") this.pos++;
    }
  }
}
