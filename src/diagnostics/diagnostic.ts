import type { Loc } from "../ir/types.js";

/** How bad a diagnostic is: only errors fail a command. */
export type Severity = "error" | "warning" | "info";

/** A location that explains a diagnostic further (the other declaration, the rest of a cycle). */
export interface Related {
  readonly message: string;
  readonly loc: Loc;
}

/**
 * A user-facing problem. User errors are data: every phase returns its value plus these, and only the
 * CLI turns them into text and exit codes.
 */
export interface Diagnostic {
  /** Stable code from the catalog, `MLPnnnn`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly loc?: Loc;
  readonly related: readonly Related[];
  /**
   * Set when an `mlpc-disable-…` directive in the source suppresses it: the directive's reason and
   * location. A suppressed diagnostic is kept for SARIF (`suppressions`); the other formats, the exit
   * code and `--max-warnings` leave it out.
   */
  readonly suppressed?: { readonly justification: string; readonly loc: Loc };
}

/** A phase's value plus what it found wrong. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** Whether any diagnostic is an error (warnings and infos are not). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Each diagnostic once: the same problem arises once per use when it comes from something used in
 * several places (a component's settings, for every step of it), and users see it once.
 */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.loc]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Orders diagnostics by file, position and code, so output never depends on the order rules ran. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.loc?.file ?? "";
    const fb = b.loc?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.loc?.line ?? 0;
    const lb = b.loc?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.loc?.col ?? 0;
    const cb = b.loc?.col ?? 0;
    if (ca !== cb) return ca - cb;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
