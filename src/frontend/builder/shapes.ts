/**
 * Run-time checks of the builder's option objects against the keys their TypeScript types declare
 * (`shapes.generated.ts`, generated from those types): tsc catches `resourcs: { … }` in a typed
 * module, but plain JavaScript and `as any` reach the builder unchecked, and an unknown key would
 * silently drop what it holds. Each unknown key is MLP2034 with the nearest known one, each value
 * of the wrong kind where an object is needed MLP2007 — the codes the language uses — each at the
 * option's location inside the call (`optionLoc`).
 */
import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Loc } from "../../ir/types.js";
import { optionLoc } from "./location.js";
import { SHAPES } from "./shapes.generated.js";

/**
 * What a value may be: `{}` anything; with `keys`, an object with at most those keys (each with its own
 * shape), and when `other` is set also a value that is not a plain object (a number for `gpu`, a
 * string for `schedule`); with `items`, the shape of each item of an array.
 */
export interface Shape {
  readonly keys?: { readonly [key: string]: Shape };
  readonly other?: true;
  readonly items?: Shape;
}

export type ShapeName = keyof typeof SHAPES;

/**
 * Reports what in `value` the option type `name` does not declare. `what` names the object in
 * messages (`component 'train'`); `loc` is where `value` is (an `argumentLoc` of the builder call).
 */
export function checkOptions(value: unknown, name: ShapeName, what: string, loc: Loc, report: (d: Diagnostic) => void, handled: readonly string[] = []): void {
  check(value, SHAPES[name], [], { what, loc, report, handled });
}

interface Context {
  readonly what: string;
  /** Where the options are: the argument of the builder call (see `argumentLoc`). */
  readonly loc: Loc;
  readonly report: (d: Diagnostic) => void;
  /** Keys another check reports when they do not belong (settings an owner does not take: MLP2038). */
  readonly handled: readonly string[];
}

/** `resources.cpu`, `tolerations[0]`: a path as messages show it. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function check(value: unknown, shape: Shape, segments: readonly (string | number)[], cx: Context): void {
  const { what, loc, report } = cx;
  const path = pathText(segments);
  if (shape.items !== undefined && Array.isArray(value)) {
    value.forEach((item, i) => check(item, shape.items!, [...segments, i], cx));
    return;
  }
  if (shape.keys === undefined || value === undefined) return;
  if (!isPlainObject(value)) {
    if (shape.other !== true && path !== "") report(M.typeMismatch.at(optionLoc(loc, ...segments), `Option '${path}' of ${what}`, "an object", describe(value)));
    return;
  }
  // Its fields are checked where they are read, with the language's own code (MLP2112).
  if (path === "securityContext") return;
  // Likewise the fields of `distributed`, read by `lowerDistributedFields` as the language's are.
  if (path === "distributed") return;
  const keys = Object.keys(shape.keys);
  for (const [key, v] of Object.entries(value)) {
    const sub = shape.keys[key];
    if (sub === undefined) {
      if (!cx.handled.includes(key)) report(M.unknownSetting.at(optionLoc(loc, ...segments, key), path === "" ? "option" : "key", key, ` ${path === "" ? "of" : `in '${path}' of`} ${what}`, didYouMean(key, keys)));
      continue;
    }
    check(v, sub, [...segments, key], cx);
  }
}

/** An object written as `{ … }` (not an array, a class instance or a function). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What a value is, for messages: `a string`, `a list`, `null`. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object made by the builder";
  return typeof value === "number" || typeof value === "boolean" ? `the ${typeof value} ${String(value)}` : `a ${typeof value}`;
}
