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

/** Where in a builder call a value is written: the call's argument (0-based) and the path inside it. */
export interface OptionRef {
  readonly arg: number;
  readonly path: readonly (string | number)[];
}

/**
 * Locations that stand for a value inside a builder call: a copy of the call's location, registered
 * with where in the call the value is. The loader, which has the user's text, underlines the value
 * itself (`resources.memory`, the argument `lr`); without the text they are the call's location.
 */
const refs = new WeakMap<Loc, OptionRef>();

/** The location of argument `arg` of the call at `call`. */
export function argumentLoc(call: Loc, arg: number): Loc {
  const loc = { ...call };
  refs.set(loc, { arg, path: [] });
  return loc;
}

/** The location of `path` inside the value at `loc` (`loc` itself when it is not inside a call's argument). */
export function optionLoc(loc: Loc, ...path: readonly (string | number)[]): Loc {
  const ref = refs.get(loc);
  if (ref === undefined || path.length === 0) return loc;
  const inner = { ...loc };
  refs.set(inner, { arg: ref.arg, path: [...ref.path, ...path] });
  return inner;
}

/** Where in its call the value at `loc` is written, if `loc` stands for one. */
export function optionRefOf(loc: Loc): OptionRef | undefined {
  return refs.get(loc);
}

/** `to`, a copy of `from` (relocated, say), standing for the same value. */
export function sameOption(from: Loc, to: Loc): Loc {
  const ref = refs.get(from);
  if (ref !== undefined && from !== to) refs.set(to, ref);
  return to;
}
