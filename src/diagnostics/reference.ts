import { catalogEntries, RETIRED } from "./catalog.js";

const RANGES: readonly [prefix: string, title: string][] = [
  ["MLP1", "MLP1xxx: syntax"],
  ["MLP2", "MLP2xxx: semantics (lowering, the builder, validation rules, checks of what the targets run)"],
  ["MLP3", "MLP3xxx: optimizer"],
  ["MLP40", "MLP40xx: KFP back end"],
  ["MLP41", "MLP41xx: Argo back end"],
  ["MLP42", "MLP42xx: Katib back end"],
  ["MLP43", "MLP43xx: KServe back end"],
  ["MLP44", "MLP44xx: RBAC back end (-t rbac)"],
  ["MLP45", "MLP45xx: distributed training steps on the targets"],
  ["MLP50", "MLP50xx: lint rules (docs/rules)"],
  ["MLP9", "MLP9xxx: command line and files"],
];

const cell = (text: string): string => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");

/**
 * docs/codes.md: every code of the catalog with its severity and description, by range, then the
 * retired codes. Generated (`npm run docs:codes`); a test fails when the committed file differs.
 */
export function codesMarkdown(): string {
  const entries = catalogEntries();
  const lines = [
    "# Diagnostic codes",
    "",
    "<!-- Generated from src/diagnostics/catalog.ts by `npm run docs:codes`; do not edit. -->",
    "",
    "Every diagnostic mlpc reports has one of these codes. A code is never reused: a retired code stays",
    "listed at the end.",
  ];
  for (const [prefix, title] of RANGES) {
    const here = entries.filter((e) => e.code.startsWith(prefix));
    if (here.length === 0) continue;
    lines.push("", `## ${title}`, "", "| code | severity | problem |", "|---|---|---|");
    for (const e of here) lines.push(`| ${e.code} | ${e.severity} | ${cell(e.description)} |`);
  }
  lines.push("", "## Retired codes", "", "| code | was |", "|---|---|");
  for (const r of [...RETIRED].sort((a, b) => (a.code < b.code ? -1 : 1))) lines.push(`| ${r.code} | ${cell(r.description)} |`);
  return `${lines.join("\n")}\n`;
}
