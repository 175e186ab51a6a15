import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parseAllDocuments } from "yaml";
import { emitKfp, type KfpFile, type KfpResult } from "../../../src/backends/kfp/index.js";
import { hasErrors } from "../../../src/diagnostics/diagnostic.js";
import { checkSource } from "../../helpers.js";
import { recorder, requireTool, SHARED } from "../../validators.js";

/**
 * Conformance of the KFP output: every file the KFP tests produce goes through the upstream-faithful
 * validator beside the repository, `../shared/tools/kfp-validate -W` (warnings are failures), with the
 * recorder every validator shares (`test/validators.ts`).
 */

export { SHARED } from "../../validators.js";
export const KFP_VALIDATE = join(SHARED, "tools", "kfp-validate");

/** Whether `../shared` is there; under CI its absence is a failure, reported by `requireShared`. */
export const HAVE_SHARED = existsSync(KFP_VALIDATE);

/** A test that fails under CI when `../shared` is missing (and is skipped, saying so, elsewhere). */
export function requireShared(what: string): void {
  requireTool(what, KFP_VALIDATE);
}

const kfpValidate = recorder({
  label: "KFP conformance",
  tool: KFP_VALIDATE,
  args: ["-W"],
  title: "every KFP file these tests produced passes kfp-validate -W",
  judge: (output, _files, paths) => expect(output.trim().split("\n")).toHaveLength(paths.length),
});

/** Records files for the conformance check of this test file. */
export function recordForConformance(files: readonly KfpFile[]): void {
  kfpValidate.record(files);
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

/** The last test of a file: every KFP file the file's tests produced passes `kfp-validate -W`. */
export function conformanceTest(): void {
  kfpValidate.test();
}

/** The documents of a KFP file as plain data: `[pipelineSpec, platformSpec?]`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseKfp(content: string): any[] {
  return parseAllDocuments(content).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}
