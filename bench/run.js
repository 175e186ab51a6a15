// The mlpc benchmark: `npm run bench` (builds, then runs this file against dist/).
//
// For every workload (a kind of input) and every size it times each stage: a warm-up, then the
// median of several runs. It prints a Markdown table, the peak memory and whether the targets hold.
// A back end that cannot compile the input (an error such as MLP4001, a construct it does not support
// yet) or is not in this build is shown as n/a, with the reason, never as a time.
//
// To add a measurement, add a stage to STAGES (a column), or a workload to WORKLOADS (a group of
// rows). `node bench/run.js --help` lists the options.
//
// A second table measures pipelines written in TypeScript: what loading a `.ts` module adds to a
// command, against the `.mlpipe` file of the same pipeline, run as users run it (`mlpc compile` in a
// fresh process: jiti and Babel load there), and in process with them loaded.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { BENCH_SIZES, generatePipeline } from "./generate.js";

const { checkFile } = await import("../dist/compiler.js");
const { memoryHost } = await import("../dist/frontend/host.js");
const { parse } = await import("../dist/syntax/parse.js");
const { emitKfp } = await import("../dist/backends/kfp/index.js");
// The Argo back end is being written: measured once its module is built, n/a until then.
const { resolve } = await import("../dist/passes/resolve/index.js");
const { withCachePlan, place } = await import("../dist/passes/optimize/index.js");
const { deadSteps } = await import("../dist/passes/optimize/dead-steps.js");
const { loadClusterProfile } = await import("../dist/cluster/load.js");
const { readFileSync } = await import("node:fs");
const GKE = "examples/clusters/gke.yaml";
const gke = loadClusterProfile(GKE, readFileSync(new URL(`../${GKE}`, import.meta.url), "utf8")).profile;
const ARGO_MODULE = new URL("../dist/backends/argo/index.js", import.meta.url);
const argo = existsSync(ARGO_MODULE) ? await import(ARGO_MODULE.href) : undefined;

// ---------------------------------------------------------------------------------------------------
// What is measured

/**
 * A workload turns a size into a context for the stages: `{ path, text, host }`, and after `prepare`,
 * `program` (the checked IR, for stages that start from it).
 */
const WORKLOADS = [
  {
    name: ".mlpipe",
    make(size) {
      const path = `bench-${size}.mlpipe`;
      const text = generatePipeline(size, { seed: 1 });
      return { size, path, text, bytes: Buffer.byteLength(text), host: memoryHost({ [path]: text }) };
    },
  },
];

/**
 * Stages, timed separately. `total` marks the stages that together make one end-to-end run; `parse` is
 * shown on its own but is also the first phase of `check`. The emission stages start from the checked
 * program and include printing the YAML text. `unavailable(ctx)`, when a stage has it, runs once before
 * timing and returns why the stage cannot be measured on this input (a string), or undefined.
 */
const STAGES = [
  { name: "parse", total: false, run: (ctx) => parse(ctx.text, ctx.path) },
  { name: "check", total: true, run: (ctx) => checkFile(ctx.path, ctx.host) },
  {
    // The middle end and the optimizer's passes as the CLI runs them with `--cluster gke.yaml`:
    // resolution, GPU placement, the cache and dedup plans and the dead-step analysis.
    name: "optimize",
    total: false,
    run: (ctx) => {
      withCachePlan(place(resolve(ctx.program), gke));
      deadSteps(ctx.program);
    },
  },
  {
    name: "KFP emit",
    total: false,
    unavailable: (ctx) => notEmitted(emitKfp(ctx.program), ctx.size),
    run: (ctx) => emitKfp(ctx.program),
  },
  {
    name: "Argo emit",
    total: false,
    unavailable: (ctx) => (argo?.emitArgo === undefined ? "no Argo back end in this build" : notEmitted(argo.emitArgo(ctx.program), ctx.size)),
    run: (ctx) => argo.emitArgo(ctx.program),
  },
];

