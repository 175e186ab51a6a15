import type { LintRule } from "./rule.js";

const cell = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");

/** docs/rules/README.md: the index of the lint rules, generated from `LINT_RULES` (test/passes/lint/docs.test.ts). */
export function rulesIndexMarkdown(rules: readonly LintRule[]): string {
  const rows = rules.map((r) => `| [${r.id}](${r.id.slice("mlpc/".length)}.md) | ${r.code} | ${r.defaultSeverity} | ${cell(r.description)} |`);
  return [
    "# Lint rules",
    "",
    "`mlpc lint` runs the checks of `mlpc check` and these rules. Each has a stable id (for configs and",
    "suppressions), the one code its findings carry, and a default level (`off`, `warn`, `error`). Each page",
    "says why, with a bad and a good example (the tests lint both). Generated from `LINT_RULES`",
    "(`src/passes/lint/index.ts`); refresh with `MLPC_UPDATE_GOLDENS=1 npx vitest run test/passes/lint/docs.test.ts`.",
    "",
    "| Rule | Code | Default | What it asks |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
