import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fileHost } from "../../src/cli/fs-host.js";
import { checkFile } from "../../src/compiler.js";
import { hasErrors, sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { Program } from "../../src/ir/types.js";
import { loadClusterProfile } from "../../src/cluster/load.js";
import { place } from "../../src/passes/optimize/index.js";
import { resolve } from "../../src/passes/resolve/index.js";
import { argoDocuments } from "../../src/backends/argo/index.js";
import { katibDocuments } from "../../src/backends/katib/index.js";
import { kfpDocuments } from "../../src/backends/kfp/index.js";
import { kserveDocuments } from "../../src/backends/kserve/index.js";
import { renderErrorsBaseline } from "./errors-baseline.js";
import { cacheDiagnostics, withCachePlan } from "../../src/passes/optimize/index.js";
import { deadSteps } from "../../src/passes/optimize/dead-steps.js";
import { IN_CI, UPDATE, writeAtomically } from "./update.js";

/**
 * The error cases: every `test/cases/*.mlpipe` is checked and its diagnostics, rendered under the
 * source (`errors-baseline.ts`), must equal the committed `<name>.errors.txt` byte for byte. A case
 * the checker passes is compiled by every back end, and theirs are its diagnostics (what a back end
 * rejects — Katib's and KServe's webhook rules, what KFP or Argo cannot run — is an error case too).
 * Files named `_*.mlpipe` and files in subdirectories are not cases: cases import them. A case with a
 * `<name>.cluster.yaml` beside it is placed on that cluster profile first (`--cluster`), and what
 * placement reports is its diagnostics; a profile that does not load (a schema error) is the case, its
 * diagnostics shown under the profile's own lines.
 *
 * `npm run golden:update` (MLPC_UPDATE_GOLDENS=1) rewrites the expected files instead; review the
 * diff like code. CI never updates them. On a mismatch the actual output is left beside the expected
 * file as `<name>.errors.txt.actual` (git-ignored) for diffing.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CASES = "test/cases";

const names = existsSync(join(REPO, CASES)) ? readdirSync(join(REPO, CASES)).sort() : [];
const cases = names.filter((n) => n.endsWith(".mlpipe") && !n.startsWith("_"));
const host = fileHost(REPO);

function expectedName(caseName: string): string {
  return caseName.replace(/\.mlpipe$/, ".errors.txt");
}

/** What every back end reports for a valid program, each diagnostic once, in source order. */
function backendDiagnostics(program: Program, clusterFile?: string): Diagnostic[] {
  let resolved = resolve(program);
  if (clusterFile !== undefined) {
    const loaded = loadClusterProfile(clusterFile, readFileSync(join(REPO, clusterFile), "utf8"));
    // A profile mlpc cannot use is the case: its diagnostics, at their lines in the profile.
    if (loaded.profile === undefined) return sortDiagnostics([...loaded.diagnostics]);
    const placed = place(resolved, loaded.profile);
    if (placed.placement.diagnostics.length > 0) return sortDiagnostics([...placed.placement.diagnostics]);
    resolved = placed;
  }
  // As the CLI runs them: the optimizer's passes, then every back end over the planned program.
  const planned = withCachePlan(resolved);
  const docs = [kfpDocuments(planned), argoDocuments(planned), katibDocuments(planned), kserveDocuments(planned)];
  const all = [...cacheDiagnostics(planned, planned.cachePlan), ...deadSteps(program), ...docs.flatMap((r) => r.diagnostics)];
  return sortDiagnostics(uniqueDiagnostics(all));
}

describe("error cases (test/cases)", () => {
  it("are not updated in CI", () => {
    // Goldens change only by an explicit, reviewed step on a developer's machine.
    expect(UPDATE && IN_CI, "MLPC_UPDATE_GOLDENS=1 is refused when CI is set").toBe(false);
  });

  it("exist", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it("have no expected file without a case", () => {
    const caseSet = new Set(cases.map(expectedName));
    const orphans = names.filter((n) => n.endsWith(".errors.txt") && !caseSet.has(n));
    expect(orphans, "expected files whose .mlpipe case is gone; delete them").toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const path = `${CASES}/${name}`;
      const checked = checkFile(path, host);
      const cluster = `${CASES}/${name.replace(/\.mlpipe$/, ".cluster.yaml")}`;
      const clusterFile = existsSync(join(REPO, cluster)) ? cluster : undefined;
      const sources = new Map(checked.sources);
      if (clusterFile !== undefined) sources.set(clusterFile, readFileSync(join(REPO, clusterFile), "utf8"));
      const result = hasErrors(checked.diagnostics) ? checked : { ...checked, sources, diagnostics: backendDiagnostics(checked.program!, clusterFile) };
      const actual = renderErrorsBaseline(path, result);
      const expectedPath = join(REPO, CASES, expectedName(name));
      const actualPath = `${expectedPath}.actual`;

      if (UPDATE && !IN_CI) {
        writeAtomically(expectedPath, actual);
        rmSync(actualPath, { force: true });
      } else {
        if (!existsSync(expectedPath)) {
          writeFileSync(actualPath, actual);
          throw new Error(
            `${CASES}/${expectedName(name)} is missing; run \`npm run golden:update\` and review the new file.`,
          );
        }
        const expected = readFileSync(expectedPath);
        if (Buffer.compare(expected, Buffer.from(actual, "utf8")) !== 0) {
          writeFileSync(actualPath, actual);
          // Compared as text too so that vitest shows a readable diff.
          expect(actual, `${path}: output differs from ${expectedName(name)}; if the change is intended run \`npm run golden:update\``).toBe(
            expected.toString("utf8"),
          );
          throw new Error(`${path}: output differs from ${expectedName(name)} in bytes that do not show as text`);
        }
        rmSync(actualPath, { force: true });
      }

      // A case named `…-warning.mlpipe` shows a warning of a valid program: it must report one, and no error.
      if (name.endsWith("-warning.mlpipe")) {
        expect(result.diagnostics.length > 0 && !hasErrors(result.diagnostics), `${path} is a warning case but reports no warning, or an error`).toBe(true);
        return;
      }
      expect(
        hasErrors(result.diagnostics),
        `${path} is an error case but reports no error; fix the case, or name a file that cases only import '_${name}'`,
      ).toBe(true);
    });
  }
});