/**
 * Why a back end's result for a pipeline of `steps` steps is no measure of emission: it reported
 * errors (its files, if any, are not to be written), it wrote no file, or far more text than the
 * pipeline needs. Undefined when it compiled the input.
 */
function notEmitted(result, steps) {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    return `${errors[0].code}: ${errors[0].message}${more}`;
  }
  if (result.files.length === 0) return "no file written";
  const bytes = result.files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
  if (bytes / steps > MAX_BYTES_PER_STEP) {
    return `${fmt(bytes / 2 ** 20)} MB of output, ${fmt(bytes / steps / 1024)} KB per step: over the ${MAX_BYTES_PER_STEP / 1000} KB per step allowed (a KFP step takes about 2.5 KB), a bug in the back end`;
  }
  return undefined;
}

/**
 * More output per step than this is a back end writing something many times over (a text that grows
 * with the steps before it, say): timing it measures the bug, and larger sizes may exhaust memory, so
 * they are not run. A KFP step takes about 2.5 KB.
 */
const MAX_BYTES_PER_STEP = 20_000;

/** Runs per size: [warm-up, measured]. Fewer for large inputs, which are slow and steadier. */
function runsFor(size, scale) {
  const [warm, measured] = size <= 100 ? [10, 25] : size <= 1_000 ? [5, 11] : [2, 5];
  return [Math.max(1, Math.round(warm * scale)), Math.max(1, Math.round(measured * scale))];
}

const TARGETS = {
  /** parse + check of the 1,000-step pipeline, in ms. */
  thousandStepsMs: 300,
  /** `emitKfp` (YAML text included) of the checked 1,000-step pipeline, in ms. */
  kfpThousandStepsMs: 200,
  /** 10,000 steps may take at most this many times the 1,000-step time. */
  scaling: 12,
  /** The optimizer is linear: 10,000 steps take at most 11× the time of 1,000 (issue 13). */
  optimizerScaling: 11,
  /** What loading a `.ts` pipeline may add to a command, against the `.mlpipe` of the same pipeline, in ms. */
  tsAddedMs: 400,
};

/**
 * The pipeline measured as TypeScript: the CLI tests' fixture, in two modules (churn.ts imports its
 * components from churn-components.ts and the builder from "mlpc"), and the same pipeline in the
 * language. The bench checks that both compile to the same IR before timing them.
 */
const REPO = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(REPO, "bin", "mlpc.js");
const TS_PAIR = { mlpipe: "test/cli/fixtures/churn.mlpipe", ts: "test/cli/fixtures/churn.ts" };

