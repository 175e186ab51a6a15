import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import type { LoadCache } from "./frontend/dsl/load-cache.js";
export { LoadCache } from "./frontend/dsl/load-cache.js";
import { loadDsl, within, type RecoveredProgram } from "./frontend/dsl/load.js";
import type { SourceHost } from "./frontend/host.js";
import type { Program } from "./ir/types.js";
import { validate } from "./passes/validate/index.js";

/** What checking a source gives: the program (when the front end got that far), diagnostics, sources. */
export interface CheckResult {
  /**
   * The linked program; absent when a file could not be read or parsed at all (not text, nesting too
   * deep), the root or one it imports. After syntax or lowering errors it holds the declarations
   * without one that use nothing broken.
   */
  readonly program?: Program;
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every source read, by path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Parses `path` and everything it imports, lowers it to the IR and validates it. Phases stop at the
 * first that reports errors, so users never see follow-on noise from a broken earlier phase; the one
 * exception is a syntax or lowering error the loader could confine to its declaration
 * (`LoadResult.recovered`): the declarations without one, that use nothing broken, are still validated. With a `cache`, files whose bytes did not
 * change since it last saw them are not parsed again.
 */
export function checkFile(path: string, host: SourceHost, cache?: LoadCache): CheckResult {
  const loaded = loadDsl(path, host, cache);
  return checkProgram(loaded, loaded.sources);
}

/**
 * Validates what a front end built (the language's or the TypeScript builder's): the rules run only
 * when building reported no error, and the diagnostics come back sorted. `sources` are the texts the
 * diagnostics point into, for rendering.
 */
export function checkProgram(
  built: { readonly program?: Program; readonly diagnostics: readonly Diagnostic[]; readonly recovered?: RecoveredProgram },
  sources: ReadonlyMap<string, string>,
): CheckResult {
  const { program, recovered } = built;
  if (program === undefined || (hasErrors(built.diagnostics) && recovered === undefined)) {
    return { program, diagnostics: sortDiagnostics(built.diagnostics), sources };
  }
  let found = validate(program);
  if (recovered !== undefined) found = found.filter((d) => !recovered.omitted.some((span) => within(d.loc, span)));
  return { program, diagnostics: sortDiagnostics([...built.diagnostics, ...found]), sources };
}
