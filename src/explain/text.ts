/**
 * `mlpc explain --format text`: the report for people, at most `WIDTH` columns wide. Per pipeline a
 * header, the step table (one row per step: columns of fixed maximum widths, a longer value cut with
 * `…` and written out in full under the row), under a step the lines that need words (why it is not cached, the names its key is made of,
 * whether it is dead), wrapped at the width; then the shared definitions and the pools with the cost.
 */
import { SHARING } from "../passes/optimize/dedup.js";
import type { ExplainReport, PipelineExplain, StepExplain } from "./model.js";

/** The widest line the text has. */
export const WIDTH = 100;
/** How many hex digits of a key the table shows. */
export const SHORT_HASH = 10;

interface Column {
  readonly title: string;
  /** The widest the column gets; longer values are cut. */
  readonly max: number;
  readonly value: (s: StepExplain) => string;
  readonly right?: boolean;
}

/** 22 + 10 + 20 + 8 + 12 + 6 + 10 + 2 × 6 gaps = 100 columns at most. */
const COLUMNS: readonly Column[] = [
  { title: "STEP", max: 22, value: (s) => s.step },
  { title: "POOL", max: 10, value: (s) => s.pool ?? "any node" },
  { title: "GPU", max: 20, value: (s) => (s.gpu === null ? "-" : s.gpu.mig !== null ? `${s.gpu.count} × MIG ${s.gpu.mig}` : s.gpu.type === null ? String(s.gpu.count) : `${s.gpu.count} × ${s.gpu.type}`) },
  { title: "CPU", max: 8, value: (s) => s.cpu ?? "-" },
  { title: "MEMORY", max: 12, value: (s) => s.memory ?? "-" },
  { title: "CACHED", max: 6, value: (s) => (s.cached ? "yes" : "no") },
  { title: "KEY", max: SHORT_HASH, value: (s) => s.key.hash.slice(0, SHORT_HASH) },
];
const GAP = "  ";
const INDENT = "    ";

/** The whole report: each pipeline's section, separated by a blank line. */
export function explainText(report: ExplainReport): string {
  if (report.pipelines.length === 0) return "No pipeline to explain.\n";
  return report.pipelines.map(pipelineText).join("\n");
}

function pipelineText(p: PipelineExplain): string {
  const lines: string[] = [];
  lines.push(...wrap(`pipeline ${p.name} (${p.file}), ${p.cluster === null ? "no cluster profile" : `cluster profile ${p.cluster}`}`, ""));
  lines.push("");
  if (p.steps.length === 0) lines.push("No step runs a component.");
  else lines.push(...stepTable(p.steps));
  lines.push("");
  lines.push(...sharedText(p));
  lines.push("");
  lines.push(...poolText(p));
  return lines.map((l) => `${l}\n`).join("");
}

function stepTable(steps: readonly StepExplain[]): string[] {
  const full = steps.map((s) => COLUMNS.map((c) => c.value(s)));
  const cells = full.map((row) => row.map((v, i) => cut(v, COLUMNS[i].max)));
  const widths = COLUMNS.map((c, i) => Math.max(length(c.title), ...cells.map((row) => length(row[i]))));
  const row = (values: readonly string[]): string => values.map((v, i) => (i === values.length - 1 ? v : pad(v, widths[i]))).join(GAP).trimEnd();
  const lines = [row(COLUMNS.map((c) => c.title))];
  steps.forEach((s, i) => {
    lines.push(row(cells[i]));
    // A value the table cuts is written out in full under the row (the key's full hash is in the JSON).
    COLUMNS.forEach((c, j) => {
      if (c.title !== "KEY" && cells[i][j] !== full[i][j]) lines.push(...wrap(`${c.title.toLowerCase()}: ${full[i][j]}`, INDENT));
    });
    if (s.reason !== null) lines.push(...wrap(`why: ${s.reason.text}`, INDENT));
    lines.push(...wrap(`key: ${keyNames(s)}`, INDENT));
    if (s.dead) lines.push(...wrap("dead: nothing reads its outputs or runs after it, and it has no side effects (MLP3010)", INDENT));
  });
  return lines;
}

/** The names the key is made of: `image, command, args; env A, B; inputs x, y`. */
function keyNames(s: StepExplain): string {
  const parts = ["image, command, args"];
  if (s.key.env.length > 0) parts.push(`env ${s.key.env.join(", ")}`);
  if (s.key.inputs.length > 0) parts.push(`inputs ${s.key.inputs.join(", ")}`);
  return parts.join("; ");
}

function sharedText(p: PipelineExplain): string[] {
  if (p.shared.length === 0) return wrap("Shared definitions: none (no two steps run the same container).", "");
  const lines = wrap(`Shared definitions (Argo: ${SHARING.argo}; KFP: ${SHARING.kfp}):`, "");
  for (const g of p.shared) lines.push(...wrap(`${g.component} [${g.definition}]: ${g.steps.join(", ")}`, "  ", INDENT));
  return lines;
}

function poolText(p: PipelineExplain): string[] {
  if (p.cost === null) return wrap("Pools: no cluster profile; GPU steps run on any node with the GPUs they ask for.", "");
  if (p.pools.length === 0) return wrap("Pools: no step asks for GPUs; estimated relative cost 0.", "");
  const rows = [["POOL", "STEPS", "GPUS", "COST"], ...p.pools.map((u) => [u.pool, String(u.steps), String(u.gpus), u.cost.toFixed(2)]), ["total", "", "", p.cost.toFixed(2)]];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => length(cut(r[i], i === 0 ? 40 : 12)))));
  const lines = ["Estimated relative cost (per step: the pool's cost × its GPUs ÷ the pool's GPUs per node):"];
  for (const r of rows) lines.push(r.map((v, i) => (i === 0 ? pad(cut(v, 40), widths[0]) : padLeft(v, widths[i]))).join(GAP).trimEnd());
  return lines;
}

/** Characters as a terminal shows them (code points; the text has no wide characters but `×` and `…`). */
function length(text: string): number {
  return [...text].length;
}

/** `text` cut to `max` characters, the last one `…` when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - length(text)));
}

function padLeft(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - length(text))) + text;
}

/**
 * `text` as lines of at most `WIDTH` characters: broken at spaces, the first line after `first`, the
 * others after `rest`; a word longer than a line is broken where the line ends.
 */
export function wrap(text: string, first: string, rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(" ")) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (length(candidate) <= WIDTH) {
      line = candidate;
      empty = false;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = rest;
    }
    let chars = [...word];
    while (length(line) + chars.length > WIDTH) {
      const room = WIDTH - length(line);
      lines.push(line + chars.slice(0, room).join(""));
      line = rest;
      chars = chars.slice(room);
    }
    line += chars.join("");
    empty = false;
  }
  lines.push(line);
  return lines;
}
