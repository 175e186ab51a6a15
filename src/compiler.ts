import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { loadDsl } from "./frontend/dsl/load.js";
import type { SourceHost } from "./frontend/host.js";
import type { Program } from "./ir/types.js";
import { validate } from "./passes/validate/index.js";

/** What checking a source gives: the program (when the front end got that far), diagnostics, sources. */
export interface CheckResult {
  /** The linked program; absent when a syntax or import error stopped the front end. */
  readonly program?: Program;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every source read, by path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Parses `path` and everything it imports, lowers it to the IR and validates it. Phases stop at the
 * first that reports errors, so users never see follow-on noise from a broken earlier phase.
 */
export function checkFile(path: string, host: SourceHost): CheckResult {
  const loaded = loadDsl(path, host);
  return checkProgram(loaded, loaded.sources);
}

/**
 * Validates what a front end built (the language's or the TypeScript builder's): the rules run only
 * when building reported no error, and the diagnostics come back sorted. `sources` are the texts the
 * diagnostics point into, for rendering.
 */
export function checkProgram(
  built: { readonly program?: Program; readonly diagnostics: readonly Diagnostic[] },
  sources: ReadonlyMap<string, string>,
): CheckResult {
  if (built.program === undefined || hasErrors(built.diagnostics)) {
    return { program: built.program, diagnostics: sortDiagnostics(built.diagnostics), sources };
  }
  return { program: built.program, diagnostics: sortDiagnostics([...built.diagnostics, ...validate(built.program)]), sources };
}
