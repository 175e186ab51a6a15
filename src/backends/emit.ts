import { sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { printDocument, type Document, type EmittedFile } from "../output/documents.js";
import type { Program } from "../ir/types.js";
import { resolve, type ResolvedProgram } from "../passes/resolve/index.js";
import type { EmitResult } from "./contract.js";

export type { EmittedFile } from "../output/documents.js";

/**
 * The emit loop every back end shares: each declaration (pipeline, tune, serve) is built into a
 * document with a diagnostics list; one whose build reports an error gives `undefined` and is left out.
 * Diagnostics come back once each, sorted by location.
 */
export function emitEach<T>(items: readonly T[], build: (item: T, diagnostics: Diagnostic[]) => Document | undefined): EmitResult {
  const diagnostics: Diagnostic[] = [];
  const documents: Document[] = [];
  for (const item of items) {
    const doc = build(item, diagnostics);
    if (doc !== undefined) documents.push(doc);
  }
  return { documents, diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)) };
}

/** What a back end's `emitX` function gives: its documents as files, and its diagnostics. */
export interface PrintedResult {
  readonly files: EmittedFile[];
  readonly diagnostics: Diagnostic[];
}

/** An emit result with its documents printed (the `emitKfp`… functions tests and the benchmark call). */
export function printed(result: EmitResult): PrintedResult {
  return { files: result.documents.map(printDocument), diagnostics: [...result.diagnostics] };
}

/**
 * A back end's documents function as the `emitKfp`… functions tests and the benchmark call: a checked
 * program in (resolved here), its documents printed out.
 */
export function printedEmitter<A extends unknown[]>(documents: (resolved: ResolvedProgram, ...args: A) => EmitResult): (program: Program, ...args: A) => PrintedResult {
  return (program, ...args) => printed(documents(resolve(program), ...args));
}
