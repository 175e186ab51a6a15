/** Mermaid and Graphviz DOT text of a pipeline graph. */
import type { Graph, GraphCluster, GraphNode } from "./model.js";

/** Children of each cluster (`""` is the top level), in the order they were added. */
function tree(graph: Graph): { clusters: Map<string, GraphCluster[]>; nodes: Map<string, GraphNode[]> } {
  const clusters = new Map<string, GraphCluster[]>();
  const nodes = new Map<string, GraphNode[]>();
  for (const c of graph.clusters) clusters.set(c.parent ?? "", [...(clusters.get(c.parent ?? "") ?? []), c]);
  for (const n of graph.nodes) nodes.set(n.cluster ?? "", [...(nodes.get(n.cluster ?? "") ?? []), n]);
  return { clusters, nodes };
}

/** Short ids (`n0`, `c0`) by position: names come from user data and may hold any character. */
function shortIds(graph: Graph): Map<string, string> {
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.id, `n${i}`));
  graph.clusters.forEach((c, i) => ids.set(c.id, `c${i}`));
  return ids;
}

/** Text for a quoted Mermaid label: entity codes for what Mermaid or HTML would read, `<br/>` between lines. */
export function mermaidText(lines: readonly string[]): string {
  const esc = (s: string): string =>
    s.replace(/[#"&<>|`\\]/g, (ch) => `#${ch.codePointAt(0)};`).replace(/\r\n|\r|\n/g, "<br/>");
  return lines.map(esc).join("<br/>");
}

const MERMAID_SHAPES: Record<GraphNode["shape"], [string, string]> = {
  step: ["[", "]"],
  importer: ["[/", "/]"],
  deploy: ["{{", "}}"],
};

export function toMermaid(graph: Graph): string {
  const ids = shortIds(graph);
  const { clusters, nodes } = tree(graph);
  const out: string[] = ["flowchart TB"];
  const emit = (parent: string, indent: string): void => {
    for (const n of nodes.get(parent) ?? []) {
      const [open, close] = MERMAID_SHAPES[n.shape];
      out.push(`${indent}${ids.get(n.id)}${open}"${mermaidText(n.lines)}"${close}`);
    }
    for (const c of clusters.get(parent) ?? []) {
      out.push(`${indent}subgraph ${ids.get(c.id)}["${mermaidText([c.label])}"]`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  emit("", "  ");
  for (const e of graph.edges) {
    const arrow = e.kind === "after" ? "-.->" : "-->";
    const label = e.label === undefined ? "" : `|"${mermaidText([e.label])}"|`;
    out.push(`  ${ids.get(e.from)} ${arrow}${label} ${ids.get(e.to)}`);
  }
  const styled = (shape: GraphNode["shape"]): string[] => graph.nodes.filter((n) => n.shape === shape).map((n) => ids.get(n.id)!);
  for (const [kind, ids_] of [["importer", styled("importer")], ["deploy", styled("deploy")]] as const) {
    if (ids_.length > 0) out.push(`  class ${ids_.join(",")} ${kind}`);
  }
  const gpu = graph.nodes.filter((n) => n.lines.some((l) => l.startsWith("GPU ×"))).map((n) => ids.get(n.id)!);
  if (gpu.length > 0) out.push(`  class ${gpu.join(",")} gpu`);
  out.push("  classDef importer fill:#eef6ff,stroke:#3b6ea5");
  out.push("  classDef deploy fill:#eefbea,stroke:#3c8a35");
  out.push("  classDef gpu fill:#fff4e0,stroke:#b36b00");
  return out.join("\n") + "\n";
}

/** A DOT double-quoted string: backslash and quote escaped, line breaks as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, "\\n")}"`;
}

const DOT_SHAPES: Record<GraphNode["shape"], string> = {
  step: "box, style=rounded",
  importer: "parallelogram",
  deploy: "hexagon",
};

export function toDot(graph: Graph): string {
  const { clusters, nodes } = tree(graph);
  const out: string[] = [`digraph ${dotString(graph.name)} {`, "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  const emit = (parent: string, indent: string): void => {
    for (const n of nodes.get(parent) ?? []) {
      const gpu = n.lines.some((l) => l.startsWith("GPU ×")) ? ', color="#b36b00"' : "";
      out.push(`${indent}${dotString(n.id)} [shape=${DOT_SHAPES[n.shape]}, label=${dotString(n.lines.join("\n"))}${gpu}];`);
    }
    for (const c of clusters.get(parent) ?? []) {
      out.push(`${indent}subgraph ${dotString(`cluster_${c.id}`)} {`);
      out.push(`${indent}  label=${dotString(c.label)};`);
      out.push(`${indent}  style=${c.kind === "pipeline" ? "solid" : "dashed"};`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}}`);
    }
  };
  emit("", "  ");
  for (const e of graph.edges) {
    const attrs = [e.label === undefined ? undefined : `label=${dotString(e.label)}`, e.kind === "after" ? "style=dashed" : undefined].filter((a) => a !== undefined);
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}
