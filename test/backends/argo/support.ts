import { expect } from "vitest";
import { emitArgo, type ArgoOptions, type ArgoResult } from "../../../src/backends/argo/index.js";
import { recordForSemcheck } from "./semcheck.js";
import { compileWith, expectSpans, type Compiled as SharedCompiled, type Expected } from "../support.js";

/** Components most tests use: parameters and artifacts in and out, pinned images. */
/** A component run in loops (one shard per iteration) and one that fans its results in. */
export const SCORE = `
component score {
  image "ghcr.io/acme/score:1.0"
  input shard: Int
  input name: String = "x"
  output auc: Float
  run ["score", shard, name, auc.path]
}
component summarize {
  image "ghcr.io/acme/sum:1.0"
  input values: List<Float>
  run ["sum", values]
}
`;

/** A `finally` step's component: it takes the run's status. */
export const NOTIFY = `
component notify {
  image "alpine:3.20"
  input status: Status
  input name: String
  run ["notify", status, name]
  sideEffects
}
`;

export const LIB = `
component prepare {
  image  "ghcr.io/acme/prep:1.0"
  input  source: String
  input  sample: Float = 1.0
  output train: Dataset
  output rows: Int
  run    ["prep", "--source", source, "--sample", sample, "--train", train.path, "--rows", rows.path]
}

component train {
  image  "ghcr.io/acme/train:2.3.1"
  input  data: Dataset
  input  lr: Float = 0.001
  input  tags: List<String>?
  output model: Model
  output accuracy: Float
  output verdict: String
  output passed: Bool
  run    ["train", "--data", data.path, "--lr=\${lr}", "--model", model.path, "--accuracy", accuracy.path,
          "--verdict", verdict.path, "--passed", passed.path, if tags ["--tags", tags] else ["--no-tags"]]
}

component echo {
  image  "alpine:3.20"
  input  message: String
  run    ["echo", message]
}
`;

export type Compiled = SharedCompiled<ArgoResult>;

/**
 * Checks `text` (which must have no validation error) and compiles it with the Argo back end; the
 * files are recorded for the test file's argo-semcheck test (`semcheckTest`, its last test).
 */
export function compile(text: string, options: ArgoOptions = {}): Compiled {
  const c = compileWith(text, (program) => emitArgo(program, options));
  recordForSemcheck(c.result.files);
  return c;
}

/** The one manifest `text` compiles to, with no back-end error. */
export function manifest(text: string, options: ArgoOptions = {}): Record<string, any> {
  const c = compile(text, options);
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  expect(errors, errors.map((d) => `${d.code} ${d.message}`).join("\n")).toEqual([]);
  expect(c.docs).toHaveLength(1);
  return c.docs[0];
}

/** The Workflow spec of a manifest (a CronWorkflow's `workflowSpec`). */
export function specOf(doc: Record<string, any>): Record<string, any> {
  return doc.kind === "CronWorkflow" ? doc.spec.workflowSpec : doc.spec;
}

/** A template by name. */
export function template(doc: Record<string, any>, name: string): Record<string, any> {
  const t = specOf(doc).templates.find((x: any) => x.name === name);
  expect(t, `template ${name} in ${specOf(doc).templates.map((x: any) => x.name).join(", ")}`).toBeDefined();
  return t;
}

/** A task of the entrypoint DAG (or of the DAG template `dag`) by name. */
export function task(doc: Record<string, any>, name: string, dag?: string): Record<string, any> {
  const t = template(doc, dag ?? specOf(doc).entrypoint).dag.tasks.find((x: any) => x.name === name);
  expect(t, `task ${name}`).toBeDefined();
  return t;
}

/** A task argument's value by parameter name. */
export function argument(t: Record<string, any>, name: string): unknown {
  return t.arguments?.parameters?.find((p: any) => p.name === name)?.value;
}

export type { Expected } from "../support.js";

/** Compiles `text` and expects exactly these back-end diagnostics (codes and spans, any order). */
export function expectDiagnostics(text: string, expected: readonly Expected[], options: ArgoOptions = {}): Compiled {
  const c = compile(text, options);
  expectSpans(text, c.diagnostics, expected);
  return c;
}
