import type { Plugin } from "prettier";
import { printSource } from "./print.js";
import { parseSource, type FormatSource } from "./source.js";

/** The error prettier shows for a file that does not parse: the first syntax error, with its position. */
export class MlpipeSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line and column, the form prettier's code frame reads. */
    readonly loc: { readonly start: { readonly line: number; readonly column: number } },
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

/**
 * The prettier 3 plugin for `.mlpipe` files (the package export `mlpc/prettier`):
 * `prettier --plugin mlpc/prettier --write "**\/*.mlpipe"`. Its parser is mlpc's own (a syntax
 * error refuses the file), its printer src/fmt/print.ts; `printWidth`, `tabWidth` and `useTabs` are
 * honoured, and `printWidth` defaults to 100 for .mlpipe files.
 */
const plugin: Plugin<FormatSource> = {
  languages: [{ name: "mlpipe", parsers: ["mlpipe"], extensions: [".mlpipe"], vscodeLanguageIds: ["mlpipe"] }],
  parsers: {
    mlpipe: {
      astFormat: "mlpipe-cst",
      parse: (text, options) => {
        const parsed = parseSource(text, options.filepath ?? "<input>");
        if ("source" in parsed) return parsed.source;
        const first = parsed.diagnostics[0];
        const where = first.loc === undefined ? { line: 1, column: 1 } : { line: first.loc.line, column: first.loc.col };
        throw new MlpipeSyntaxError(`${first.code}: ${first.message}`, { start: where });
      },
      locStart: () => 0,
      locEnd: (node) => node.text.length,
    },
  },
  printers: {
    "mlpipe-cst": {
      print: (path, options) => printSource(path.node, { printWidth: options.printWidth, tabWidth: options.tabWidth, useTabs: options.useTabs === true }),
      getVisitorKeys: () => [],
    },
  },
  defaultOptions: { printWidth: 100 },
};

export default plugin;
