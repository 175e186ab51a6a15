import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { renderGithub } from "../diagnostics/formats/github.js";
import { renderSarif } from "../diagnostics/formats/sarif.js";
import { renderDiagnostics, renderJson } from "../diagnostics/render.js";
import { M } from "../diagnostics/catalog.js";
import type { Io } from "./main.js";

/** How `check` (and `lint`) print what they found. */
export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  readonly format: Format;
  /** Colour the text format. */
  readonly color?: boolean;
  /** Report errors only; warnings and infos are neither printed nor counted (eslint's `--quiet`). */
  readonly quiet?: boolean;
  /** Exit 1 when more warnings than this are reported (eslint's `--max-warnings`). */
  readonly maxWarnings?: number;
}

/**
 * MLP9xxx codes that are errors in a source rather than in how mlpc was called: a pipeline module
 * that exports nothing mlpc can compile (MLP9005), throws while loading (MLP9006) or building
 * (MLP9007), ends the process (MLP9008) or never finishes loading (MLP9009). They exit 1.
 */
const SOURCE_ERRORS = new Set([M.nothingExported.code, M.moduleFailed.code, M.noSuchExport.code, M.pipelineCodeThrew.code, M.moduleExited.code, M.moduleNeverSettles.code]);

/** Usage and I/O problems (MLP9xxx) outrank errors in the sources. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === "error" && d.code.startsWith("MLP9") && !SOURCE_ERRORS.has(d.code))) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

/**
 * Prints `diagnostics` on stdout in `opts.format` and returns the exit code: as `exitCodeFor`, and 1
 * when there are more warnings than `--max-warnings` allows (said on stderr).
 */
export function report(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, opts: ReportOptions, io: Io): number {
  const kept = opts.quiet === true ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  io.stdout(formatDiagnostics(kept, sources, opts, io.cwd));
  // A suppressed diagnostic (SARIF prints it) counts neither for the exit code nor for --max-warnings.
  const shown = kept.filter((d) => d.suppressed === undefined);
  const code = exitCodeFor(shown);
  const warnings = shown.filter((d) => d.severity === "warning").length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`mlpc: too many warnings (${warnings}); --max-warnings allows ${opts.maxWarnings}.\n`);
    return code === 0 ? 1 : code;
  }
  return code;
}

/** The text of `diagnostics` in `format`; files relative to the repository root for sarif and github. */
export function formatDiagnostics(all: readonly Diagnostic[], sources: ReadonlyMap<string, string>, opts: ReportOptions, cwd: string): string {
  // Only SARIF prints suppressed diagnostics (with `suppressions`); the other formats leave them out.
  const diagnostics = opts.format === "sarif" ? all : all.filter((d) => d.suppressed === undefined);
  switch (opts.format) {
    case "json":
      return renderJson(diagnostics);
    case "sarif": {
      const root = repositoryRoot(cwd);
      return renderSarif(all, sources, { version: readVersion(), uri: (file) => fileUri(rootRelative(file, root, cwd)) });
    }
    case "github": {
      const root = repositoryRoot(cwd);
      return renderGithub(diagnostics, { path: (file) => rootRelative(file, root, cwd) });
    }
    case "text":
      return renderDiagnostics(diagnostics, sources, { color: opts.color });
  }
}

/** The nearest folder from `cwd` up that holds `.git` (a folder, or a file in a worktree); else `cwd`. */
export function repositoryRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; ) {
    if (existsSync(resolve(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/**
 * `file` (as the diagnostics name it: relative to `cwd`, or absolute) relative to `root`, with `/`;
 * a name that is no file (`<stdin>`) or lies outside the root is kept as it is.
 */
export function rootRelative(file: string, root: string, cwd: string): string {
  if (file.startsWith("<")) return file;
  const rel = relative(root, resolve(cwd, file));
  if (rel.startsWith("..") || isAbsolute(rel)) return file.split(sep).join("/");
  return rel.split(sep).join("/");
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function fileUri(path: string): string {
  return path.split("/").map((s) => encodeURIComponent(s)).join("/");
}

function readVersion(): string {
  // dist/cli/report.js and src/cli/report.ts are both two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
