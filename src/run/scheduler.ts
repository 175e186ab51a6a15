import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { isAbsolute, join, resolve as resolvePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import { evaluate, condition, isArtifact, Unavailable, valueText, type ArtifactValue, type EvalEnv, type RunValue } from "../ir/eval.js";
import { subExpressions } from "../ir/query/walk.js";
import type { CommandItem, Component, Expr, Importer, Loop, Node, OutputRef, Pipeline, Program, Step } from "../ir/types.js";
import type { Json } from "../passes/optimize/cache-key.js";
import type { PipelineCachePlan, StepCachePlan } from "../passes/optimize/cache.js";
import type { ResolvedPipeline } from "../passes/resolve/index.js";
import { contentHash, runKey, type LocalCache } from "./cache.js";
import type { RunEvent, RunRecord, TaskRecord, TaskStatus } from "./model.js";
import { readOutput } from "./outputs.js";
import type { Attempt, Runner } from "./runners.js";
import type { Secrets } from "./secrets.js";

/**
 * The scheduler of `mlpc run`: it walks the checked, resolved and planned IR of one pipeline the way
 * the targets run its compiled form. Every node of a block starts at once and waits for what it reads
 * (data edges) and what it is `after`; a node inside a loop or branch reads a node outside it through
 * the enclosing frames. Conditions pick the first branch whose condition holds (`ir/eval.ts`, the
 * semantics of KFP's CEL and Argo's `when`) and skip the others; loops run their iterations with the
 * loop's `parallel` limit; `collect` reads every iteration that ran; `oneOf` the option that ran; a
 * sub-pipeline runs in its own frame with its parameters bound. A step whose upstream failed is not
 * run (skipped) unless it is `always`; `finally` runs after everything else with `pipeline.status`
 * (`Succeeded` or `Failed`, as Argo's `{{workflow.status}}` gives it). Retries wait `backoff ×
 * factor^n` (capped by `max`); a timeout stops the attempt. Steps the optimizer's cache plan marks as
 * cached are looked up in the local cache (`cache.ts`) first.
 */

export interface RunSetup {
  readonly program: Program;
  /** The pipeline the run starts, resolved (its steps and those of the pipelines it calls). */
  readonly run: ResolvedPipeline;
  readonly cachePlan?: PipelineCachePlan;
  /** The run's parameter values (given or defaults), artifacts included. */
  readonly params: ReadonlyMap<string, RunValue>;
  readonly workdir: string;
  readonly runner: Runner;
  /** The local cache; none with `--no-cache`. */
  readonly cache?: LocalCache;
  /** Relative importer paths are read from here (the pipeline file's folder). */
  readonly baseDir: string;
  /** At most this many attempts run at once. */
  readonly parallel: number;
  readonly secrets: Secrets;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly onEvent: (event: RunEvent) => void;
}

/** A settled node: what it did and what it made. */
interface NodeState {
  readonly status: Exclude<TaskStatus, "queued" | "running">;
  /** Not run because something it needs failed (or the run was interrupted): its dependents are not run either. */
  readonly blocked: boolean;
  readonly outputs: ReadonlyMap<string, RunValue>;
  readonly why?: string;
}

/** What a name stands for in a frame: one node, or (read from outside its loop) every iteration's. */
type Entry = { readonly kind: "node"; readonly state: NodeState } | { readonly kind: "loop"; readonly items: readonly Entry[] };

class Deferred<T> {
  value?: T;
  readonly promise: Promise<T>;
  private settle!: (v: T) => void;
  constructor() {
    this.promise = new Promise<T>((r) => (this.settle = r));
  }
  resolve(v: T): void {
    if (this.value !== undefined) return;
    this.value = v;
    this.settle(v);
  }
}

/** What a pipeline's frames share: its parameters and where its tasks' ids and plan paths start. */
interface PipelineContext {
  readonly pipeline: Pipeline;
  readonly params: ReadonlyMap<string, RunValue>;
  /** Task id prefix (`sub/`, `sub[1]/`). */
  readonly prefix: string;
  /** Cache plan path prefix (`sub.`). */
  readonly planPrefix: string;
  failed: boolean;
  status?: "Succeeded" | "Failed";
}

class Frame {
  readonly names = new Map<string, Deferred<Entry>>();
  constructor(
    readonly context: PipelineContext,
    readonly parent: Frame | undefined,
    readonly loopVars: ReadonlyMap<string, RunValue>,
    /** `[i]` per enclosing loop iteration. */
    readonly suffix: string,
  ) {}

  lookup(name: string): Deferred<Entry> | undefined {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      const d = f.names.get(name);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  loopVar(name: string): RunValue | undefined {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) if (f.loopVars.has(name)) return f.loopVars.get(name);
    return undefined;
  }
}

const SKIPPED = (why: string, blocked: boolean): NodeState => ({ status: "skipped", blocked, outputs: new Map(), why });

/** A counting semaphore: `use` runs `task` when a slot is free. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free++;
    }
  }
}

/** Runs the pipeline; resolves when every task settled (or the run was interrupted). */
export async function runPipeline(setup: RunSetup, record: RunRecord): Promise<void> {
  const s = new Scheduler(setup, record);
  await s.start();
}

class Scheduler {
  private readonly slots: Slots;
  private readonly running = new Set<Attempt>();
  /** Run-time identity of each artifact value, for the cache keys of the steps that read it. */
  private readonly identity = new WeakMap<ArtifactValue, Json>();
  private readonly pipelines: ReadonlyMap<string, Pipeline>;
  private readonly components: ReadonlyMap<string, Component>;

  constructor(
    private readonly setup: RunSetup,
    private readonly record: RunRecord,
  ) {
    this.slots = new Slots(setup.parallel);
    this.pipelines = new Map(setup.program.pipelines.map((p) => [p.name, p]));
    this.components = new Map(setup.program.components.map((c) => [c.name, c]));
    setup.signal.addEventListener("abort", () => {
      for (const a of this.running) a.stop();
    });
  }

  async start(): Promise<void> {
    const pipeline = this.setup.run.pipeline;
    const context: PipelineContext = { pipeline, params: this.setup.params, prefix: "", planPrefix: "", failed: false };
    const frame = await this.runPipelineBody(context);
    // When the run failed, why an output has no value is already reported.
    this.record.outputs = this.pipelineOutputs(pipeline, frame, pipeline.name, !context.failed);
  }

  /** The body, then `finally`, of a pipeline in a new frame; `context.failed` says how it went. */
  private async runPipelineBody(context: PipelineContext): Promise<Frame> {
    const frame = new Frame(context, undefined, new Map(), "");
    const { pipeline } = context;
    declare(pipeline.body, frame);
    if (pipeline.exitHandler !== undefined) declare(pipeline.exitHandler.body, frame);
    await this.runBlock(pipeline.body, frame);
    context.status = context.failed ? "Failed" : "Succeeded";
    if (pipeline.exitHandler !== undefined) {
      if (this.setup.signal.aborted) this.skip(pipeline.exitHandler.body, frame, SKIPPED(this.stopReason(), true));
      else await this.runBlock(pipeline.exitHandler.body, frame);
    }
    return frame;
  }

  private pipelineOutputs(pipeline: Pipeline, frame: Frame, where: string, report: boolean): Record<string, RunValue> {
    const out: Record<string, RunValue> = {};
    for (const o of pipeline.outputs) {
      try {
        out[o.name] = evaluate(o.value, this.env(frame));
      } catch (err) {
        if (!(err instanceof Unavailable)) throw err;
        if (report) this.diagnostic(M.runValueUnavailable.at(o.loc, `${where}.${o.name}`, err.why));
      }
    }
    return out;
  }

  private runBlock(block: readonly Node[], frame: Frame): Promise<void> {
    return Promise.all(block.map((node) => this.runNode(node, frame))).then(() => undefined);
  }

  private async runNode(node: Node, frame: Frame): Promise<void> {
    switch (node.kind) {
      case "step":
        if (node.call.kind === "component") return this.settle(node.name, frame, this.runStep(node, frame));
        return this.settle(node.name, frame, this.runCall(node, frame));
      case "importer":
        return this.settle(node.name, frame, this.runImporter(node, frame));
      case "deploy": {
        // Shown when it would run: after what it waits for and the model it deploys.
        const task = this.task(node.name, "deploy", frame, node.loc);
        const storage = this.setup.program.serves.find((s) => s.name === node.serve)?.model.storage;
        await this.waitFor(storage === undefined ? [] : [storage], node.after.map((a) => a.step), frame);
        this.update(task, "skipped", "serves are not deployed locally");
        frame.names.get(node.name)?.resolve({ kind: "node", state: SKIPPED("serves are not deployed locally", false) });
        return;
      }
      case "condition":
        return this.runCondition(node, frame);
      case "loop":
        return this.runLoop(node, frame);
    }
  }

  private async settle(name: string, frame: Frame, state: Promise<NodeState>): Promise<void> {
    const settled = await state;
    if (settled.status === "failed") frame.context.failed = true;
    frame.names.get(name)?.resolve({ kind: "node", state: settled });
  }

  // -----------------------------------------------------------------------------------------------
  // Waiting for what a node reads

  /** Waits for every node `exprs` read and `after` names; whether one failed (so this one must not run). */
  private async waitFor(exprs: readonly Expr[], after: readonly string[], frame: Frame): Promise<{ blocked?: string }> {
    const names = new Set<string>(after);
    for (const e of exprs) {
      for (const sub of subExpressions(e)) {
        if (sub.kind === "output" || sub.kind === "collect") names.add(sub.step);
        if (sub.kind === "oneof") for (const o of sub.options) names.add(o.step);
      }
    }
    let blocked: string | undefined;
    for (const name of names) {
      const d = frame.lookup(name);
      if (d === undefined) continue; // a pipeline parameter or loop variable, or a checked-away name
      const entry = await d.promise;
      if (blocked === undefined && failedIn(entry)) blocked = name;
    }
    return blocked === undefined ? {} : { blocked };
  }

  private env(frame: Frame): EvalEnv {
    const entryOf = (step: string, at: Expr): Entry => {
      const d = frame.lookup(step);
      if (d?.value === undefined) throw new Unavailable(at, `'${step}' has not run`);
      return d.value;
    };
    const valueOf = (state: NodeState, step: string, output: string, at: Expr): RunValue => {
      if (state.status === "skipped") throw new Unavailable(at, `'${step}' was skipped (${state.why}), so its output '${output}' has no value`);
      if (state.status === "failed") throw new Unavailable(at, `'${step}' failed, so its output '${output}' has no value`);
      const v = state.outputs.get(output);
      if (v === undefined) throw new Unavailable(at, `'${step}' has no output '${output}'`);
      return v;
    };
    return {
      param: (name) => {
        const v = frame.context.params.get(name);
        if (v === undefined) throw new Unavailable({ kind: "param", name, loc: frame.context.pipeline.loc }, `the parameter '${name}' has no value`);
        return v;
      },
      output: (step, output) => {
        const at: OutputRef = { kind: "output", step, output, loc: frame.context.pipeline.loc };
        const entry = entryOf(step, at);
        if (entry.kind === "loop") throw new Unavailable(at, `'${step}' runs once per loop iteration; read its outputs with collect(${step}.${output})`);
        return valueOf(entry.state, step, output, at);
      },
      loopItem: (loop) => {
        const v = frame.loopVar(loop);
        if (v === undefined) throw new Unavailable({ kind: "loopItem", loop, loc: frame.context.pipeline.loc }, `'${loop}' is no loop item here`);
        return v;
      },
      collect: (step, output) => {
        const at: Expr = { kind: "collect", step, output, loc: frame.context.pipeline.loc };
        const out: RunValue[] = [];
        const gather = (e: Entry): void => {
          if (e.kind === "loop") e.items.forEach(gather);
          else if (e.state.status === "done" || e.state.status === "cached") out.push(valueOf(e.state, step, output, at));
        };
        gather(entryOf(step, at));
        return out;
      },
      oneOf: (options) => {
        for (const o of options) {
          const e = frame.lookup(o.step)?.value;
          if (e?.kind === "node" && (e.state.status === "done" || e.state.status === "cached")) return valueOf(e.state, o.step, o.output, o);
        }
        throw new Unavailable(options[0]!, `none of ${options.map((o) => `'${o.step}'`).join(", ")} ran`);
      },
      status: () => {
        const status = frame.context.status;
        if (status === undefined) throw new Unavailable({ kind: "status", loc: frame.context.pipeline.loc }, "the pipeline's status is known only in 'finally'");
        return status;
      },
    };
  }

  // -----------------------------------------------------------------------------------------------
  // Conditions, loops, sub-pipelines, importers

  private async runCondition(node: Extract<Node, { kind: "condition" }>, frame: Frame): Promise<void> {
    const conditions = node.branches.flatMap((b) => (b.condition === undefined ? [] : [b.condition]));
    const wait = await this.waitFor(conditions, [], frame);
    if (wait.blocked !== undefined) {
      this.skip(node.branches.flatMap((b) => b.body), frame, SKIPPED(`'${wait.blocked}' did not succeed`, true));
      return;
    }
    let chosen = -1;
    try {
      chosen = node.branches.findIndex((b) => b.condition === undefined || condition(b.condition, this.env(frame)));
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      this.diagnostic(M.runValueUnavailable.at(node.loc, "the condition", err.why));
      frame.context.failed = true;
      this.skip(node.branches.flatMap((b) => b.body), frame, SKIPPED("its condition could not be evaluated", true));
      return;
    }
    node.branches.forEach((b, i) => {
      if (i !== chosen) this.skip(b.body, frame, SKIPPED(b.condition === undefined ? "an earlier branch ran" : "its condition is false", false));
    });
    if (chosen >= 0) await this.runBlock(node.branches[chosen]!.body, frame);
  }

  private async runLoop(loop: Loop, frame: Frame): Promise<void> {
    const inside = namesIn(loop.body);
    const finish = (items: readonly Frame[]): void => {
      for (const name of inside) frame.names.get(name)?.resolve({ kind: "loop", items: items.map((f) => f.names.get(name)?.value ?? { kind: "node", state: SKIPPED("not reached", false) }) });
    };
    const wait = await this.waitFor([loop.items], [], frame);
    if (wait.blocked !== undefined) {
      this.skip(loop.body, frame, SKIPPED(`'${wait.blocked}' did not succeed`, true));
      return;
    }
    let items: RunValue;
    try {
      items = evaluate(loop.items, this.env(frame));
      if (typeof items === "string") items = JSON.parse(items) as RunValue;
    } catch (err) {
      if (!(err instanceof Unavailable) && !(err instanceof SyntaxError)) throw err;
      const why = err instanceof Unavailable ? err.why : "its items are not JSON";
      this.diagnostic(M.runValueUnavailable.at(loop.loc, `the loop over '${loop.variable}'`, why));
      frame.context.failed = true;
      this.skip(loop.body, frame, SKIPPED("its loop could not start", true));
      return;
    }
    if (!Array.isArray(items)) {
      this.diagnostic(M.runItemsNotList.at(loop.loc, loop.variable, valueText(items)));
      frame.context.failed = true;
      this.skip(loop.body, frame, SKIPPED("its loop could not start", true));
      return;
    }
    const iterations = (items as readonly RunValue[]).map((item, i) => {
      const f = new Frame(frame.context, frame, new Map([[loop.variable, item]]), `${frame.suffix}[${i}]`);
      declare(loop.body, f);
      return f;
    });
    const limit = new Slots(loop.parallelism ?? iterations.length);
    await Promise.all(iterations.map((f) => limit.use(() => this.runBlock(loop.body, f))));
    finish(iterations);
  }

  private async runCall(step: Step, frame: Frame): Promise<NodeState> {
    const callee = this.pipelines.get(step.call.name)!;
    const wait = await this.waitFor(step.arguments.map((a) => a.value), step.after.map((a) => a.step), frame);
    if (wait.blocked !== undefined && !step.ignoreUpstreamFailure) return SKIPPED(`'${wait.blocked}' did not succeed`, true);
    const params = new Map<string, RunValue>();
    try {
      for (const p of callee.params) {
        const arg = step.arguments.find((a) => a.name === p.name);
        const expr = arg?.value ?? p.default;
        if (expr === undefined || (expr.kind === "param" && !frame.context.params.has(expr.name) && (p.optional === true || p.default !== undefined))) continue;
        params.set(p.name, evaluate(expr, this.env(frame)));
      }
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      this.diagnostic(M.runValueUnavailable.at(step.loc, step.name, err.why));
      return { status: "failed", blocked: false, outputs: new Map(), why: err.why };
    }
    const id = `${frame.context.prefix}${step.name}${frame.suffix}`;
    const context: PipelineContext = { pipeline: callee, params, prefix: `${id}/`, planPrefix: `${frame.context.planPrefix}${step.name}.`, failed: false };
    const inner = await this.runPipelineBody(context);
    if (context.failed) return { status: "failed", blocked: false, outputs: new Map(), why: "a step of it failed" };
    const outputs = new Map<string, RunValue>();
    for (const o of callee.outputs) {
      try {
        outputs.set(o.name, evaluate(o.value, this.env(inner)));
      } catch (err) {
        if (!(err instanceof Unavailable)) throw err;
      }
    }
    return { status: "done", blocked: false, outputs };
  }

  private async runImporter(node: Importer, frame: Frame): Promise<NodeState> {
    const task = this.task(node.name, "importer", frame, node.loc);
    const wait = await this.waitFor([node.uri], node.after.map((a) => a.step), frame);
    if (wait.blocked !== undefined) return this.end(task, SKIPPED(`'${wait.blocked}' did not succeed`, true));
    let uri: string;
    try {
      uri = valueText(evaluate(node.uri, this.env(frame)));
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      return this.fail(task, M.runValueUnavailable.at(node.loc, node.name, err.why));
    }
    const path = localPath(uri, this.setup.baseDir);
    if (path === undefined) return this.fail(task, M.runImporterScheme.at(node.uri.loc, node.name, uri));
    if (!existsSync(path)) return this.fail(task, M.runImportMissing.at(node.uri.loc, node.name, path));
    const artifact: ArtifactValue = { artifact: true, path, uri: pathToFileURL(path).href };
    this.identity.set(artifact, ["import", path, contentHash(path)]);
    task.outputs = { artifact: artifact.uri };
    return this.end(task, { status: "done", blocked: false, outputs: new Map([["artifact", artifact]]) });
  }

  // -----------------------------------------------------------------------------------------------
  // Component steps

  private async runStep(step: Step, frame: Frame): Promise<NodeState> {
    const task = this.task(step.name, "step", frame, step.loc);
    const resolved = this.setup.run.steps.get(step);
    const component = resolved?.component ?? this.components.get(step.call.name)!;
    const settings = resolved?.settings ?? step.settings;
    const envExprs = (settings.env ?? []).flatMap((e) => (e.source.kind === "value" ? [e.source.value] : []));
    const wait = await this.waitFor([...step.arguments.map((a) => a.value), ...envExprs], step.after.map((a) => a.step), frame);
    if (wait.blocked !== undefined && !step.ignoreUpstreamFailure) return this.end(task, SKIPPED(`'${wait.blocked}' did not succeed`, true));
    if (this.setup.signal.aborted) return this.end(task, SKIPPED(this.stopReason(), true));

    const dir = join(this.setup.workdir, "steps", ...task.id.split("/"));
    const outputsDir = join(dir, "outputs");
    const logFile = join(dir, "log.txt");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(outputsDir, { recursive: true });
    task.log = logFile;

    // Inputs: the argument, else the component's default; an optional input may stay absent.
    const inputs = new Map<string, RunValue>();
    const env: Record<string, string> = {};
    const keyInputs: Record<string, Json> = {};
    try {
      const values = this.env(frame);
      for (const input of component.inputs) {
        const expr = step.arguments.find((a) => a.name === input.name)?.value ?? input.default;
        // An optional parameter the run has no value for leaves an optional input out.
        if (expr === undefined || (expr.kind === "param" && input.optional && !frame.context.params.has(expr.name))) continue;
        const v = evaluate(expr, values);
        inputs.set(input.name, v);
        // An artifact given to the run (--artifact) is known by its content.
        keyInputs[input.name] = isArtifact(v) ? (this.identity.get(v) ?? ["file", v.path, contentHash(v.path)]) : ["value", v as Json];
      }
      for (const e of settings.env ?? []) {
        const s = e.source;
        if (s.kind === "value") {
          env[e.name] = valueText(evaluate(s.value, values));
          keyInputs[`env:${e.name}`] = env[e.name]!;
        } else if (s.kind === "secret" || s.kind === "configMap") {
          const from = s.kind === "secret" ? this.setup.secrets.secret(s.secret, s.key) : this.setup.secrets.configMap(s.configMap, s.key);
          if (from.value === undefined) {
            const what = s.kind === "secret" ? "Secret" : "ConfigMap";
            return this.fail(task, M.runSecretMissing.at(e.loc, task.id, what, s.kind === "secret" ? s.secret : s.configMap, s.key, from.variable));
          }
          env[e.name] = from.value;
        } else {
          env[e.name] = fieldValue(s.fieldPath, task.id, settings);
        }
      }
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      return this.fail(task, M.runValueUnavailable.at(step.loc, task.id, err.why));
    }

    const argv = [...render(component.command, inputs, outputsDir, dir), ...render(component.args, inputs, outputsDir, dir)];
    const plan = this.planOf(step, frame);
    const key = plan === undefined ? undefined : runKey(plan.definitionKey, keyInputs);
    const cache = plan?.cached === true ? this.setup.cache : undefined;
    if (cache !== undefined && key !== undefined) {
      task.key = key;
      if (cache.restore(key, outputsDir, plan!.maxAge?.seconds, this.setup.now())) {
        const read = this.readOutputs(task, component, outputsDir, key);
        if (!("failed" in read)) {
          writeFileSync(logFile, `mlpc: reused the cached result ${key}\n`);
          return this.end(task, { status: "cached", blocked: false, outputs: read.outputs });
        }
        rmSync(outputsDir, { recursive: true, force: true });
        mkdirSync(outputsDir, { recursive: true });
      }
    }

    const retry = settings.retry;
    const attempts = 1 + (retry?.limit ?? 0);
    let last = "";
    for (let n = 1; n <= attempts; n++) {
      if (n > 1) {
        const wait = backoffSeconds(retry!, n - 1);
        if (wait > 0) await sleep(wait * 1000, this.setup.signal);
      }
      if (this.setup.signal.aborted) return this.end(task, { status: "failed", blocked: true, outputs: new Map(), why: this.stopReason() });
      const result = await this.slots.use(async () => {
        if (this.setup.signal.aborted) return undefined;
        task.attempts = n;
        this.update(task, "running", n > 1 ? `attempt ${n} of ${attempts}` : undefined);
        const attempt = this.setup.runner.start({
          id: task.id,
          image: component.image.ref,
          argv,
          env,
          cwd: dir,
          workdir: this.setup.workdir,
          readOnly: [...inputs.values()].flatMap((v) => (isArtifact(v) && !v.path.startsWith(this.setup.workdir) ? [v.path] : [])),
          cpuLimit: settings.resources?.cpu?.limit?.value,
          memoryLimit: settings.resources?.memory?.limit?.value,
          logFile,
          timeoutSeconds: settings.timeout?.seconds,
          onLine: (line) => {
            task.lastLine = line;
            this.setup.onEvent({ kind: "line", task, line });
          },
        });
        this.running.add(attempt);
        try {
          return await attempt.done;
        } finally {
          this.running.delete(attempt);
        }
      });
      if (result === undefined || this.setup.signal.aborted) return this.end(task, { status: "failed", blocked: true, outputs: new Map(), why: this.stopReason() });
      if (result.startError === undefined && result.exitCode === 0 && !result.timedOut) {
        const read = this.readOutputs(task, component, outputsDir, key);
        if ("failed" in read) return this.fail(task, read.failed);
        if (cache !== undefined && key !== undefined) cache.store(key, task.id, outputsDir, this.setup.now());
        return this.end(task, { status: "done", blocked: false, outputs: read.outputs });
      }
      last = result.timedOut
        ? `timeout of ${settings.timeout!.seconds}s`
        : result.startError ?? (result.signal !== null ? `killed by ${result.signal}` : `exit code ${result.exitCode}`);
      if (n === attempts) {
        const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
        if (result.timedOut) return this.fail(task, M.runTimedOut.at(step.loc, task.id, settings.timeout!.seconds, `${logFile}${tries}`));
        return this.fail(task, M.runStepFailed.at(step.loc, task.id, `${last}${tries}`, logFile));
      }
    }
    return this.fail(task, M.runStepFailed.at(step.loc, task.id, last, logFile));
  }

  /** The cache plan entry of `step` where it runs (a called pipeline's steps by their `call.step` path). */
  private planOf(step: Step, frame: Frame): StepCachePlan | undefined {
    const plan = this.setup.cachePlan;
    if (plan === undefined) return undefined;
    const path = `${frame.context.planPrefix}${step.name}`;
    return plan.entries.find((e) => e.step === step && e.path === path) ?? plan.steps.get(step);
  }

  private readOutputs(task: TaskRecord, component: Component, dir: string, key: string | undefined): { outputs: Map<string, RunValue> } | { failed: Diagnostic } {
    const outputs = new Map<string, RunValue>();
    const texts: Record<string, string> = {};
    for (const o of component.outputs) {
      const path = join(dir, o.name);
      const read = readOutput(o.type, path);
      if ("missing" in read) return { failed: M.runOutputMissing.at(o.loc, task.id, o.name, path) };
      if ("bad" in read) return { failed: M.runOutputType.at(o.loc, task.id, o.name, read.bad, read.expected) };
      if (o.type.kind === "artifact") {
        const artifact: ArtifactValue = { artifact: true, path, uri: pathToFileURL(path).href };
        this.identity.set(artifact, key === undefined ? ["file", path] : ["output", key, o.name]);
        outputs.set(o.name, artifact);
        texts[o.name] = artifact.uri;
      } else {
        outputs.set(o.name, read.value);
        texts[o.name] = valueText(read.value);
      }
    }
    task.outputs = texts;
    return { outputs };
  }

  // -----------------------------------------------------------------------------------------------
  // Task records and events

  private task(name: string, kind: TaskRecord["kind"], frame: Frame, loc: TaskRecord["loc"]): TaskRecord {
    const task: TaskRecord = { id: `${frame.context.prefix}${name}${frame.suffix}`, kind, step: name, loc, status: "queued", attempts: 0, outputs: {} };
    this.record.tasks.push(task);
    this.setup.onEvent({ kind: "task", task });
    return task;
  }

  private update(task: TaskRecord, status: TaskStatus, reason?: string): void {
    if (status === "running" && task.startedAt === undefined) task.startedAt = this.setup.now();
    if (status !== "running" && status !== "queued") task.endedAt = this.setup.now();
    task.status = status;
    if (reason !== undefined) task.reason = reason;
    this.setup.onEvent({ kind: "task", task });
  }

  private end(task: TaskRecord, state: NodeState): NodeState {
    if (state.status === "cached" && task.startedAt === undefined) task.startedAt = this.setup.now();
    this.update(task, state.status, state.why);
    return state;
  }

  private fail(task: TaskRecord, d: Diagnostic): NodeState {
    this.diagnostic(d);
    return this.end(task, { status: "failed", blocked: false, outputs: new Map(), why: d.message });
  }

  /** Why the run is stopping: the reason it was aborted with (the run's timeout), else an interrupt. */
  private stopReason(): string {
    const reason: unknown = this.setup.signal.reason;
    return typeof reason === "string" ? reason : "the run was interrupted";
  }

  /** Settles every node of a block that will not run, each shown as a skipped task. */
  private skip(block: readonly Node[], frame: Frame, state: NodeState): void {
    const visit = (nodes: readonly Node[]): void => {
      for (const n of nodes) {
        if (n.kind === "condition") n.branches.forEach((b) => visit(b.body));
        else if (n.kind === "loop") visit(n.body);
        else {
          const d = frame.names.get(n.name);
          if (d === undefined || d.value !== undefined) continue;
          this.end(this.task(n.name, n.kind === "step" ? "step" : n.kind, frame, n.loc), state);
          d.resolve({ kind: "node", state });
        }
      }
    };
    visit(block);
  }

  private diagnostic(d: Diagnostic): void {
    this.record.diagnostics.push(d);
    this.setup.onEvent({ kind: "diagnostic", diagnostic: d });
  }
}

// -------------------------------------------------------------------------------------------------

/** Registers every name a block declares in `frame`: through branches, and the names inside loops (read from outside as all iterations). */
function declare(block: readonly Node[], frame: Frame): void {
  for (const name of namesIn(block)) if (!frame.names.has(name)) frame.names.set(name, new Deferred<Entry>());
}

/** The names of the steps, importers and deploys of a block, inside its branches and loops too. */
function namesIn(block: readonly Node[]): string[] {
  const out: string[] = [];
  const visit = (nodes: readonly Node[]): void => {
    for (const n of nodes) {
      if (n.kind === "condition") n.branches.forEach((b) => visit(b.body));
      else if (n.kind === "loop") visit(n.body);
      else out.push(n.name);
    }
  };
  visit(block);
  return out;
}


function failedIn(entry: Entry): boolean {
  if (entry.kind === "loop") return entry.items.some(failedIn);
  return entry.state.status === "failed" || entry.state.blocked;
}

/** The wait before retry `n` (1-based): `backoff × factor^(n-1)`, at most `max`. */
export function backoffSeconds(retry: { readonly backoffSeconds?: number; readonly factor?: number; readonly maxBackoffSeconds?: number }, n: number): number {
  const base = retry.backoffSeconds ?? 0;
  const wait = base * (retry.factor ?? 1) ** (n - 1);
  return retry.maxBackoffSeconds === undefined ? wait : Math.min(wait, retry.maxBackoffSeconds);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((r) => {
    if (signal.aborted) return r();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      r();
    }
    signal.addEventListener("abort", done);
  });
}

