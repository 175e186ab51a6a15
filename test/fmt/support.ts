import type { IToken } from "chevrotain";
import * as prettier from "prettier";
import plugin from "../../src/fmt/plugin.js";
import { mlpipeLexer } from "../../src/syntax/lexer.js";

/** Formats `.mlpipe` text with the plugin, as `prettier --plugin mlpc/prettier` does. */
export function format(text: string, options: prettier.Options = {}): Promise<string> {
  return prettier.format(text, { parser: "mlpipe", plugins: [plugin], ...options });
}

/** The text of every comment the lexer finds in `text` (trailing blanks dropped), sorted: what formatting must keep. */
export function commentTexts(text: string): string[] {
  const comments = (mlpipeLexer().tokenize(text).groups.comments ?? []) as IToken[];
  return comments.map((c) => c.image.trimEnd()).sort();
}