// ---------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { sizes: BENCH_SIZES, scale: 1, json: false, strict: false, ts: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") opts.sizes = argv[++i].split(",").map((s) => Number(s.replace(/_/g, "")));
    else if (a === "--runs-scale") opts.scale = Number(argv[++i]);
    else if (a === "--json") opts.json = true;
    else if (a === "--strict") opts.strict = true;
    else if (a === "--no-ts") opts.ts = false;
    else if (a === "--help" || a === "-h") {
      console.log(`usage: node bench/run.js [--sizes 100,1000,10000] [--runs-scale 1] [--json] [--strict] [--no-ts]

  --sizes       pipeline sizes in steps (default ${BENCH_SIZES.join(",")})
  --runs-scale  multiply the number of warm-up and measured runs
  --json        print the results as JSON instead of Markdown
  --strict      exit 1 when a target is missed
  --no-ts       leave out the TypeScript pipeline measurements (they start mlpc processes)`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median ms of `fn()`, and the highest heap use seen right after a run. */
function time(fn, [warm, measured]) {
  for (let i = 0; i < warm; i++) fn();
  const ms = [];
  let heap = 0;
  for (let i = 0; i < measured; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }
  return { ms: median(ms), heap };
}

function measure(opts) {
  const rows = [];
  for (const workload of WORKLOADS) {
    /** Stages not run for larger sizes, with the size and reason that stopped them. */
    const stopped = new Map();
    for (const size of opts.sizes) {
      const ctx = workload.make(size);
      const checked = checkFile(ctx.path, ctx.host);
      const errors = checked.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0 || checked.program === undefined) {
        const first = errors[0];
        throw new Error(`the ${size}-step ${workload.name} input does not check: ${first?.code} ${first?.message} at line ${first?.loc?.line}`);
      }
      ctx.program = checked.program;
      const runs = runsFor(size, opts.scale);
      const stages = {};
      const unavailable = {};
      let heap = 0;
      for (const stage of STAGES) {
        const stop = stopped.get(stage.name);
        const reason = stop !== undefined && stop.size < size ? `not run: at ${stop.size.toLocaleString("en-US")} steps, ${stop.reason}` : stage.unavailable?.(ctx);
        if (reason !== undefined) {
          stages[stage.name] = null;
          unavailable[stage.name] = reason;
          if (reason.includes("per step") && !stopped.has(stage.name)) stopped.set(stage.name, { size, reason });
          continue;
        }
        const r = time(() => stage.run(ctx), runs);
        stages[stage.name] = r.ms;
        heap = Math.max(heap, r.heap);
      }
      const total = STAGES.filter((s) => s.total).reduce((sum, s) => sum + stages[s.name], 0);
      rows.push({
        workload: workload.name,
        size,
        bytes: ctx.bytes,
        stages,
        unavailable,
        total,
        heapUsedMB: heap / 2 ** 20,
        // maxRSS is a high-water mark for the process: with sizes in ascending order, the peak so far.
        maxRssMB: process.resourceUsage().maxRSS / 1024,
      });
    }
  }
  for (const row of rows) {
    const base = rows.find((r) => r.workload === row.workload && r.size === 1_000);
    row.ratio = base === undefined ? undefined : row.total / base.total;
  }
  return rows;
}

const fmt = (n, digits = 1) => (n === undefined ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));

