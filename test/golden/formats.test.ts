import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostics, FORMATS } from "../../src/cli/report.js";
import { renderSarif } from "../../src/diagnostics/formats/sarif.js";
import { fileUri } from "../../src/cli/report.js";
import { FIXTURE, SOURCES } from "../diagnostics/formats-fixture.js";
import { sarifErrors } from "../diagnostics/sarif-schema.js";
import { IN_CI, UPDATE, writeAtomically } from "./update.js";

/**
 * Exact text of each `--format` over the fixture (test/diagnostics/formats-fixture.ts), committed under
 * test/golden/formats/ and refreshed only by `npm run golden:update`. The SARIF golden uses version
 * 0.0.0 so a release does not change it; the others do not depend on where they run (the fixture's
 * files are relative and outside any repository root question: they stay as they are named).
 */

const EXT = { text: "txt", json: "json", sarif: "sarif", github: "github.txt" } as const;

function output(format: (typeof FORMATS)[number]): string {
  if (format === "sarif") return renderSarif(FIXTURE, SOURCES, { version: "0.0.0", uri: fileUri });
  return formatDiagnostics(FIXTURE, SOURCES, { format }, "/");
}

describe("formats golden", () => {
  it.each([...FORMATS])("%s", (format) => {
    const path = fileURLToPath(new URL(`formats/fixture.${EXT[format]}`, import.meta.url));
    const text = output(format);
    if (UPDATE && !IN_CI) writeAtomically(path, text);
    expect(existsSync(path), `missing ${path}; run npm run golden:update`).toBe(true);
    expect(text).toBe(readFileSync(path, "utf8"));
    if (format === "sarif") expect(sarifErrors(JSON.parse(text))).toEqual([]);
  });
});
