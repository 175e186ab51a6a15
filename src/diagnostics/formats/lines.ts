/**
 * The lines of a source as the lexer counts them (src/syntax/line-map.ts): `\r\n`, `\r` and `\n` each
 * end a line.
 */
export function splitSourceLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A lookup of 1-based line `line` of `file`, each file split once; undefined when unknown. */
export function sourceLines(sources: ReadonlyMap<string, string>): (file: string, line: number) => string | undefined {
  const split = new Map<string, string[]>();
  return (file, line) => {
    let lines = split.get(file);
    if (lines === undefined) {
      const text = sources.get(file);
      if (text === undefined) return undefined;
      lines = splitSourceLines(text);
      split.set(file, lines);
    }
    return line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
  };
}
