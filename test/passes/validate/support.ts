import { expect } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { Loc } from "../../../src/ir/types.js";
import { checkSource } from "../../helpers.js";

/**
 * Components (and one sub-pipeline) the rule tests share, in `lib.mlpipe`; a test's own source is
 * `main.mlpipe`, which imports it. Every output is written, every image pinned: the library alone
 * produces no diagnostic.
 */
export const LIB = `
component prepare {
  image "ghcr.io/acme/prep:1.0"
  input source: String
  input sample: Float = 1.0
  output train: Dataset
  output test: Dataset
  run ["prep", "--source", source, "--sample", sample, "--train", train.path, "--test", test.path]
}

component train {
  image "ghcr.io/acme/train:2.3.1"
  input data: Dataset
  input lr: Float = 0.001
  input epochs: Int = 10
  input tags: List<String>?
  output model: Model
  output accuracy: Float
  output passed: Bool
  run ["train", "--data", data.path, "--lr", lr, "--epochs", epochs, "--model", model.path,
       "--accuracy", accuracy.path, "--passed", passed.path, if tags ["--tags", tags]]
}

component evaluate {
  image "ghcr.io/acme/eval:1.4"
  input model: Model
  input test: Dataset
  output metrics: Metrics
  output verdict: String
  run ["eval", model.path, test.path, metrics.path, verdict.path]
}

component score {
  image "ghcr.io/acme/score:1.0"
  input model: Model
  input shard: Int
  output auc: Float
  run ["score", model.path, shard, auc.path]
}

component summarize {
  image "ghcr.io/acme/summarize:1.0"
  input aucs: List<Float>
  output best: Float
  run ["summarize", aucs, best.path]
}

component publish {
  image "ghcr.io/acme/publish:1.0"
  input artifact: Artifact
  input name: String
  run ["publish", artifact.uri, name]
}

component notify {
  image "ghcr.io/acme/notify:1.0"
  input message: String
  run ["notify", message]
}

component report {
  image "ghcr.io/acme/report:1.0"
  input status: Status
  input channel: String = "#ml"
  run ["report", status, channel]
}

component sweep {
  image "ghcr.io/acme/sweep:1.0"
  input lr: Float
  input depth: Int = 3
  input kernel: String = "rbf"
  output loss: Float
  output accuracy: Float
  run ["sweep", lr, depth, kernel, loss.path, accuracy.path]
}

pipeline train_eval {
  param source: String
  output model: Model = fit.model
  output accuracy: Float = fit.accuracy
  prep = prepare(source: source)
  fit = train(data: prep.train)
}
`;

export interface Checked {
  /** The text of main.mlpipe as checked. */
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Checks `main` as main.mlpipe; with `lib` (the default) it first imports LIB from lib.mlpipe. */
export function check(main: string, { lib = true }: { lib?: boolean } = {}): Checked {
  const text = lib ? `import "lib.mlpipe"\n${main}` : main;
  const result = checkSource(lib ? { "main.mlpipe": text, "lib.mlpipe": LIB } : { "main.mlpipe": text });
  return { text, diagnostics: result.diagnostics };
}

/**
 * Where the `nth` occurrence (0-based) of `needle` is in `text`, as a main.mlpipe location. Markers
 * narrow the span inside its context: `"component «a»"` finds `component a` and spans just `a`.
 */
export function spanOf(text: string, needle: string, nth = 0): Loc {
  const open = needle.indexOf("«");
  const close = needle.indexOf("»");
  const plain = needle.replace("«", "").replace("»", "");
  const from = open < 0 ? 0 : open;
  const to = close < 0 ? plain.length : close - 1;
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(plain, offset + 1);
    if (offset < 0) throw new Error(`'${plain}' occurs fewer than ${nth + 1} times in the source`);
  }
  const position = (o: number): { line: number; col: number } => {
    const before = text.slice(0, o).split("\n");
    return { line: before.length, col: before[before.length - 1].length + 1 };
  };
  const start = position(offset + from);
  const end = position(offset + to);
  return { file: "main.mlpipe", line: start.line, col: start.col, endLine: end.line, endCol: end.col };
}

/** [code, the source text the span covers (or context with «span»), which occurrence of it (default 0)]. */
export type Expected = readonly [code: string, text: string, nth?: number];

const key = (code: string, l: Loc | undefined): string =>
  l === undefined ? `${code} (no location)` : `${code} ${l.file}:${l.line}:${l.col}-${l.endLine}:${l.endCol}`;

/**
 * Checks `main` and expects exactly the `expected` diagnostics (codes and spans, in any order), no
 * more; returns them, in source order, for further assertions.
 */
export function expectDiagnostics(main: string, expected: readonly Expected[], options: { lib?: boolean } = {}): readonly Diagnostic[] {
  const { text, diagnostics } = check(main, options);
  const actual = diagnostics.map((d) => key(d.code, d.loc)).sort();
  const wanted = expected.map(([code, needle, nth]) => key(code, spanOf(text, needle, nth))).sort();
  expect(actual, diagnostics.map((d) => `${key(d.code, d.loc)} ${d.message}`).join("\n")).toEqual(wanted);
  return diagnostics;
}

/** The spans of a diagnostic's related locations, as [line, col] pairs. */
export function relatedAt(d: Diagnostic): [number, number][] {
  return d.related.map((r) => [r.loc.line, r.loc.col]);
}

/** [line, col] of the `nth` occurrence of `needle` in the checked text. */
export function at(text: string, needle: string, nth = 0): [number, number] {
  const l = spanOf(text, needle, nth);
  return [l.line, l.col];
}
