import { createHash } from "node:crypto";
import { ruleDescriptors } from "../catalog.js";
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { Loc } from "../../ir/types.js";
import { sourceLines } from "./lines.js";

/**
 * `--format sarif`: SARIF 2.1.0 (OASIS; schema in ../shared/upstream/sarif), as GitHub code scanning
 * reads it. One run; `tool.driver.rules` holds the catalog entries of the codes the results use,
 * sorted by code, and each result's `ruleIndex` points into that array. Columns are 1-based UTF-16
 * code units (mlpc's `Loc` counts them so; `columnKind` says it), `endColumn` is exclusive as in SARIF.
 * Pure: the caller maps each file to its URI relative to the repository root.
 */

export interface SarifOptions {
  /** mlpc's version (package.json). */
  readonly version: string;
  /** A diagnostic's file as a URI reference relative to the repository root (`%SRCROOT%`). */
  readonly uri: (file: string) => string;
  /** The most results one run may hold (GitHub code scanning takes 25,000). */
  readonly maxResults?: number;
}

export const SARIF_MAX_RESULTS = 25_000;
const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const LEVEL: Record<Severity, string> = { error: "error", warning: "warning", info: "note" };
/** The key of mlpc's fingerprint in `partialFingerprints`; bump the version if the hash changes. */
export const FINGERPRINT_KEY = "mlpc/v1";

export function toSarif(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: SarifOptions): unknown {
  const max = options.maxResults ?? SARIF_MAX_RESULTS;
  const kept = diagnostics.slice(0, max);
  const descriptors = new Map(ruleDescriptors().map((r) => [r.id, r]));
  const used = [...new Set(kept.map((d) => d.code))].sort();
  const ruleIndex = new Map(used.map((code, i) => [code, i]));
  const rules = used.map((code) => {
    const r = descriptors.get(code);
    return {
      id: code,
      ...(r === undefined ? {} : { shortDescription: { text: r.shortDescription }, defaultConfiguration: { level: LEVEL[r.defaultSeverity] } }),
    };
  });
  const lines = sourceLines(sources);
  const occurrences = new Map<string, number>();
  const results = kept.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
    };
    if (d.loc !== undefined) {
      result.locations = [{ physicalLocation: physicalLocation(d.loc, options) }];
      const hash = fingerprint(d.code, options.uri(d.loc.file), lines(d.loc.file, d.loc.line) ?? "");
      const n = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, n);
      result.partialFingerprints = { [FINGERPRINT_KEY]: `${hash}:${n}` };
    }
    if (d.suppressed !== undefined) {
      // An `mlpc-disable-…` directive in the source hides it: SARIF keeps it, marked so.
      result.suppressions = [{ kind: "inSource", justification: d.suppressed.justification, location: { physicalLocation: physicalLocation(d.suppressed.loc, options) } }];
    }
    if (d.related.length > 0) {
      result.relatedLocations = d.related.map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r.loc, options), message: { text: r.message } }));
    }
    return result;
  });
  const invocation: Record<string, unknown> = { executionSuccessful: true };
  if (diagnostics.length > max) {
    invocation.toolExecutionNotifications = [
      { level: "warning", message: { text: `Only the first ${max} of ${diagnostics.length} results are reported; fix or suppress some and run again to see the rest.` } },
    ];
  }
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mlpc", version: options.version, rules } },
        invocations: [invocation],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/** `--format sarif`: the log, 2-space indented, with a trailing newline. */
export function renderSarif(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: SarifOptions): string {
  return JSON.stringify(toSarif(diagnostics, sources, options), null, 2) + "\n";
}

function physicalLocation(loc: Loc, options: SarifOptions): unknown {
  return {
    artifactLocation: { uri: options.uri(loc.file), uriBaseId: "%SRCROOT%" },
    region: { startLine: loc.line, startColumn: loc.col, endLine: loc.endLine, endColumn: Math.max(loc.endCol, loc.endLine === loc.line ? loc.col : 1) },
  };
}

/**
 * A hash of the code, the file and the trimmed text of the line, not its number, so a result keeps its
 * identity when lines are added above it. The caller appends the occurrence (`:2`) to tell apart equal
 * results on equal lines.
 */
export function fingerprint(code: string, uri: string, lineText: string): string {
  return createHash("sha256").update(`${code}\u0000${uri}\u0000${lineText.trim()}`).digest("hex").slice(0, 32);
}
