/**
 * SVG of a pipeline graph, laid out by @dagrejs/dagre (a compound layered layout). Loaded only by
 * `mlpc graph --format svg`. Text sizes are estimated per character, generously, so labels fit.
 */
import type { Graph, GraphNode } from "./model.js";

const FONT = 12;
const CHAR = 7.2;
const LINE = 16;
const PAD_X = 12;
const PAD_Y = 8;
const EDGE_FONT = 10;
const EDGE_CHAR = 6;
/** Width of a character of a (bold, 11px) cluster label. */
const CLUSTER_CHAR = 7;
/** Room at the top of a cluster for its label. */
const CLUSTER_LABEL = 18;

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function textWidth(s: string, char: number): number {
  return [...s].length * char;
}

/** `text`, cut with `…` to what fits in `width` (the whole label is the cluster's `<title>`). */
export function fit(text: string, width: number, char: number): string {
  const chars = [...text];
  const max = Math.max(1, Math.floor(width / char));
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const n2 = (v: number): string => (Math.round(v * 10) / 10).toString();

export async function toSvg(graph: Graph): Promise<string> {
  const dagre = (await import("@dagrejs/dagre")).default;
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 30, ranksep: 50, edgesep: 15, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of graph.clusters) {
    g.setNode(c.id, { label: c.label, paddingTop: CLUSTER_LABEL + 8, paddingLeft: 10, paddingRight: 10, paddingBottom: 10 });
  }
  for (const c of graph.clusters) if (c.parent !== undefined) g.setParent(c.id, c.parent);
  for (const n of graph.nodes) {
    const width = Math.max(...n.lines.map((l) => textWidth(l, CHAR))) + 2 * PAD_X + (n.shape === "step" ? 0 : 24);
    g.setNode(n.id, { width, height: n.lines.length * LINE + 2 * PAD_Y });
    if (n.cluster !== undefined) g.setParent(n.id, n.cluster);
  }
  graph.edges.forEach((e, i) => {
    const label = e.label ?? "";
    g.setEdge(e.from, e.to, { width: label === "" ? 0 : textWidth(label, EDGE_CHAR) + 6, height: label === "" ? 0 : 14, labelpos: "c" }, `e${i}`);
  });
  dagre.layout(g);

  const { width = 0, height = 0 } = g.graph() as { width?: number; height?: number };
  // A cluster label sits in the band above its content; dagre keeps the band free of nodes but not of
  // edges, hence the white backing behind each label.
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(width)}" height="${n2(height)}" viewBox="0 0 ${n2(width)} ${n2(height)}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    `<title>${xml(graph.name)}</title>`,
    "<defs>",
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>',
    "</defs>",
    '<rect width="100%" height="100%" fill="#ffffff"/>',
  ];
  // Outer clusters first, so inner ones draw over them.
  const depth = (id: string): number => {
    let d = 0;
    for (let p = graph.clusters.find((c) => c.id === id)?.parent; p !== undefined; p = graph.clusters.find((c) => c.id === p)?.parent) d++;
    return d;
  };
  const ordered = graph.clusters.map((c, i) => ({ c, i, d: depth(c.id) })).sort((a, b) => a.d - b.d || a.i - b.i);
  for (const { c } of ordered) {
    const b = g.node(c.id) as { x: number; y: number; width: number; height: number };
    const x = b.x - b.width / 2;
    const y = b.y - b.height / 2;
    const style = CLUSTER_STYLE[c.kind];
    out.push(`<g class="cluster ${c.kind}" data-id="${xml(c.id)}">`);
    out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(b.width)}" height="${n2(b.height)}" rx="6" fill="${style.fill}" stroke="${style.stroke}"${style.dash ? ' stroke-dasharray="5,3"' : ""}/>`);
    out.push(`<title>${xml(c.label)}</title>`);
    out.push(`<text x="${n2(x + 8)}" y="${n2(y + 15)}" font-size="11" font-weight="bold" fill="${style.stroke}">${xml(fit(c.label, b.width - 16, CLUSTER_CHAR))}</text>`);
    out.push("</g>");
  }
  graph.edges.forEach((e, i) => {
    const edge = g.edge(e.from, e.to, `e${i}`) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const d = edge.points.map((p, k) => `${k === 0 ? "M" : "L"}${n2(p.x)},${n2(p.y)}`).join(" ");
    out.push(`<g class="edge ${e.kind}" data-from="${xml(e.from)}" data-to="${xml(e.to)}">`);
    out.push(`<path d="${d}" fill="none" stroke="#555" stroke-width="1.2"${e.kind === "after" ? ' stroke-dasharray="5,4"' : ""} marker-end="url(#arrow)"/>`);
    if (e.label !== undefined && edge.x !== undefined && edge.y !== undefined) {
      const w = textWidth(e.label, EDGE_CHAR) + 6;
      out.push(`<rect x="${n2(edge.x - w / 2)}" y="${n2(edge.y - 7)}" width="${n2(w)}" height="14" fill="#ffffff" fill-opacity="0.85"/>`);
      out.push(`<text x="${n2(edge.x)}" y="${n2(edge.y + 3.5)}" font-size="${EDGE_FONT}" text-anchor="middle" fill="#333">${xml(e.label)}</text>`);
    }
    out.push("</g>");
  });
  for (const n of graph.nodes) {
    const b = g.node(n.id) as { x: number; y: number; width: number; height: number };
    out.push(`<g class="node ${n.shape}" data-id="${xml(n.id)}">`);
    out.push(nodeShape(n, b));
    n.lines.forEach((line, k) => {
      const y = b.y - (n.lines.length * LINE) / 2 + LINE * k + LINE * 0.75;
      const weight = k === 0 ? ' font-weight="bold"' : "";
      out.push(`<text x="${n2(b.x)}" y="${n2(y)}" text-anchor="middle"${weight} fill="#111">${xml(line)}</text>`);
    });
    out.push("</g>");
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

const CLUSTER_STYLE: Record<Graph["clusters"][number]["kind"], { fill: string; stroke: string; dash: boolean }> = {
  loop: { fill: "#f3f0ff", stroke: "#6a4fb3", dash: true },
  branch: { fill: "#fffbe8", stroke: "#9a7a00", dash: true },
  finally: { fill: "#fdeeee", stroke: "#a33a3a", dash: true },
  pipeline: { fill: "#eef3f8", stroke: "#3b5b7a", dash: false },
};

function nodeShape(n: GraphNode, b: { x: number; y: number; width: number; height: number }): string {
  const x = b.x - b.width / 2;
  const y = b.y - b.height / 2;
  const gpu = n.lines.some((l) => l.startsWith("GPU ×"));
  switch (n.shape) {
    case "step":
      return `<rect x="${n2(x)}" y="${n2(y)}" width="${n2(b.width)}" height="${n2(b.height)}" rx="5" fill="${gpu ? "#fff4e0" : "#ffffff"}" stroke="${gpu ? "#b36b00" : "#333"}" stroke-width="${gpu ? 2 : 1.2}"/>`;
    case "importer": {
      const s = 12;
      return `<path d="M${n2(x + s)},${n2(y)} L${n2(x + b.width)},${n2(y)} L${n2(x + b.width - s)},${n2(y + b.height)} L${n2(x)},${n2(y + b.height)} z" fill="#eef6ff" stroke="#3b6ea5" stroke-width="1.2"/>`;
    }
    case "deploy": {
      const s = 12;
      return `<path d="M${n2(x + s)},${n2(y)} L${n2(x + b.width - s)},${n2(y)} L${n2(x + b.width)},${n2(b.y)} L${n2(x + b.width - s)},${n2(y + b.height)} L${n2(x + s)},${n2(y + b.height)} L${n2(x)},${n2(b.y)} z" fill="#eefbea" stroke="#3c8a35" stroke-width="1.2"/>`;
    }
  }
}

