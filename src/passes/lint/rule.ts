import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedProgram } from "../resolve/index.js";

/** What a configuration (or a rule's default) makes of a rule: eslint's three levels. */
export type RuleSeverity = "off" | "warn" | "error";

/**
 * A rule of `mlpc lint`: a practice a platform team wants followed, beyond what the targets refuse
 * (that is `check`). Each has a stable id (`mlpc/<name>`, documented in `docs/rules/<name>.md`), the
 * one catalog code its diagnostics carry (MLP5xxx), a default level, and a pure check over the
 * resolved program.
 */
export interface LintRule {
  /** `mlpc/<kebab-case-name>`: the name in configs, suppressions and docs. */
  readonly id: string;
  /** The catalog code of its diagnostics (MLP5xxx). */
  readonly code: string;
  readonly defaultSeverity: RuleSeverity;
  /** One line: what the rule asks for. */
  readonly description: string;
  check(resolved: ResolvedProgram): Diagnostic[];
}
