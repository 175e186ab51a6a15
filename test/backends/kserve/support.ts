import { expect } from "vitest";
import { parse } from "yaml";
import { emitKserve, type KserveResult } from "../../../src/backends/kserve/index.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { checkSource } from "../../helpers.js";
import { spanOf } from "../../passes/validate/support.js";

export interface Compiled {
  readonly result: KserveResult;
  /** Each file's YAML, parsed. */
  readonly docs: Record<string, any>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks `text` as main.mlpipe (which must have no validation error: back ends run on valid programs
 * only) and compiles it with the KServe back end.
 */
export function compile(text: string): Compiled {
  const checked = checkSource(text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join("\n")).toEqual([]);
  const result = emitKserve(checked.program!);
  return { result, docs: result.files.map((f) => parse(f.content) as Record<string, any>), diagnostics: result.diagnostics };
}

/** The one InferenceService `text` compiles to, with no back-end diagnostic at all. */
export function isvc(text: string): Record<string, any> {
  const c = compile(text);
  expect(c.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  expect(c.docs).toHaveLength(1);
  return c.docs[0];
}

/** `serve <name> { … }` with the given items. */
export const serve = (items: string, name = "fraud"): string => `serve ${name} {\n${items}}\n`;

/** [code, the source text the span covers (or context with «span»), which occurrence (default 0)]. */
export type Expected = readonly [code: string, text: string, nth?: number];

/** Compiles `text` and expects exactly these back-end diagnostics (codes and spans, any order). */
export function expectBackendDiagnostics(text: string, expected: readonly Expected[]): Compiled {
  const c = compile(text);
  const key = (d: { code: string; loc?: { file: string; line: number; col: number; endLine: number; endCol: number } }) =>
    d.loc === undefined ? `${d.code} (no location)` : `${d.code} ${d.loc.file}:${d.loc.line}:${d.loc.col}-${d.loc.endLine}:${d.loc.endCol}`;
  const actual = c.diagnostics.map(key).sort();
  const wanted = expected.map(([code, needle, nth]) => key({ code, loc: spanOf(text, needle, nth) })).sort();
  expect(actual, c.diagnostics.map((d) => `${key(d)} ${d.message}`).join("\n")).toEqual(wanted);
  return c;
}
