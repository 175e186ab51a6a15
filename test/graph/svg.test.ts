import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { checkFile } from "../../src/compiler.js";
import { fileHost } from "../../src/cli/fs-host.js";
import { buildGraph } from "../../src/graph/model.js";
import { toSvg } from "../../src/graph/svg.js";
import { isNamedNode, subExpressions, walkNodes } from "../../src/ir/query/walk.js";
import { resolveCall } from "../../src/ir/query/callee.js";
import type { Pipeline, Program } from "../../src/ir/types.js";

const EXAMPLES = ["batch_scoring", "data_validation", "kb_embeddings", "llm_finetune", "tabular_training", "vision_gpu"];

/** The nodes a pipeline has once called pipelines are expanded: its steps, importers and deploys. */
function countNodes(program: Program, pipeline: Pipeline): number {
  let n = 0;
  for (const { node } of walkNodes(pipeline)) {
    if (!isNamedNode(node)) continue;
    const callee = node.kind === "step" ? resolveCall(program, node.call) : undefined;
    n += callee?.kind === "pipeline" ? countNodes(program, callee.pipeline) : 1;
  }
  return n;
}

/** The dependencies of a pipeline without called pipelines: `from→to:output → input`, `from→to:after`. */
function dependencies(program: Program, pipeline: Pipeline): string[] {
  const out = new Set<string>();
  for (const { node } of walkNodes(pipeline)) {
    if (!isNamedNode(node)) continue;
    const exprs = node.kind === "step" ? node.arguments.map((a) => [a.name, a.value] as const) : node.kind === "importer" ? [["uri", node.uri] as const] : [];
    for (const [input, value] of exprs) {
      for (const e of subExpressions(value)) if (e.kind === "output" || e.kind === "collect") out.add(`${e.step}→${node.name}:${e.output} → ${input}`);
    }
    if (node.kind === "deploy") {
      const serve = program.serves.find((s) => s.name === node.serve)!;
      for (const e of subExpressions(serve.model.storage)) if (e.kind === "output") out.add(`${e.step}→${node.name}:${e.output} → storage`);
    }
    for (const a of node.after) out.add(`${a.step}→${node.name}:after`);
  }
  return [...out].sort();
}

interface Box { id: string; x0: number; y0: number; x1: number; y1: number }

function nodeBoxes(svg: string): Box[] {
  const boxes: Box[] = [];
  for (const m of svg.matchAll(/<g class="node \w+" data-id="([^"]*)">\n(<[^\n]*>)/g)) {
    const shape = m[2];
    const rect = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(shape);
    if (rect !== null) {
      const [x, y, w, h] = rect.slice(1).map(Number);
      boxes.push({ id: m[1], x0: x, y0: y, x1: x + w, y1: y + h });
      continue;
    }
    const nums = [...(/ d="([^"]*)"/.exec(shape)?.[1] ?? "").matchAll(/([-\d.]+),([-\d.]+)/g)].map((p) => [Number(p[1]), Number(p[2])]);
    expect(nums.length).toBeGreaterThan(2);
    boxes.push({ id: m[1], x0: Math.min(...nums.map((p) => p[0])), y0: Math.min(...nums.map((p) => p[1])), x1: Math.max(...nums.map((p) => p[0])), y1: Math.max(...nums.map((p) => p[1])) });
  }
  return boxes;
}

const cases = EXAMPLES.flatMap((name) => {
  const result = checkFile(join("examples", `${name}.mlpipe`), fileHost(process.cwd()));
  const program = result.program!;
  return program.pipelines.map((pipeline) => ({ name: `${name}: ${pipeline.name}`, program, pipeline }));
});

describe("SVG of every example pipeline", () => {
  it("covers every pipeline of the examples", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "batch_scoring: nightly_fraud_scoring",
      "data_validation: data_quality_gate",
      "kb_embeddings: kb_embeddings",
      "llm_finetune: llm_eval",
      "llm_finetune: support_assistant_sft",
      "tabular_training: fraud_training",
      "vision_gpu: defect_detection",
    ]);
  });

  for (const { name, program, pipeline } of cases) {
    it(`${name}: well-formed, one node per step, one edge per dependency, no overlapping boxes, same bytes twice`, async () => {
      const svg = await toSvg(buildGraph(program, pipeline));
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(await toSvg(buildGraph(program, pipeline))).toBe(svg);

      const boxes = nodeBoxes(svg);
      expect(boxes.length).toBe(countNodes(program, pipeline));
      expect(new Set(boxes.map((b) => b.id)).size).toBe(boxes.length);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }

      const edges = [...svg.matchAll(/<g class="edge (data|after)" data-from="([^"]*)" data-to="([^"]*)">\n<path[^\n]*\n(?:<rect[^\n]*\n<text[^>]*>([^<]*)<\/text>)?/g)].map(
        (m) => `${m[2]}→${m[3]}:${m[1] === "after" ? "after" : m[4].replace(/&gt;/g, ">")}`,
      );
      expect(edges.length).toBe((svg.match(/<g class="edge /g) ?? []).length);
      const ids = new Set(boxes.map((b) => b.id));
      for (const e of edges) expect(ids.has(e.slice(0, e.indexOf("→"))) && ids.has(e.slice(e.indexOf("→") + 1, e.indexOf(":")))).toBe(true);
      const calls = walkNodes(pipeline).some(({ node }) => node.kind === "step" && resolveCall(program, node.call)?.kind === "pipeline");
      if (!calls) expect([...edges].sort()).toEqual(dependencies(program, pipeline));
    });
  }
});

describe("the layout library", () => {
  it("is imported by src/graph/svg.ts only, which only src/graph/index.ts imports, lazily", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const files = (readdirSync("src", { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();
    const dagre = files.filter((f) => readFileSync(join("src", f), "utf8").includes("@dagrejs/dagre"));
    expect(dagre).toEqual([join("graph", "svg.ts")]);
    const svg = files.filter((f) => /from "\.\.?\/(graph\/)?svg\.js"|import\("\.\.?\/(graph\/)?svg\.js"\)/.test(readFileSync(join("src", f), "utf8")));
    expect(svg).toEqual([join("graph", "index.ts")]);
    expect(readFileSync("src/graph/index.ts", "utf8")).toContain('await import("./svg.js")');
    expect(readFileSync("src/graph/svg.ts", "utf8")).toContain('await import("@dagrejs/dagre")');
    expect(readFileSync("src/cli/main.ts", "utf8")).not.toMatch(/^import .*graph\//m);
  });
});
