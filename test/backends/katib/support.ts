import { expect } from "vitest";
import { emitKatib, type KatibResult } from "../../../src/backends/katib/index.js";
import { katibTrialWorkflows, recordForSemcheck } from "../argo/semcheck.js";
import { compileWith, expectSpans, type Compiled as SharedCompiled, type Expected } from "../support.js";

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

export type Compiled = SharedCompiled<KatibResult>;

/**
 * Checks `text` as main.mlpipe (which must have no validation error: back ends run on valid programs
 * only) and compiles it with the Katib back end; the Argo Workflows of its trials are recorded for the
 * test file's argo-semcheck test, if it has one.
 */
export function compile(text: string): Compiled {
  const c = compileWith(text, (program) => emitKatib(program));
  recordForSemcheck(katibTrialWorkflows(c.result.files));
  return c;
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

export type { Expected } from "../support.js";

/**
 * Compiles `text` and expects exactly these back-end diagnostics (codes and spans, any order).
 * Returns the result for further assertions.
 */
export function expectBackendDiagnostics(text: string, expected: readonly Expected[]): Compiled {
  const c = compile(text);
  expectSpans(text, c.diagnostics, expected);
  return c;
}
