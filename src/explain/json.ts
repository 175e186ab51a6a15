import type { ExplainReport } from "./model.js";

/**
 * `mlpc explain --format json`: the report for tools, as `schemas/explain.schema.json` describes it;
 * 2-space indentation and a final newline, keys in the order the model gives them (fixed).
 */
export function explainJson(report: ExplainReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
