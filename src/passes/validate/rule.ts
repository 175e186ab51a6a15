import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../ir/types.js";

/**
 * One semantic check over a linked program. Rules are pure: they read the IR and return every
 * problem they find, with all related locations. `src/passes/validate/rules.ts` lists them in order.
 */
export interface ValidationRule {
  /** Kebab-case id, the same as the file name without extension (`unknown-references`). */
  readonly id: string;
  /** Every code the rule can raise (`M.<name>.code`); a test fails when it raises another. */
  readonly codes: readonly string[];
  check(program: Program): readonly Diagnostic[];
}