/** A local path for a URI or path: `file://…`, or a path (relative to `base`); undefined for other schemes. */
export function localPath(uri: string, base: string): string | undefined {
  if (/^file:\/\//i.test(uri)) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) return undefined;
  return isAbsolute(uri) ? uri : resolvePath(base, uri);
}

/** A command line with its placeholders rendered as on the targets, `if x [...]` resolved. */
function render(items: readonly CommandItem[], inputs: ReadonlyMap<string, RunValue>, outputsDir: string, dir: string): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.kind === "ifPresent") {
      const present = inputs.has(item.input) && inputs.get(item.input) !== null;
      out.push(...render(present ? item.then : item.otherwise, inputs, outputsDir, dir));
      continue;
    }
    out.push(
      item.parts
        .map((p) => {
          if (p.kind === "text") return p.value;
          const v = inputs.get(p.name);
          switch (p.ref) {
            case "inputValue":
              return v === undefined ? "" : valueText(v);
            case "inputPath":
              return isArtifact(v) ? v.path : valueFile(dir, p.name, v);
            case "inputUri":
              return isArtifact(v) ? v.uri : pathToFileURL(valueFile(dir, p.name, v)).href;
            case "outputPath":
              return join(outputsDir, p.name);
            case "outputUri":
              return pathToFileURL(join(outputsDir, p.name)).href;
            case "inputMetadata":
            case "outputMetadata":
              return "{}";
          }
        })
        .join(""),
    );
  }
  return out;
}

/** A parameter value passed by path: written to a file under the step's `inputs/`. */
function valueFile(dir: string, name: string, v: RunValue | undefined): string {
  const path = join(dir, "inputs", name);
  mkdirSync(join(dir, "inputs"), { recursive: true });
  writeFileSync(path, v === undefined ? "" : valueText(v));
  return path;
}

/** The downward API's fields, as a local run has them. */
function fieldValue(fieldPath: string, id: string, settings: Step["settings"]): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (m !== null) return (m[1] === "labels" ? settings.labels : settings.annotations)?.find((kv) => kv.key === m[2])?.value ?? "";
  switch (fieldPath) {
    case "metadata.name":
      return `mlpc-${id.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`;
    case "metadata.namespace":
      return "default";
    case "metadata.uid":
      return `local-${id}`;
    case "spec.nodeName":
      return hostname();
    case "spec.serviceAccountName":
      return settings.serviceAccount?.name ?? "default";
    case "status.podIP":
    case "status.podIPs":
    case "status.hostIP":
    case "status.hostIPs":
      return "127.0.0.1";
    default:
      return "";
  }
}
