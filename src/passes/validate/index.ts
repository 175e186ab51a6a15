import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../ir/types.js";
import type { ValidationRule } from "./rule.js";
import { specifiedRules } from "./rules.js";

export type { ValidationRule } from "./rule.js";
export { specifiedRules } from "./rules.js";

/** Runs every rule over the program and returns all their diagnostics, sorted by location. */
export function validate(program: Program, rules: readonly ValidationRule[] = specifiedRules): Diagnostic[] {
  return sortDiagnostics(rules.flatMap((r) => r.check(program)));
}
