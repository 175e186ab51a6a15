import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { evaluate, literalEnv, type RunValue } from "../ir/eval.js";
import type { Pipeline, Program } from "../ir/types.js";
import { walkNodes } from "../ir/query/walk.js";
import { pipelineCachePlan } from "../passes/optimize/index.js";
import type { ResolvedProgram } from "../passes/resolve/index.js";
import { cacheRoot, LocalCache } from "../run/cache.js";
import type { RunRecord } from "../run/model.js";
import { parseParameter } from "../run/outputs.js";
import { enginePresent, makeRunner, type RunnerName } from "../run/runners.js";
import { localPath, runPipeline } from "../run/scheduler.js";
import { makeSecrets, readSecretsFile } from "../run/secrets.js";
import { liveView, plainView, summary, type View } from "../run/view.js";
import { interceptSignals, SIGNAL_EXIT, type HandledSignal } from "./cleanup.js";
import { artifactAssignments, paramAssignments, typeProblem } from "./run-inputs.js";

/** `mlpc run`'s options, as commander gives them. */
export interface RunOptions {
  readonly pipeline?: string;
  readonly param: readonly string[];
  readonly artifact: readonly string[];
  readonly runner?: RunnerName;
  readonly parallel?: number;
  readonly workdir?: string;
  /** `--no-cache` sets it to false. */
  readonly cache: boolean;
  readonly secrets?: string;
  readonly format: "text" | "json";
  readonly pretty?: boolean;
}

/** What the CLI hands `run`: the checked, resolved and planned programs, and where to write. */
export interface RunHost {
  /** The same checks, middle end and optimizer as `compile`, nothing emitted. */
  readonly prepare: () => Promise<{ diagnostics: Diagnostic[]; sources: ReadonlyMap<string, string>; resolved: readonly ResolvedProgram[] }>;
  readonly file: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTTY: boolean;
  readonly columns: () => number;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
  readonly usage: (message: string) => Error;
  readonly now?: () => number;
}

export const RUN_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** `mlpc run FILE`: runs one pipeline of FILE on this machine; the exit code. */
export async function runCommand(opts: RunOptions, host: RunHost): Promise<number> {
  const now = host.now ?? Date.now;
  const prepared = await host.prepare();
  const render = (ds: readonly Diagnostic[]): void => {
    if (ds.length > 0) host.stderr(renderDiagnostics(sortDiagnostics(ds), prepared.sources, { color: host.color }));
  };
  if (hasErrors(prepared.diagnostics)) {
    render(prepared.diagnostics);
    return RUN_EXIT.failed;
  }
  const warnings = [...prepared.diagnostics];
  const resolved = prepared.resolved[0];
  if (resolved === undefined) throw host.usage(`'${host.file}' holds no pipeline to run.`);
  const pipeline = pickPipeline(resolved.program, opts.pipeline, host);
  const run = resolved.pipelines.get(pipeline.name)!;

  // Inputs of the run: --param, --artifact, defaults.
  const problems: Diagnostic[] = [];
  const params = runParams(pipeline, opts, host.cwd, problems);
  const runnerName = opts.runner ?? defaultRunner(host.env);
  if (opts.runner !== undefined && opts.runner !== "process" && !enginePresent(opts.runner, host.env)) problems.push(M.runEngineMissing.at(undefined, opts.runner));
  let secretsFile: ReturnType<typeof readSecretsFile> | undefined;
  if (opts.secrets !== undefined) {
    secretsFile = readSecretsFile(resolvePath(host.cwd, opts.secrets));
    if ("problem" in secretsFile) problems.push(M.runSecretsFile.at(undefined, opts.secrets, secretsFile.problem));
  }
  const workdir = resolvePath(host.cwd, opts.workdir ?? join(".mlpc", "runs", `${pipeline.name}-${stamp(now())}`));
  if (existsSync(workdir) && readdirSync(workdir).length > 0 && !existsSync(join(workdir, "run.json"))) problems.push(M.runWorkdirForeign.at(undefined, workdir));
  if (problems.length > 0) {
    render(problems);
    return RUN_EXIT.usage;
  }

  // What a local run leaves out, and what it cannot leave out.
  const { errors, notes } = preflight(resolved, pipeline, runnerName);
  if (errors.length > 0) {
    render([...warnings, ...notes, ...errors]);
    return RUN_EXIT.failed;
  }
  render([...warnings, ...notes]);

  rmSync(join(workdir, "steps"), { recursive: true, force: true });
  rmSync(join(workdir, "run.json"), { force: true });
  mkdirSync(workdir, { recursive: true });

  const record: RunRecord = { pipeline: pipeline.name, status: "Succeeded", runner: runnerName, workdir, startedAt: now(), tasks: [], outputs: {}, diagnostics: [] };
  const live = opts.format === "text" && host.stderrIsTTY && !inCi(host.env);
  const view: View = live ? liveView(host.stderr, now, host.columns) : plainView(host.stderr, now);
  const abort = new AbortController();
  let stoppedBy: HandledSignal | undefined;
  interceptSignals((signal) => {
    if (stoppedBy !== undefined) return; // a second Ctrl-C while the first is being handled
    stoppedBy = signal;
    abort.abort();
  });
  // The run's own timeout (Argo's activeDeadlineSeconds): everything stops, the run fails.
  const deadline = pipeline.settings.timeout;
  let timedOut = false;
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          abort.abort(`the run's timeout of ${deadline.seconds}s passed`);
        }, deadline.seconds * 1000);
  try {
    await runPipeline(
      {
        program: resolved.program,
        run,
        cachePlan: pipelineCachePlan(resolved, pipeline.name),
        params,
        workdir,
        runner: makeRunner(runnerName, host.env),
        cache: opts.cache ? new LocalCache(cacheRoot(host.env)) : undefined,
        baseDir: dirname(resolvePath(host.cwd, host.file)),
        parallel: opts.parallel ?? 4,
        secrets: makeSecrets(secretsFile !== undefined && !("problem" in secretsFile) ? secretsFile : undefined, host.env),
        signal: abort.signal,
        now,
        onEvent: (e) => view.event(e),
      },
      record,
    );
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    interceptSignals(undefined);
    view.close();
  }
  record.endedAt = now();
  const failed = record.tasks.some((t) => t.status === "failed") || record.diagnostics.some((d) => d.severity === "error");
  record.status = stoppedBy !== undefined ? "Interrupted" : failed ? "Failed" : "Succeeded";
  if (stoppedBy !== undefined) record.diagnostics.push(M.runInterrupted.at(undefined, stoppedBy, workdir));
  else if (timedOut) {
    record.status = "Failed";
    record.diagnostics.push(M.runPipelineTimedOut.at(deadline!.loc, pipeline.name, deadline!.seconds));
  }
  writeFileSync(join(workdir, "run.json"), `${JSON.stringify(recordJson(record), null, 2)}\n`);

  render(record.diagnostics);
  if (opts.format === "json") host.stdout(`${JSON.stringify(recordJson(record), null, 2)}\n`);
  else host.stdout(summary(record));
  return stoppedBy !== undefined ? SIGNAL_EXIT[stoppedBy] : record.status === "Succeeded" ? RUN_EXIT.ok : RUN_EXIT.failed;
}

