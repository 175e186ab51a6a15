import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";

/**
 * How `mlpc run` starts one attempt of a step: on this machine (`process`), or in the step's image
 * (`docker`, `podman`). A runner only starts, watches and stops a command; what the command is, where
 * its files go and what its outputs are is the scheduler's business.
 */

export const RUNNER_NAMES = ["process", "docker", "podman"] as const;
export type RunnerName = (typeof RUNNER_NAMES)[number];

/** One attempt of a step. */
export interface AttemptSpec {
  /** The task's id in the run (`score[2]`, `sub/train`), also the container's name suffix. */
  readonly id: string;
  readonly image: string;
  /** `command` then `args`, placeholders rendered. */
  readonly argv: readonly string[];
  /** The step's environment (literal values, secrets and config map values resolved). */
  readonly env: Readonly<Record<string, string>>;
  /** The step's folder; the command starts in it. */
  readonly cwd: string;
  /** The run's work directory: mounted at the same path in a container, so every path stays valid. */
  readonly workdir: string;
  /** Other folders the command reads (imported artifacts), mounted read-only in a container. */
  readonly readOnly: readonly string[];
  readonly cpuLimit?: string;
  readonly memoryLimit?: string;
  /** The file the attempt's output (stdout and stderr) is appended to. */
  readonly logFile: string;
  /** Each complete line the command writes, for the live view. */
  readonly onLine: (line: string) => void;
  /** Seconds after which the attempt is stopped and fails. */
  readonly timeoutSeconds?: number;
}

export interface AttemptResult {
  /** 0 on success. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The command could not be started at all (not found, not executable). */
  readonly startError?: string;
}

export interface Attempt {
  readonly done: Promise<AttemptResult>;
  /** Stops the attempt (and everything it started). */
  stop(): void;
}

export interface Runner {
  readonly name: RunnerName;
  start(spec: AttemptSpec): Attempt;
}

/** Whether a container engine's CLI is installed and its daemon answers. */
export function enginePresent(engine: "docker" | "podman", env: Readonly<Record<string, string | undefined>>): boolean {
  try {
    const r = spawnSync(engine, ["version", "--format", "{{.Server.Version}}"], { stdio: "ignore", timeout: 5000, env: env as NodeJS.ProcessEnv });
    return r.status === 0;
  } catch {
    return false;
  }
}

/** The runner of that name. `baseEnv` is the environment a `process` step starts from (PATH, HOME…). */
export function makeRunner(name: RunnerName, baseEnv: Readonly<Record<string, string | undefined>>): Runner {
  return name === "process" ? processRunner(baseEnv) : containerRunner(name, baseEnv);
}

/** Runs the command on this machine, in its own process group so that stopping it stops its children. */
function processRunner(baseEnv: Readonly<Record<string, string | undefined>>): Runner {
  return {
    name: "process",
    start(spec) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
      Object.assign(env, spec.env);
      return watch(spec, () => spawn(spec.argv[0]!, spec.argv.slice(1), { cwd: spec.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] }), (child) => {
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // the group is gone already
          }
        }
      });
    },
  };
}

/** Runs the command in the step's image with the work directory mounted at its own path. */
function containerRunner(engine: "docker" | "podman", baseEnv: Readonly<Record<string, string | undefined>>): Runner {
  let sequence = 0;
  return {
    name: engine,
    start(spec) {
      const name = `mlpc-${process.pid}-${++sequence}-${spec.id.replace(/[^A-Za-z0-9_.-]/g, "-")}`.slice(0, 120);
      const args = ["run", "--rm", "--name", name, "-v", `${spec.workdir}:${spec.workdir}`, "-w", spec.cwd];
      for (const dir of spec.readOnly) args.push("-v", `${dir}:${dir}:ro`);
      // Names only: the values travel in the engine's environment, never on its command line.
      for (const k of Object.keys(spec.env)) args.push("-e", k);
      if (spec.cpuLimit !== undefined) args.push("--cpus", cpus(spec.cpuLimit));
      if (spec.memoryLimit !== undefined) args.push("--memory", memoryBytes(spec.memoryLimit));
      if (spec.argv.length > 0) args.push("--entrypoint", spec.argv[0]!);
      args.push(spec.image, ...spec.argv.slice(1));
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
      Object.assign(env, spec.env);
      return watch(spec, () => spawn(engine, args, { cwd: spec.cwd, env, stdio: ["ignore", "pipe", "pipe"] }), () => {
        spawnSync(engine, ["kill", name], { stdio: "ignore", timeout: 10000 });
      });
    },
  };
}

/** A Kubernetes CPU quantity (`500m`, `2`) as the engines' `--cpus`. */
export function cpus(quantity: string): string {
  return quantity.endsWith("m") ? String(Number(quantity.slice(0, -1)) / 1000) : quantity;
}

/** A Kubernetes memory quantity (`8Gi`, `512M`) in bytes, for the engines' `--memory`. */
export function memoryBytes(quantity: string): string {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T|k)?$/.exec(quantity);
  if (m === null) return quantity;
  const factor: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, K: 1e3, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return String(Math.round(Number(m[1]) * (m[2] === undefined ? 1 : factor[m[2]]!)));
}

function watch(spec: AttemptSpec, start: () => ChildProcess, kill: (child: ChildProcess) => void): Attempt {
  const log = createWriteStream(spec.logFile, { flags: "a" });
  let child: ChildProcess;
  let stopped = false;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<AttemptResult>((resolveDone) => {
    let settled = false;
    const finish = (r: AttemptResult): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      log.end(() => resolveDone(r));
    };
    try {
      child = start();
    } catch (err) {
      finish({ exitCode: null, signal: null, timedOut: false, startError: (err as Error).message });
      return;
    }
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream?.on("data", (chunk: Buffer) => {
        log.write(chunk);
        const text = partial + chunk.toString("utf8");
        const lines = text.split(/\r?\n/);
        partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim() !== "") spec.onLine(line);
      });
      stream?.on("end", () => {
        if (partial.trim() !== "") spec.onLine(partial);
        partial = "";
      });
    }
    child.on("error", (err: NodeJS.ErrnoException) => {
      const why = err.code === "ENOENT" ? `'${spec.argv[0]}' is not found` : err.code === "EACCES" ? `'${spec.argv[0]}' cannot be executed` : err.message;
      finish({ exitCode: null, signal: null, timedOut: false, startError: why });
    });
    child.on("close", (code, signal) => finish({ exitCode: code, signal, timedOut }));
    if (spec.timeoutSeconds !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        kill(child);
      }, spec.timeoutSeconds * 1000);
    }
  });
  return {
    done,
    stop() {
      if (stopped || child === undefined) return;
      stopped = true;
      kill(child);
    },
  };
}
