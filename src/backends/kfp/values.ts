import type { Expr } from "../../ir/types.js";

/** The JSON value of a literal expression, or the first part of it that is not a literal. */
export type LiteralResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly at: Expr };

/**
 * The `google.protobuf.Value` (as JSON) of a literal: strings, numbers, booleans, null, and lists and
 * structs of literals. Anything computed at run time (a parameter, a step output…) is not a literal.
 */
export function literalValue(expr: Expr): LiteralResult {
  switch (expr.kind) {
    case "string":
    case "number":
    case "bool":
      return { ok: true, value: expr.value };
    case "null":
      return { ok: true, value: null };
    case "list": {
      const items: unknown[] = [];
      for (const item of expr.items) {
        const v = literalValue(item);
        if (!v.ok) return v;
        items.push(v.value);
      }
      return { ok: true, value: items };
    }
    case "struct": {
      // A Map keeps the fields in the user's order even for names that look like array indices.
      const fields = new Map<string, unknown>();
      for (const f of expr.fields) {
        const v = literalValue(f.value);
        if (!v.ok) return v;
        fields.set(f.name, v.value);
      }
      return { ok: true, value: fields };
    }
    default:
      return { ok: false, at: expr };
  }
}

/**
 * JSON as Python's `json.dumps` writes it with its defaults (`", "` and `": "` separators, every
 * non-ASCII character escaped), which is how the KFP SDK serializes the `IfPresent` placeholder into a
 * command-line string and a literal loop's items. Values are JSON values, with `Map`s as objects.
 */
export function pythonJson(value: unknown): string {
  if (typeof value === "string") return asciiJsonString(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${asciiJsonString(k)}: ${pythonJson(v)}`).join(", ")}}`;
  }
  throw new Error(`pythonJson: unexpected ${typeof value}`);
}

function asciiJsonString(s: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters as Python does (lowercase hex);
  // Python's ensure_ascii also escapes everything above U+007E, UTF-16 code unit by code unit.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