/** The run's record as JSON (what `--format json` prints and `run.json` holds). */
export function recordJson(record: RunRecord): unknown {
  return {
    pipeline: record.pipeline,
    status: record.status,
    runner: record.runner,
    workdir: record.workdir,
    startedAt: new Date(record.startedAt).toISOString(),
    endedAt: record.endedAt === undefined ? undefined : new Date(record.endedAt).toISOString(),
    tasks: record.tasks.map((t) => ({
      id: t.id,
      kind: t.kind,
      status: t.status,
      attempts: t.attempts,
      durationMs: t.startedAt !== undefined && t.endedAt !== undefined ? t.endedAt - t.startedAt : undefined,
      cached: t.status === "cached",
      ...(t.reason === undefined ? {} : { reason: t.reason }),
      ...(t.key === undefined ? {} : { key: t.key }),
      ...(t.log === undefined ? {} : { log: t.log }),
      outputs: t.outputs,
    })),
    outputs: record.outputs,
    diagnostics: record.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, ...(d.loc === undefined ? {} : { loc: d.loc }) })),
  };
}

/**
 * The pipeline to run: `--pipeline NAME`, else the one no other pipeline of the file calls (a file
 * with several such pipelines needs `--pipeline`).
 */
function pickPipeline(program: Program, name: string | undefined, host: RunHost): Pipeline {
  const names = program.pipelines.map((p) => `'${p.name}'`).join(", ") || "none";
  if (name !== undefined) {
    const found = program.pipelines.find((p) => p.name === name);
    if (found === undefined) throw host.usage(`there is no pipeline '${name}' in '${host.file}'; the pipelines are ${names}.`);
    return found;
  }
  const called = new Set(program.pipelines.flatMap((p) => walkNodes(p).flatMap(({ node }) => (node.kind === "step" && node.call.kind === "pipeline" ? [node.call.name] : []))));
  const uncalled = program.pipelines.filter((p) => !called.has(p.name));
  const here = uncalled.filter((p) => p.loc.file === host.file);
  const roots = here.length > 0 ? here : uncalled;
  if (roots.length === 1) return roots[0]!;
  if (roots.length === 0) throw host.usage(`'${host.file}' holds no pipeline to run.`);
  throw host.usage(`'${host.file}' holds several pipelines (${roots.map((p) => `'${p.name}'`).join(", ")}); pick one with --pipeline NAME.`);
}

