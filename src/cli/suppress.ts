import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { applySuppressions } from "../passes/lint/suppress/index.js";

/**
 * Applies the `mlpc-disable-…` directives of the sources to `diagnostics` (src/passes/lint/suppress).
 * The run's `sources` gain the text of every file a location points into that the run has not read
 * (a pipeline module's imported files, whose diagnostics come from the lint rules and back ends), so
 * their comments count too.
 */
export function suppressDiagnostics(diagnostics: readonly Diagnostic[], sources: Map<string, string>, cwd: string, reportUnused: boolean | ((file: string) => boolean)): Diagnostic[] {
  for (const d of diagnostics) {
    if (d.loc === undefined || sources.has(d.loc.file) || d.loc.file.startsWith("<")) continue;
    try {
      const full = resolve(cwd, d.loc.file);
      if (statSync(full).isFile()) sources.set(d.loc.file, readFileSync(full, "utf8"));
    } catch {
      // a file that cannot be read has no directives
    }
  }
  return applySuppressions(diagnostics, sources, { reportUnused });
}

/** What is reported: the diagnostics no directive suppressed. */
export function unsuppressed(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.suppressed === undefined);
}