function markdown(rows) {
  const multi = WORKLOADS.length > 1;
  const head = [...(multi ? ["input"] : []), "steps", "source bytes", ...STAGES.map((s) => `${s.name} ms`), "total ms", "× 1,000 steps", "heap used MB", "peak RSS MB"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map((h, i) => (i < (multi ? 1 : 0) ? " --- " : " ---: ")).join("|")}|`];
  for (const r of rows) {
    const cells = [
      ...(multi ? [r.workload] : []),
      r.size.toLocaleString("en-US"),
      r.bytes.toLocaleString("en-US"),
      ...STAGES.map((s) => (r.stages[s.name] === null ? `n/a (${r.unavailable[s.name].split(":")[0]})` : fmt(r.stages[s.name]))),
      fmt(r.total),
      r.ratio === undefined ? "–" : `${fmt(r.ratio, 2)}×`,
      fmt(r.heapUsedMB),
      fmt(r.maxRssMB),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** One line per stage and reason that made cells n/a, with the sizes it applies to. */
function unavailableNotes(rows) {
  const notes = new Map();
  for (const r of rows) {
    for (const [stage, reason] of Object.entries(r.unavailable)) {
      const key = `${stage}\u0000${reason}`;
      if (!notes.has(key)) notes.set(key, { stage, reason, sizes: [] });
      notes.get(key).sizes.push(r.size.toLocaleString("en-US"));
    }
  }
  return [...notes.values()].map((n) => `${n.stage} n/a for ${n.sizes.join(", ")} steps: ${n.reason}`);
}

/** Each target, met or not; targets whose sizes were not measured are left out. */
function checkTargets(rows) {
  const results = [];
  for (const workload of WORKLOADS) {
    const at = (size) => rows.find((r) => r.workload === workload.name && r.size === size);
    const k = at(1_000);
    const tenK = at(10_000);
    if (k !== undefined) {
      results.push({
        target: `${workload.name}: 1,000 steps in under ${TARGETS.thousandStepsMs} ms`,
        value: `${fmt(k.total)} ms`,
        ok: k.total < TARGETS.thousandStepsMs,
      });
    }
    if (k !== undefined) {
      const target = `${workload.name}: KFP emission (emitKfp, YAML text included) of 1,000 steps in under ${TARGETS.kfpThousandStepsMs} ms`;
      const ms = k.stages["KFP emit"];
      results.push(
        ms === null
          ? { target, value: `n/a (${k.unavailable["KFP emit"]})`, ok: undefined }
          : { target, value: `${fmt(ms)} ms`, ok: ms < TARGETS.kfpThousandStepsMs },
      );
    }
    if (k !== undefined && tenK !== undefined && k.stages.optimize > 0 && tenK.stages.optimize > 0) {
      const ratio = tenK.stages.optimize / k.stages.optimize;
      results.push({
        target: `${workload.name}: the optimizer (resolve, placement, cache and dedup plans, dead steps) on 10,000 steps at most ${TARGETS.optimizerScaling}× its 1,000-step time`,
        value: `${fmt(k.stages.optimize)} ms → ${fmt(tenK.stages.optimize)} ms, ${fmt(ratio, 2)}×`,
        ok: ratio <= TARGETS.optimizerScaling,
      });
    }
    if (k !== undefined && tenK !== undefined) {
      results.push({
        target: `${workload.name}: 10,000 steps at most ${TARGETS.scaling}× the 1,000-step time`,
        value: `${fmt(tenK.ratio, 2)}×`,
        ok: tenK.ratio <= TARGETS.scaling,
      });
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Pipelines in TypeScript

/** `mlpc compile FILE -t ir --no-loc -o -` in a fresh process; its wall time and output. */
function compileInChild(file, cacheDir) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, "compile", file, "-t", "ir", "--no-loc", "-o", "-"], {
    cwd: REPO,
    env: { ...process.env, MLPC_CACHE_DIR: cacheDir, MLPC_DEBUG: "" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`mlpc compile ${file} exited with ${r.status}:\n${r.stderr}`);
  return { ms, out: r.stdout };
}

/** Median ms of the async `fn()` after a warm-up. */
async function timeAsync(fn, [warm, measured]) {
  for (let i = 0; i < warm; i++) await fn();
  const ms = [];
  for (let i = 0; i < measured; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

/**
 * What a `.ts` pipeline costs over its `.mlpipe` twin. In fresh processes, interleaved so that load
 * on the machine hits all alike: the `.mlpipe` run; the `.ts` run as the first after an edit (an
 * empty cache directory: jiti loads Babel and compiles both modules); the `.ts` run with the
 * compiled modules cached. In process, with jiti and Babel loaded and no cache: loading, building
 * and checking the module, against checking the `.mlpipe` file.
 */
async function measureTs(opts) {
  const tmp = mkdtempSync(join(tmpdir(), "mlpc-bench-"));
  try {
    const cached = join(tmp, "cached");
    const base = compileInChild(TS_PAIR.mlpipe, "");
    const first = compileInChild(TS_PAIR.ts, cached); // also fills the cache
    if (base.out !== first.out) throw new Error(`${TS_PAIR.ts} and ${TS_PAIR.mlpipe} compile to different IR`);
    const runs = Math.max(3, Math.round(7 * opts.scale));
    const ms = { mlpipe: [], cold: [], cached: [] };
    for (let i = 0; i < runs; i++) {
      ms.mlpipe.push(compileInChild(TS_PAIR.mlpipe, "").ms);
      ms.cold.push(compileInChild(TS_PAIR.ts, join(tmp, `cold-${i}`)).ms);
      ms.cached.push(compileInChild(TS_PAIR.ts, cached).ms);
    }

    const { loadScript } = await import("../dist/cli/load-script.js");
    const { fileHost } = await import("../dist/cli/fs-host.js");
    const inRuns = [Math.max(1, Math.round(3 * opts.scale)), Math.max(3, Math.round(11 * opts.scale))];
    const loaded = await loadScript(TS_PAIR.ts, { cwd: REPO });
    if (loaded.diagnostics.length > 0 || loaded.program === undefined) throw new Error(`${TS_PAIR.ts} does not check in process`);
    const host = fileHost(REPO);
    const inProcessTs = await timeAsync(() => loadScript(TS_PAIR.ts, { cwd: REPO }), inRuns);
    const inProcessMlpipe = await timeAsync(() => checkFile(TS_PAIR.mlpipe, host), inRuns);

    const mlpipe = median(ms.mlpipe);
    return {
      pair: TS_PAIR,
      runs,
      child: { mlpipeMs: mlpipe, coldMs: median(ms.cold), cachedMs: median(ms.cached), coldAddedMs: median(ms.cold) - mlpipe, cachedAddedMs: median(ms.cached) - mlpipe },
      inProcess: { mlpipeMs: inProcessMlpipe, tsMs: inProcessTs, addedMs: inProcessTs - inProcessMlpipe },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function tsMarkdown(ts) {
  const c = ts.child;
  const p = ts.inProcess;
  const signed = (n) => `${n >= 0 ? "+" : "−"}${fmt(Math.abs(n))}`;
  return [
    "| run | ms | added by the .ts |",
    "| --- | ---: | ---: |",
    `| \`mlpc compile churn.mlpipe -t ir\`, fresh process | ${fmt(c.mlpipeMs)} | |`,
    `| \`mlpc compile churn.ts -t ir\`, fresh process, first run (cold: jiti loads Babel, compiles both modules) | ${fmt(c.coldMs)} | ${signed(c.coldAddedMs)} |`,
    `| \`mlpc compile churn.ts -t ir\`, fresh process, compiled modules cached (warm) | ${fmt(c.cachedMs)} | ${signed(c.cachedAddedMs)} |`,
    `| in process, jiti and Babel loaded, no cache: check churn.mlpipe / load, build and check churn.ts | ${fmt(p.mlpipeMs)} / ${fmt(p.tsMs)} | ${signed(p.addedMs)} |`,
  ].join("\n");
}

