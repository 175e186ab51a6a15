import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The built CLI, run as users run it: `node bin/mlpc.js …` in a child process (`npm test` builds first). */

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(REPO, "bin", "mlpc.js");

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Text on the CLI's stdin. */
  readonly input?: string;
  /** Variables added to (or, when undefined, removed from) the environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds before the run is killed (its code is then null). */
  readonly timeout?: number;
}

/** The environment of a CLI run: the test's, without what changes mlpc's output. */
export function cliEnv(extra: RunOptions["env"] = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.MLPC_DEBUG;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `mlpc ARGS` in `cwd`; no run, whatever its input, may show a stack trace or an internal error. */
export function runMlpc(args: readonly string[], cwd: string, options: RunOptions = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: cliEnv(options.env),
    encoding: "utf8",
    input: options.input,
    timeout: options.timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  expect(result.stdout + result.stderr).not.toMatch(/^\s+at .+/m);
  expect(result.stderr).not.toContain("internal error");
  return result;
}

/** Starts `mlpc ARGS` in `cwd` without waiting for it. */
export function startMlpc(args: readonly string[], cwd: string, options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Writes `files` (path → text or bytes) under `dir`, creating folders; returns `dir`. */
export function writeTree(dir: string, files: Readonly<Record<string, string | Uint8Array>>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A valid program with one pipeline (`greet`, one step). */
export const VALID = `component hello {
  image  "alpine:3.20"
  input  name: String
  run    ["sh", "-c", "echo hello $0", name]
}

pipeline greet {
  param name: String = "world"
  say = hello(name: name)
}
`;

/** `VALID` with a top-level serve, so that `-t all` writes a file per target. */
export const WITH_SERVE = `${VALID}
serve scorer {
  model sklearn from "s3://models/scorer/1"
}
`;

/** A pipeline of `steps` chained steps: big output (about 2.5 KB of KFP YAML per step). */
export function chainProgram(steps: number): string {
  const body = Array.from({ length: steps }, (_, i) => `  s${i} = hello(name: ${i === 0 ? "name" : `"step ${i}"`})`).join("\n");
  return VALID.replace("  say = hello(name: name)", body);
}
