import { expect } from "vitest";
import { main, type Io } from "../../src/cli/main.js";

/** What a run of the CLI gave. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `mlpc ARGV` in this process in `cwd`, with only `env` (a HOME of `cwd` and a fast retry added)
 * as its environment; no run may show a stack trace or an internal error.
 */
export async function runCli(argv: readonly string[], cwd: string, env: Record<string, string>): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    env: { HOME: cwd, MLPC_RETRY_BASE_MS: "10", ...env },
  };
  const code = await main(argv, io);
  expect(stdout + stderr).not.toMatch(/^\s+at .+/m);
  expect(stderr).not.toContain("internal error");
  return { code, stdout, stderr };
}
