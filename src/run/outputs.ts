import { readFileSync, statSync } from "node:fs";
import type { RunValue } from "../ir/eval.js";
import type { Type } from "../ir/types.js";

/**
 * An output read back after its step succeeded, with the typing rules of KFP's launcher: an artifact
 * is the file or folder at its path; a parameter is the text of its file, as written for a String
 * (a trailing newline included, so write it with `printf`, not `echo`), and for the other types
 * read as their type, surrounding white space ignored: an Int a whole number, a Float a number, a
 * Bool `true`/`false` (also `1`/`0`, `t`/`f`, `True`/`False`, `TRUE`/`FALSE`, as Go's `ParseBool`),
 * a List a JSON list, a Struct a JSON object.
 */
export type ReadOutput =
  | { readonly value: RunValue }
  | { readonly missing: true }
  | { readonly bad: string; readonly expected: string };

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

export function readOutput(type: Type, path: string): ReadOutput {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return { missing: true };
  }
  if (type.kind !== "param") return { value: null };
  if (!isFile) return { missing: true };
  const text = readFileSync(path, "utf8");
  return parseParameter(type.name, text);
}

/** The value of a parameter output's file text, or why it is not of its type. */
export function parseParameter(type: Extract<Type, { kind: "param" }>["name"], text: string): ReadOutput {
  const t = text.trim();
  const shown = t.length > 40 ? `${t.slice(0, 39)}…` : t;
  const bad = (expected: string): ReadOutput => ({ bad: shown, expected });
  switch (type) {
    case "String":
      return { value: text };
    case "Int":
      return /^[+-]?\d+(\.0*)?$/.test(t) ? { value: Number(t) } : bad("a whole number");
    case "Float":
      return t !== "" && Number.isFinite(Number(t)) && !/^0[xob]/i.test(t) ? { value: Number(t) } : bad("a number");
    case "Bool":
      return TRUE.has(t) ? { value: true } : FALSE.has(t) ? { value: false } : bad("true or false");
    case "List":
    case "Struct": {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch {
        return bad(type === "List" ? "a JSON list" : "a JSON object");
      }
      const ok = type === "List" ? Array.isArray(v) : typeof v === "object" && v !== null && !Array.isArray(v);
      return ok ? { value: v as RunValue } : bad(type === "List" ? "a JSON list" : "a JSON object");
    }
  }
}
