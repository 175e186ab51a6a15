import * as prettier from "prettier";
import plugin from "../../src/fmt/plugin.js";

/** Formats `.mlpipe` text with the plugin, as `prettier --plugin mlpc/prettier` does. */
export function format(text: string, options: prettier.Options = {}): Promise<string> {
  return prettier.format(text, { parser: "mlpipe", plugins: [plugin], ...options });
}

/** The text of every comment in `text` (trailing blanks dropped), sorted: what formatting must keep. */
export function commentTexts(text: string): string[] {
  return [...text.matchAll(/"""[\s\S]*?"""|"(?:[^"\\\n\r]|\\[^\n\r])*"|(#[^\n\r]*)/g)]
    .flatMap((m) => (m[1] === undefined ? [] : [m[1].trimEnd()]))
    .sort();
}
