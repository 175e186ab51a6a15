/** `mlpc graph`: a picture of one pipeline as Mermaid, Graphviz DOT or SVG. */
import type { Program } from "../ir/types.js";
import { buildGraph } from "./model.js";
import type { PipelineCachePlan } from "../passes/optimize/cache.js";
import { toDot, toMermaid } from "./text.js";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The pipeline to draw: the one named, or the only one; otherwise why not (a usage message). */
export function pickPipeline(programs: readonly Program[], name: string | undefined): { program: Program; pipeline: Program["pipelines"][number] } | { error: string } {
  const all = programs.flatMap((program) => program.pipelines.map((pipeline) => ({ program, pipeline })));
  const names = [...new Set(all.map((p) => p.pipeline.name))].sort();
  const list = names.map((n) => `'${n}'`).join(", ") || "none";
  if (name !== undefined) {
    const found = all.find((p) => p.pipeline.name === name);
    return found ?? { error: `there is no pipeline '${name}' in the sources; the pipelines are ${list}.` };
  }
  if (all.length === 1) return all[0];
  if (all.length === 0) return { error: "the sources define no pipeline to draw." };
  return { error: `the sources define several pipelines; pick one with --pipeline NAME (${list}).` };
}

/** The graph of `pipeline` in `format`; with the run's cache plan, steps say whether they are cached. */
export async function renderGraph(program: Program, pipeline: Program["pipelines"][number], format: GraphFormat, cache?: PipelineCachePlan): Promise<string> {
  const graph = buildGraph(program, pipeline, cache);
  if (format === "mermaid") return toMermaid(graph);
  if (format === "dot") return toDot(graph);
  const { toSvg } = await import("./svg.js");
  return toSvg(graph);
}
