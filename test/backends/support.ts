import { expect } from "vitest";
import { parse } from "yaml";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { Program } from "../../src/ir/types.js";
import { checkSource } from "../helpers.js";
import { spanOf } from "../passes/validate/support.js";

/** What a back end's emit function returns, as far as these helpers read it. */
export interface EmitResultLike {
  readonly files: readonly { readonly content: string }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A source compiled by one back end. */
export interface Compiled<R extends EmitResultLike> {
  readonly text: string;
  readonly result: R;
  /** Each file's YAML (its first document), parsed. */
  readonly docs: Record<string, any>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks `text` as main.mlpipe (which must have no validation error: back ends run on valid programs
 * only) and compiles it with `emit`.
 */
export function compileWith<R extends EmitResultLike>(text: string, emit: (program: Program) => R): Compiled<R> {
  const checked = checkSource(text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join("\n")).toEqual([]);
  const result = emit(checked.program!);
  return { text, result, docs: result.files.map((f) => parse(f.content) as Record<string, any>), diagnostics: result.diagnostics };
}

/** [code, the source text the span covers (or context with «span»), which occurrence (default 0)]. */
export type Expected = readonly [code: string, text: string, nth?: number];

/** Expects exactly these diagnostics of `text` (codes and spans, in any order). */
export function expectSpans(text: string, diagnostics: readonly Diagnostic[], expected: readonly Expected[]): void {
  const key = (d: { code: string; loc?: { file: string; line: number; col: number; endLine: number; endCol: number } }) =>
    d.loc === undefined ? `${d.code} (no location)` : `${d.code} ${d.loc.file}:${d.loc.line}:${d.loc.col}-${d.loc.endLine}:${d.loc.endCol}`;
  const actual = diagnostics.map(key).sort();
  const wanted = expected.map(([code, needle, nth]) => key({ code, loc: spanOf(text, needle, nth) })).sort();
  expect(actual, diagnostics.map((d) => `${key(d)} ${d.message}`).join("\n")).toEqual(wanted);
}
