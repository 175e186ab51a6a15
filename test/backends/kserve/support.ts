import { expect } from "vitest";
import { emitKserve, type KserveResult } from "../../../src/backends/kserve/index.js";
import { compileWith, expectSpans, type Compiled as SharedCompiled, type Expected } from "../support.js";

export type Compiled = SharedCompiled<KserveResult>;

/**
 * Checks `text` as main.mlpipe (which must have no validation error: back ends run on valid programs
 * only) and compiles it with the KServe back end.
 */
export function compile(text: string): Compiled {
  return compileWith(text, (program) => emitKserve(program));
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

export type { Expected } from "../support.js";

/** Compiles `text` and expects exactly these back-end diagnostics (codes and spans, any order). */
export function expectBackendDiagnostics(text: string, expected: readonly Expected[]): Compiled {
  const c = compile(text);
  expectSpans(text, c.diagnostics, expected);
  return c;
}
