import type { Program } from "./types.js";

const FIRST = ["kind", "name"];

function rank(key: string): number {
  const i = FIRST.indexOf(key);
  if (i >= 0) return i - FIRST.length;
  return key === "loc" ? 1 : 0;
}

/** Keys in one canonical order: `kind`, `name`, the rest alphabetically, `loc` last. */
function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function canonical(value: unknown, withLoc: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, withLoc));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || (!withLoc && key === "loc")) continue;
    out[key] = canonical(v, withLoc);
  }
  return out;
}

/** `value` with every source location left out and keys in the canonical order: equal data, equal JSON. */
export function withoutLocs(value: unknown): unknown {
  return canonical(value, false);
}

/**
 * The program as JSON text, the same bytes whichever front end built it: keys in a canonical order
 * (`kind`, `name`, the others alphabetically, `loc` last), 2-space indentation, a final newline.
 * Without `withLoc`, every source location is left out, so that two IRs can be compared.
 */
export function programToJson(program: Program, { withLoc = true }: { withLoc?: boolean } = {}): string {
  return JSON.stringify(canonical(program, withLoc), null, 2) + "\n";
}
