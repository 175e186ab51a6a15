import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

/**
 * The upstream-faithful validators beside the repository (`../shared/tools`), run on the files a test
 * file produced: each test file records what it compiled (`recorder.record`) and ends with
 * `recorder.test()`, one test that runs the validator on all of it.
 *
 * Outside this repository's CI the reference material may be absent: the check is then skipped, and
 * the skipped test's name says why. Under `CI=true` it must run: a missing tool is a failure.
 */

const REPO = fileURLToPath(new URL("..", import.meta.url));
/** The reference material beside the repository (`../shared`; `MLPC_SHARED` names another place). */
export const SHARED = process.env.MLPC_SHARED ?? join(REPO, "..", "shared");
export const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

/** A file to validate: its name (kept in the temporary file's name, which the tools print) and text. */
export interface ProducedFile {
  readonly name: string;
  readonly content: string;
}

/** How one validator is run and judged. */
export interface Validator {
  /** What the checks are called in test names (`KFP conformance`). */
  readonly label: string;
  /** The tool's path. */
  readonly tool: string;
  /** Arguments before the files. */
  readonly args: readonly string[];
  /** The test's name. */
  readonly title: string;
  /**
   * What a successful run's output must show (the tool exits 0 only when it found no problem):
   * throws (through `expect`) when it shows something the tests do not accept.
   */
  readonly judge: (output: string, files: readonly ProducedFile[], paths: readonly string[]) => void;
}

/** A test that fails under CI when the tool is missing (and is skipped, saying so, elsewhere). */
export function requireTool(label: string, tool: string): void {
  if (existsSync(tool) || IN_CI) {
    it(`${label}: ../shared is present (required when CI is set)`, () => {
      expect(existsSync(tool), `${tool} is missing; CI must run the ${label} checks`).toBe(true);
    });
  } else {
    it.skip(`${label}: skipped, ${SHARED} not found (outside this repository's CI)`, () => {});
  }
}

/** Records files and validates them together in the test file's last test. */
export interface Recorder {
  record(files: readonly ProducedFile[]): void;
  /** The last test of a file: every recorded file passes the validator. */
  test(): void;
}

/** A recorder for `validator`; one per test file (vitest gives each test file its own modules). */
export function recorder(validator: Validator): Recorder {
  const produced: ProducedFile[] = [];
  return {
    record(files) {
      for (const f of files) produced.push(f);
    },
    test() {
      requireTool(validator.label, validator.tool);
      it.runIf(existsSync(validator.tool))(validator.title, () => {
        expect(produced.length, "no file was produced").toBeGreaterThan(0);
        runValidator(validator, produced);
      });
    },
  };
}

/**
 * Writes `files` to a fresh temporary directory, each under a unique name, and runs the validator on
 * them; a non-zero exit is a failure that shows the tool's output and the rejected files.
 */
export function runValidator(validator: Validator, files: readonly ProducedFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), "mlpc-validate-"));
  try {
    const paths = files.map((f, i) => {
      const path = join(dir, `${String(i).padStart(3, "0")}-${f.name}`);
      writeFileSync(path, f.content);
      return path;
    });
    let output: string;
    try {
      // From the repository root: the Node tools load `yaml` from its node_modules.
      output = execFileSync(validator.tool, [...validator.args, ...paths], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = err as { status?: number; stdout?: string; stderr?: string };
      const failed = `${e.stdout ?? ""}${e.stderr ?? ""}`;
      throw new Error(`${validator.label}: ${validator.tool} exited with ${e.status}:\n${failed}\n${failedFiles(failed, files, paths)}`);
    }
    validator.judge(output, files, paths);
    return output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The content of every file the validator's output names, to read the failure without rerunning. */
export function failedFiles(output: string, files: readonly ProducedFile[], paths: readonly string[]): string {
  return paths
    .map((p, i) => (output.includes(`${p}:`) || output.includes(`FAIL ${p}`) ? `--- ${files[i].name}\n${files[i].content}` : ""))
    .filter((s) => s !== "")
    .join("\n");
}
