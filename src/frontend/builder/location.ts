import { fileURLToPath } from "node:url";
import type { Loc } from "../../ir/types.js";

/** The folder of mlpc's own code (dist/ or src/): frames inside it are not the user's. */
const OWN_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const FRAME = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/;

/**
 * Where the user's code called into the builder: the first stack frame outside mlpc's own files and
 * outside Node's internals. Builder objects keep it as their location, so that diagnostics point at
 * the user's `file:line:col`. Paths are absolute here; the loader makes them relative for display.
 */
export function callSite(): Loc {
  return callSiteFrom(new Error().stack ?? "");
}

/** The first frame of `stack` in the user's code. */
export function callSiteFrom(stack: string): Loc {
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (m === null) continue;
    let file = m[1];
    if (file.startsWith("file://")) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (file.startsWith(OWN_ROOT) || file.startsWith("node:") || !file.includes("/")) continue;
    if (file.includes("/node_modules/jiti/")) continue;
    const lineNo = Number(m[2]);
    const col = Number(m[3]);
    return { file, line: lineNo, col, endLine: lineNo, endCol: col + 1 };
  }
  return { file: "<unknown>", line: 1, col: 1, endLine: 1, endCol: 2 };
}
