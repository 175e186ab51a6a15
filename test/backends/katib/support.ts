import { expect } from "vitest";
import { parse } from "yaml";
import { emitKatib, type KatibResult } from "../../../src/backends/katib/index.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { checkSource } from "../../helpers.js";
import { spanOf } from "../../passes/validate/support.js";

/** A component most tests tune: every kind of input a trial gets a value for. */
export const TRAIN = `component train {
  image  "ghcr.io/acme/train:2.3.1"
  input  data_uri: String
  input  lr: Float = 0.01
  input  depth: Int = 3
  input  booster: String = "gbtree"
  output loss: Float
  output accuracy: Float
  run    ["python", "train.py", "--data", data_uri, "--lr=\${lr}", "--depth", depth, "--booster", booster]
}
`;

/** A tune of `train` with `body` inside. */
export const tuneOf = (body: string, name = "hpo"): string =>
  `${TRAIN}\ntune ${name} of train {\n  objective minimize loss\n  algorithm random\n${body}}\n`;

export interface Compiled {
  readonly text: string;
  readonly result: KatibResult;
  /** Each file's YAML, parsed. */
  readonly docs: Record<string, any>[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Checks `text` as main.mlpipe (which must have no validation error: back ends run on valid programs
 * only) and compiles it with the Katib back end.
 */
export function compile(text: string): Compiled {
  const checked = checkSource(text);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join("\n")).toEqual([]);
  const result = emitKatib(checked.program!);
  return { text, result, docs: result.files.map((f) => parse(f.content) as Record<string, any>), diagnostics: result.diagnostics };
}

/** The one Experiment `text` compiles to, with no back-end error. */
export function experiment(text: string): Record<string, any> {
  const c = compile(text);
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join("\n")).toEqual([]);
  expect(c.docs).toHaveLength(1);
  return c.docs[0];
}

/** The trial Job's pod spec and primary container of an Experiment. */
export function trialPod(exp: Record<string, any>): { pod: Record<string, any>; container: Record<string, any> } {
  const pod = exp.spec.trialTemplate.trialSpec.spec.template.spec;
  return { pod, container: pod.containers[0] };
}

/** [code, the source text the span covers (or context with «span»), which occurrence (default 0)]. */
export type Expected = readonly [code: string, text: string, nth?: number];

/**
 * Compiles `text` and expects exactly these back-end diagnostics (codes and spans, any order).
 * Returns the result for further assertions.
 */
export function expectBackendDiagnostics(text: string, expected: readonly Expected[]): Compiled {
  const c = compile(text);
  const key = (d: { code: string; loc?: { file: string; line: number; col: number; endLine: number; endCol: number } }) =>
    d.loc === undefined ? `${d.code} (no location)` : `${d.code} ${d.loc.file}:${d.loc.line}:${d.loc.col}-${d.loc.endLine}:${d.loc.endCol}`;
  const actual = c.diagnostics.map(key).sort();
  const wanted = expected.map(([code, needle, nth]) => key({ code, loc: spanOf(text, needle, nth) })).sort();
  expect(actual, c.diagnostics.map((d) => `${key(d)} ${d.message}`).join("\n")).toEqual(wanted);
  return c;
}
