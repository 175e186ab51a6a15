/**
 * `mlpc explain`: what the optimizer decided for each pipeline (cache keys and why a step is not
 * cached, GPU placement and its estimated cost, dead steps, shared definitions), as text or JSON.
 * Pure: resolved program → model (`model.ts`) → text (`text.ts`) or JSON (`json.ts`).
 */
import { explainJson } from "./json.js";
import { EXPLAIN_VERSION, type ExplainReport, type PipelineExplain } from "./model.js";
import { explainText } from "./text.js";

export { explainPipelines, EXPLAIN_VERSION, type ExplainReport, type PipelineExplain, type StepExplain } from "./model.js";
export { explainJson } from "./json.js";
export { explainText, WIDTH } from "./text.js";

/** `--format`: text for people, JSON for tools. */
export type ExplainFormat = "text" | "json";

/** The report of `pipelines` in `format`. */
export function renderExplain(pipelines: readonly PipelineExplain[], format: ExplainFormat): string {
  const report: ExplainReport = { version: EXPLAIN_VERSION, pipelines };
  return format === "json" ? explainJson(report) : explainText(report);
}
