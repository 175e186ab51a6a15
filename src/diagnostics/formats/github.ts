import type { Diagnostic, Severity } from "../diagnostic.js";

/**
 * `--format github`: one GitHub Actions workflow command per diagnostic,
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=MLP1234::message` (`::warning`, and
 * `::notice` for infos), which the runner turns into annotations on the pull request. Related
 * locations are appended to the message as `file:line:col: text` lines. Pure: the caller maps each
 * file to its path relative to the repository root.
 */

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export interface GithubOptions {
  /** A diagnostic's file as a path relative to the repository root. */
  readonly path: (file: string) => string;
}

export function renderGithub(diagnostics: readonly Diagnostic[], options: GithubOptions): string {
  return diagnostics.map((d) => githubCommand(d, options) + "\n").join("");
}

export function githubCommand(d: Diagnostic, options: GithubOptions): string {
  const props: [string, string][] = [];
  if (d.loc !== undefined) {
    props.push(
      ["file", options.path(d.loc.file)],
      ["line", String(d.loc.line)],
      ["col", String(d.loc.col)],
      ["endLine", String(d.loc.endLine)],
      ["endColumn", String(d.loc.endCol)],
    );
  }
  props.push(["title", d.code]);
  const related = d.related.map((r) => `\n${options.path(r.loc.file)}:${r.loc.line}:${r.loc.col}: ${r.message}`).join("");
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(",");
  return `::${COMMAND[d.severity]} ${properties}::${escapeData(d.message + related)}`;
}

// The escaping of actions/toolkit packages/core/src/command.ts (escapeData, escapeProperty), which the
// runner undoes (actions/runner src/Runner.Common/ActionCommand.cs): in the message `%` → `%25`,
// CR → `%0D`, LF → `%0A`; in a property value also `:` → `%3A` and `,` → `%2C`. `%` goes first so the
// escapes themselves are not escaped again.

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
