import type { CheckResult } from "../../src/compiler.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderHeader, splitLines, underlineSpan } from "../../src/diagnostics/render.js";

/**
 * The `.errors.txt` form of a check: the whole root source, and under each line the diagnostics that
 * point at it (`~~~` under the span, then `file:line:col - error CODE: message`, then one line per
 * related location). Diagnostics in other files (imports) follow in a `==== path ====` section per
 * file; diagnostics without a place come after that. The last line lists every code in order.
 */
export function renderErrorsBaseline(root: string, result: CheckResult): string {
  const byFile = new Map<string, Diagnostic[]>();
  const unplaced: Diagnostic[] = [];
  for (const d of result.diagnostics) {
    const file = d.loc?.file;
    if (file === undefined || !result.sources.has(file) || d.loc!.line < 1) {
      unplaced.push(d);
      continue;
    }
    const list = byFile.get(file) ?? [];
    list.push(d);
    byFile.set(file, list);
  }

  const out: string[] = [];
  out.push(...annotate(result.sources.get(root) ?? "", byFile.get(root) ?? []));
  const others = [...byFile.keys()].filter((f) => f !== root).sort();
  for (const file of others) {
    out.push(`==== ${file} ====`);
    out.push(...annotate(result.sources.get(file)!, byFile.get(file)!));
  }
  for (const d of unplaced) out.push(...block(d, undefined));
  out.push(`codes: ${result.diagnostics.map((d) => d.code).join(" ") || "(none)"}`);
  return out.join("\n") + "\n";
}

function annotate(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const lines = splitLines(text);
  // A final newline ends the last line rather than starting an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  const at = (line: number): Diagnostic[] => diagnostics.filter((d) => d.loc!.line === line);
  lines.forEach((text, i) => {
    out.push(text);
    for (const d of at(i + 1)) out.push(...block(d, text));
  });
  // Past the last line: the end of a file that ends with a newline.
  for (const d of diagnostics.filter((d) => d.loc!.line > lines.length)) out.push(...block(d, ""));
  return out;
}

function block(d: Diagnostic, lineText: string | undefined): string[] {
  const out: string[] = [];
  if (lineText !== undefined && d.loc !== undefined) {
    const u = underlineSpan(lineText, d.loc);
    out.push(u.prefix + u.squiggle);
  }
  out.push(renderHeader(d));
  for (const r of d.related) out.push(`  related ${r.loc.file}:${r.loc.line}:${r.loc.col} - ${r.message}`);
  return out;
}
