import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitKfp, type KfpFile, type KfpResult } from "../../../src/backends/kfp/index.js";
import { hasErrors } from "../../../src/diagnostics/diagnostic.js";
import { checkSource } from "../../helpers.js";

/**
 * Conformance of the KFP output: every file the KFP tests produce goes through the upstream-faithful
 * validator beside the repository, `../shared/tools/kfp-validate -W` (warnings are failures).
 *
 * Outside this repository's CI the reference material may be absent: the check is then skipped, and
 * the skipped test's name says why. Under `CI=true` it must run: a missing tool is a failure.
 */

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
/** The reference material beside the repository (`../shared`; `MLPC_SHARED` names another place). */
export const SHARED = process.env.MLPC_SHARED ?? join(REPO, "..", "shared");
export const KFP_VALIDATE = join(SHARED, "tools", "kfp-validate");
export const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

/** Whether `../shared` is there; under CI its absence is a failure, reported by `requireShared`. */
export const HAVE_SHARED = existsSync(KFP_VALIDATE);

/** A test that fails under CI when `../shared` is missing (and is skipped, saying so, elsewhere). */
export function requireShared(what: string): void {
  if (HAVE_SHARED || IN_CI) {
    it(`${what}: ../shared is present (required when CI is set)`, () => {
      expect(HAVE_SHARED, `${SHARED} is missing; CI must run the KFP conformance checks`).toBe(true);
    });
  } else {
    it.skip(`${what}: skipped, ${SHARED} not found (outside this repository's CI)`, () => {});
  }
}

/** Files produced by this test file's KFP compilations, validated together by `conformanceTest`. */
const produced: KfpFile[] = [];

/** Records files for the conformance check of this test file. */
export function recordForConformance(files: readonly KfpFile[]): void {
  for (const f of files) produced.push(f);
}

/**
 * Compiles an in-memory `.mlpipe` source (which must check without errors) to KFP, records the files
 * for conformance, and returns the result with every file's documents parsed back.
 */
export function compileKfp(source: string | Record<string, string>): KfpResult & { readonly program: NonNullable<ReturnType<typeof checkSource>["program"]> } {
  const checked = checkSource(source);
  expect(hasErrors(checked.diagnostics), JSON.stringify(checked.diagnostics, null, 1)).toBe(false);
  const program = checked.program!;
  const result = emitKfp(program);
  recordForConformance(result.files);
  return { ...result, program };
}

/**
 * The last test of a file: every KFP file the file's tests produced passes `kfp-validate -W`. Files
 * are written to a fresh temporary directory, each under a unique name.
 */
export function conformanceTest(): void {
  requireShared("KFP conformance");
  it.runIf(HAVE_SHARED)("every KFP file these tests produced passes kfp-validate -W", () => {
    expect(produced.length, "no KFP file was produced").toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "mlpc-kfp-"));
    try {
      const paths = produced.map((f, i) => {
        const path = join(dir, `${String(i).padStart(3, "0")}-${f.name}`);
        writeFileSync(path, f.content);
        return path;
      });
      let output: string;
      try {
        output = execFileSync(KFP_VALIDATE, ["-W", ...paths], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (err) {
        const e = err as { status?: number; stdout?: string; stderr?: string };
        const failed = `${e.stdout ?? ""}${e.stderr ?? ""}`;
        throw new Error(`kfp-validate exited with ${e.status}:\n${failed}\n${failedFiles(failed, produced, paths)}`);
      }
      expect(output.trim().split("\n")).toHaveLength(paths.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** The content of every file the validator rejected, to read the failure without rerunning. */
function failedFiles(output: string, files: readonly KfpFile[], paths: readonly string[]): string {
  return paths
    .map((p, i) => (output.includes(`FAIL ${p}`) ? `--- ${files[i].name}\n${files[i].content}` : ""))
    .filter((s) => s !== "")
    .join("\n");
}

/** The documents of a KFP file as plain data: `[pipelineSpec, platformSpec?]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseKfp(content: string): any[] {
  return parseAllDocuments(content).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}