/** The run's parameter values: `--param` typed as declared, `--artifact` local paths, else defaults. */
function runParams(pipeline: Pipeline, opts: RunOptions, cwd: string, problems: Diagnostic[]): Map<string, RunValue> {
  const values = new Map<string, RunValue>();
  for (const [key, text] of paramAssignments(opts.param, problems)) {
    const param = pipeline.params.find((p) => p.name === key && p.type.kind === "param");
    if (param === undefined || param.type.kind !== "param") {
      const names = pipeline.params.filter((p) => p.type.kind === "param").map((p) => `'${p.name}'`).join(", ") || "none";
      problems.push(M.unknownParam.at(undefined, key, pipeline.name, names));
      continue;
    }
    const problem = typeProblem(param, text);
    if (problem !== undefined) {
      problems.push(M.paramType.at(undefined, key, problem.type, text, problem.expected));
      continue;
    }
    const parsed = parseParameter(param.type.name, text);
    if ("value" in parsed) values.set(key, param.type.name === "String" ? text : parsed.value);
  }
  for (const [name, uri] of artifactAssignments(pipeline, opts.artifact, problems)) {
    const path = localPath(uri, cwd);
    if (path === undefined) problems.push(M.runArtifactUri.at(undefined, name, uri));
    else if (!existsSync(path)) problems.push(M.cannotRead.at(undefined, path, "no such file or folder"));
    else values.set(name, { artifact: true, path, uri: pathToFileURL(path).href });
  }
  for (const p of pipeline.params) {
    if (values.has(p.name)) continue;
    if (p.default !== undefined) {
      try {
        values.set(p.name, evaluate(p.default, literalEnv(p.default)));
      } catch {
        // defaults are literals; a checked program has no other
      }
    } else if (p.optional !== true) {
      const artifact = p.type.kind === "artifact";
      problems.push(M.paramMissing.at(p.loc, artifact ? "artifact input" : "parameter", p.name, pipeline.name, artifact ? `--artifact ${p.name}=PATH` : `--param ${p.name}=VALUE`));
    }
  }
  return values;
}

/**
 * What the local runner does not run: serves deployed from the pipeline (an error when a step waits
 * for one), tunes; with the process runner, the images (once each) and volumes.
 */
function preflight(resolved: ResolvedProgram, pipeline: Pipeline, runner: RunnerName): { errors: Diagnostic[]; notes: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  const byName = new Map(resolved.program.pipelines.map((p) => [p.name, p]));
  const visited = new Set<Pipeline>();
  const visit = (p: Pipeline): void => {
    if (visited.has(p)) return;
    visited.add(p);
    const nodes = walkNodes(p);
    const deploys = new Map(nodes.flatMap(({ node }) => (node.kind === "deploy" ? [[node.name, node] as const] : [])));
    for (const d of deploys.values()) notes.push(M.runServeSkipped.at(d.loc, d.serve));
    for (const { node } of nodes) {
      if (node.kind !== "step" && node.kind !== "importer" && node.kind !== "deploy") continue;
      for (const a of node.after) {
        const d = deploys.get(a.step);
        if (d !== undefined) errors.push(M.runServeOnPath.at(a.loc, node.name, d.serve));
      }
      if (node.kind === "step" && node.call.kind === "pipeline") {
        const callee = byName.get(node.call.name);
        if (callee !== undefined) visit(callee);
      }
    }
  };
  visit(pipeline);
  for (const t of resolved.program.tunes) notes.push(M.runTuneSkipped.at(t.loc, t.name));
  const run = resolved.pipelines.get(pipeline.name)!;
  const images = new Set<string>();
  for (const r of run.steps.values()) {
    if (runner === "process" && !images.has(r.component.image.ref)) {
      images.add(r.component.image.ref);
      notes.push(M.runImageNotUsed.at(r.component.image.loc, r.component.image.ref));
    }
    for (const v of r.settings.volumes ?? []) notes.push(M.runVolumeIgnored.at(v.loc, r.step.name, v.mountPath, runner));
  }
  return { errors, notes };
}

function defaultRunner(env: Readonly<Record<string, string | undefined>>): RunnerName {
  if (enginePresent("docker", env)) return "docker";
  if (enginePresent("podman", env)) return "podman";
  return "process";
}

function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