function checkTsTargets(ts) {
  return [
    {
      target: `.ts: loading adds at most ${TARGETS.tsAddedMs} ms to a command, first run (cold)`,
      value: `${fmt(ts.child.coldAddedMs)} ms`,
      ok: ts.child.coldAddedMs <= TARGETS.tsAddedMs,
    },
    {
      target: `.ts: loading adds at most ${TARGETS.tsAddedMs} ms to a command, compiled modules cached (warm)`,
      value: `${fmt(ts.child.cachedAddedMs)} ms`,
      ok: ts.child.cachedAddedMs <= TARGETS.tsAddedMs,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Start-up

/** The packages only some commands need: none may load in `check` or `compile` (issues 15, 16, 17). */
const HEAVY = ["prettier", "@dagrejs/dagre", "@kubernetes/client-node", "jiti", "ajv", "yaml", "typescript"];
const SMALL_EXAMPLE = "examples/tabular_training.mlpipe";

/** A fresh `node ARGS` process: its wall time, and the heavy packages it loaded (bench/trace-loads.mjs). */
function startUp(args, traceFile) {
  const start = performance.now();
  const r = spawnSync(process.execPath, ["--import", "./bench/trace-loads.mjs", ...args], {
    cwd: REPO,
    env: { ...process.env, MLPC_TRACE_LOADS: traceFile, MLPC_DEBUG: "" },
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}:\n${r.stderr}`);
  let loaded = [];
  try {
    const urls = readFileSync(traceFile, "utf8");
    loaded = HEAVY.filter((p) => urls.includes(`/node_modules/${p}/`));
    rmSync(traceFile);
  } catch {
    // Nothing resolved through the hooks (node -e 0): nothing loaded.
  }
  return { ms, loaded };
}

/**
 * Fresh processes, interleaved so that load on the machine hits all alike: bare Node, `mlpc
 * --version`, `mlpc check` and `mlpc compile -t all` of a small example; medians, as ratios to bare
 * Node, with the heavy packages each loaded.
 */
function measureStartUp(opts) {
  const tmp = mkdtempSync(join(tmpdir(), "mlpc-bench-start-"));
  try {
    const commands = [
      { name: "`node -e 0`", args: ["-e", "0"] },
      { name: "`mlpc --version`", args: [BIN, "--version"] },
      { name: `\`mlpc check ${SMALL_EXAMPLE}\``, args: [BIN, "check", SMALL_EXAMPLE] },
      { name: `\`mlpc compile ${SMALL_EXAMPLE} -t all\``, args: [BIN, "compile", SMALL_EXAMPLE, "-t", "all", "-o", join(tmp, "out")] },
    ];
    const runs = Math.max(3, Math.round(7 * opts.scale));
    const ms = commands.map(() => []);
    const loaded = commands.map(() => new Set());
    for (let i = 0; i < runs; i++) {
      commands.forEach((c, k) => {
        const r = startUp(c.args, join(tmp, `trace-${k}-${i}`));
        ms[k].push(r.ms);
        for (const p of r.loaded) loaded[k].add(p);
      });
    }
    const base = median(ms[0]);
    return { runs, rows: commands.map((c, k) => ({ name: c.name, ms: median(ms[k]), ratio: median(ms[k]) / base, loaded: [...loaded[k]] })) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function startUpMarkdown(s) {
  return [
    "| fresh process | ms | × `node -e 0` | packages loaded of " + HEAVY.map((p) => `\`${p}\``).join(", ") + " |",
    "| --- | ---: | ---: | --- |",
    ...s.rows.map((r) => `| ${r.name} | ${fmt(r.ms)} | ${fmt(r.ratio, 2)} | ${r.loaded.length === 0 ? "none" : r.loaded.join(", ")} |`),
  ].join("\n");
}

function checkStartUpTargets(s) {
  return s.rows.slice(2).map((r) => ({
    target: `${r.name} loads none of the packages only other commands need`,
    value: r.loaded.length === 0 ? "none" : r.loaded.join(", "),
    ok: r.loaded.length === 0,
  }));
}

// ---------------------------------------------------------------------------------------------------
// `mlpc run`: what the local runner adds per step (issue 20)

/** A pipeline of `n` steps running `true`, each after the one before. */
function trueChain(n) {
  const lines = ['component t {', '  image "busybox:1.36"', '  sideEffects', '  run ["true"]', "}", "", "pipeline chain {", "  s0 = t()"];
  for (let i = 1; i < n; i++) lines.push(`  s${i} = t() after s${i - 1}`);
  lines.push("}", "");
  return lines.join("\n");
}

/**
 * `mlpc run --runner process --no-cache` of a chain of 1,000 `true` steps and of a 1-step chain, in
 * fresh processes: the difference per step is what a step costs; less the cost of starting `true`
 * from Node on this machine, what the runner itself adds (scheduling, files, logs, the record).
 */
function measureRun(opts) {
  const tmp = mkdtempSync(join(tmpdir(), "mlpc-bench-run-"));
  try {
    const steps = 1000;
    writeFileSync(join(tmp, "chain1.mlpipe"), trueChain(1));
    writeFileSync(join(tmp, `chain${steps}.mlpipe`), trueChain(steps));
    const runOnce = (file, k) => {
      const start = performance.now();
      const r = spawnSync(process.execPath, [BIN, "run", file, "--runner", "process", "--no-cache", "--workdir", join(tmp, `w${k}`), "--format", "json"], {
        cwd: tmp,
        env: { ...process.env, CI: "1", XDG_CACHE_HOME: join(tmp, "cache") },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      const ms = performance.now() - start;
      if (r.status !== 0) throw new Error(`mlpc run ${file} exited with ${r.status}:\n${r.stderr.slice(-2000)}`);
      return ms;
    };
    const runs = Math.max(1, Math.round(3 * opts.scale));
    const small = [];
    const big = [];
    for (let i = 0; i < runs; i++) {
      small.push(runOnce("chain1.mlpipe", `s${i}`));
      big.push(runOnce(`chain${steps}.mlpipe`, `b${i}`));
    }
    // Starting `true` from Node, one after the other: the floor any runner has.
    const spawnStart = performance.now();
    for (let i = 0; i < 200; i++) spawnSync("true");
    const spawnMs = (performance.now() - spawnStart) / 200;
    const perStep = (median(big) - median(small)) / (steps - 1);
    return { steps, runs, oneStepMs: median(small), chainMs: median(big), perStepMs: perStep, spawnMs, overheadMs: perStep - spawnMs };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function runMarkdown(r) {
  return [
    "| `mlpc run` (process runner, no cache) | ms |",
    "| --- | ---: |",
    `| 1 step, whole command | ${fmt(r.oneStepMs)} |`,
    `| ${r.steps} steps of \`true\` in a chain, whole command | ${fmt(r.chainMs)} |`,
    `| per step | ${fmt(r.perStepMs, 2)} |`,
    `| starting \`true\` from Node (the floor) | ${fmt(r.spawnMs, 2)} |`,
    `| per-step overhead of mlpc run | ${fmt(r.overheadMs, 2)} |`,
  ].join("\n");
}

const opts = parseArgs(process.argv.slice(2));
const rows = measure(opts);
const ts = opts.ts ? await measureTs(opts) : undefined;
const startup = measureStartUp(opts);
const localRun = measureRun(opts);
const targets = [...checkTargets(rows), ...(ts === undefined ? [] : checkTsTargets(ts)), ...checkStartUpTargets(startup)];
if (opts.json) {
  console.log(JSON.stringify({ node: process.version, platform: `${process.platform}-${process.arch}`, rows, ts, startup, run: localRun, targets }, null, 2));
} else {
  console.log(`mlpc benchmark — Node ${process.version}, ${process.platform}-${process.arch}\n`);
  console.log(markdown(rows));
  const notes = unavailableNotes(rows);
  if (notes.length > 0) console.log(`\n${notes.map((n) => `- ${n}`).join("\n")}`);
  console.log(
    "\nparse: the syntax phase alone. check: `checkFile` end to end (decode, parse, lower, link, validate)." +
      "\noptimize: resolution, placement on examples/clusters/gke.yaml, the cache and dedup plans and the dead-step analysis of the checked program." +
      "\nKFP emit, Argo emit: `emitKfp` / `emitArgo` on the checked program, the resolution pass and printing the YAML text included." +
      `\ntotal: the stages of one end-to-end run (${STAGES.filter((s) => s.total).map((s) => s.name).join(" + ")}); parse is part of check.` +
      "\nMedians after warm-up. Heap used: highest after a run; peak RSS: the process high-water mark so far.\n",
  );
  if (ts !== undefined) {
    console.log(`Pipelines in TypeScript: ${ts.pair.ts} (with churn-components.ts) against ${ts.pair.mlpipe}, the same IR.\n`);
    console.log(tsMarkdown(ts));
    console.log(`\nFresh processes: medians of ${ts.runs} runs each, interleaved; \`-o -\` with --no-loc. In process: medians after warm-up.\n`);
  }
  console.log("Start-up: what a command costs before any work, and which heavy packages it loads.\n");
  console.log(startUpMarkdown(startup));
  console.log(`\nFresh processes, medians of ${startup.runs} runs each, interleaved; packages seen through module hooks (bench/trace-loads.mjs).\n`);
  console.log("Local runs: what `mlpc run` costs per step.\n");
  console.log(runMarkdown(localRun));
  console.log(`\nFresh processes, medians of ${localRun.runs} runs each; per step = (chain − 1 step) / ${localRun.steps - 1}.\n`);
  for (const t of targets) console.log(`- ${t.ok === undefined ? "n/a" : t.ok ? "met" : "MISSED"}: ${t.target} (${t.value})`);
}
// A target that could not be measured (n/a) is reported, not counted as missed.
if (opts.strict && targets.some((t) => t.ok === false)) process.exitCode = 1;
