import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { CheckResult } from "../compiler.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { exitCodeFor, FORMATS, report, type Format } from "./report.js";
import { programToJson } from "../ir/json.js";
import type { SourceHost } from "../frontend/host.js";
import type { Program } from "../ir/types.js";
import type { ResolvedProgram } from "../passes/resolve/index.js";
import type { ClusterProfile } from "../cluster/types.js";
import { clusterProfiles, type ClusterProfiles } from "./cluster.js";
import { fileHost } from "./fs-host.js";
import { expandInputs, isScript, sourceStem, STDIN } from "./inputs.js";
import { parseDuration } from "../frontend/common/values.js";
import { ALL_BACKENDS, availableTargets, findBackend, IR_EXTENSION, TARGET_NAMES, type TargetName } from "./targets.js";
import { ARGO_POD_GC_STRATEGIES, type Backend, type Document, type EmitOptions, type EmittedFile } from "../backends/contract.js";
import { exitProcess, installSignalHandlers } from "./cleanup.js";
import { writeFilesAtomically } from "./write.js";
import { suppressDiagnostics, unsuppressed } from "./suppress.js";
import { Settings, type ConfigChoice } from "../config/settings.js";
import type { KfpServerConfig } from "../config/types.js";
import type { ExplainFormat, PipelineExplain } from "../explain/index.js";

/** Exit codes: 0 no errors, 1 errors in the sources, 2 usage or I/O problems, 70 a bug in mlpc. */
export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 70 } as const;

/** Where the CLI reads its environment and writes its output; tests can supply their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Everything on standard input, for the path `-`; a run without it reads nothing. */
  readonly stdin?: () => Promise<Uint8Array>;
}

export function processIo(): Io {
  guardStdio();
  installSignalHandlers((text) => void process.stderr.write(text));
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

let stdioGuarded = false;

/**
 * A reader that goes away (`mlpc compile … | head`) makes writes fail asynchronously with EPIPE;
 * that ends the run quietly, like other Unix tools, instead of crashing with a stack trace. Any other
 * failure to write the output is an I/O problem (exit 2).
 */
function guardStdio(): void {
  if (stdioGuarded) return;
  stdioGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") exitProcess();
      if (stream !== process.stderr) process.stderr.write(`mlpc: cannot write the output: ${err.message}\n`);
      exitProcess(EXIT.usage);
    });
  }
}

/** A problem with how mlpc was called: printed as `mlpc: …`, exit 2. */
export class UsageError extends Error {}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code. Never
 * throws: user errors become diagnostics, a bug becomes `mlpc: internal error: …` and exit 70.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`mlpc: ${err.message}\n`);
      return EXIT.usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`mlpc: internal error: ${message}\nThis is a bug in mlpc; please report it with the input that caused it.\n`);
    if (io.env.MLPC_DEBUG === "1" && err instanceof Error && err.stack !== undefined) io.stderr(err.stack + "\n");
    else io.stderr("Set MLPC_DEBUG=1 to see where it happened.\n");
    return EXIT.internal;
  }
}

/** The commands, for telling an unknown one before commander would show help for it. */
const COMMANDS = ["check", "compile", "explain", "fmt", "graph", "help", "lint", "run", "submit", "watch"];

async function run(argv: readonly string[], io: Io): Promise<number> {
  // commander shows the top-level help for `mlpc lint --help` and for `mlpc help lint`, and exits 0.
  const command = argv.find((a) => !a.startsWith("-"));
  const named = command === "help" ? argv[argv.indexOf(command) + 1] : command;
  if (named !== undefined && !named.startsWith("-") && !COMMANDS.includes(named)) {
    throw new UsageError(`unknown command '${named}'\n(run 'mlpc --help' for usage)`);
  }
  let exitCode: number = EXIT.ok;
  const program = new Command("mlpc");
  program
    .description("Check and compile machine-learning pipelines written in the .mlpipe language or in TypeScript.")
    .version(readVersion(), "-v, --version", "print the version and exit")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`mlpc: ${text.replace(/^error: /, "")}`),
    })
    .showHelpAfterError("(run 'mlpc --help' for usage)");

  withCheckOptions(
    program
      .command("check")
      .description("parse and validate sources and run the targets' checks; print diagnostics only")
      .argument("<paths...>", ".mlpipe files or pipeline modules (.ts, .mts, .cts, .js, .mjs, .cjs), directories searched recursively for .mlpipe files, or '-' for .mlpipe text on stdin"),
  ).action(async (paths: string[], opts: CheckOptions) => {
    exitCode = await check(paths, opts, io);
  });

  withCheckOptions(
    program
      .command("lint")
      .description("what check does, plus the lint rules (practice) over every valid program")
      .argument("<paths...>", ".mlpipe files or pipeline modules (.ts, .mts, .cts, .js, .mjs, .cjs), directories searched recursively for .mlpipe files, or '-' for .mlpipe text on stdin"),
  ).action(async (paths: string[], opts: CheckOptions) => {
    exitCode = await check(paths, opts, io, true);
  });

  program
    .command("compile")
    .description("check sources and write what a target runs")
    .argument("<paths...>", ".mlpipe files or pipeline modules (.ts, .mts, .cts, .js, .mjs, .cjs), directories of .mlpipe files, or '-' for .mlpipe text on stdin")
    .addOption(
      new Option("-t, --target <target>", "what to produce; 'all' is the IR plus every back end this build has but rbac")
        .choices(TARGET_NAMES)
        .makeOptionMandatory(),
    )
    .option("-o, --out <dir>", "directory to write into, or '-' for stdout", "-")
    .option("--pipeline <name>", "write only this pipeline's file (targets kfp and argo)")
    .option("--no-loc", "leave source locations out of the IR")
    .option("--cluster <profile>", "place GPU steps on the node pools of this cluster profile (YAML or JSON)")
    .option("--no-optimize", "write what mlpc writes without the optimizer's passes (no placement, cache key analysis, shared templates or dead-step warnings)")
    .addOption(
      new Option("--argo-kind <kind>", "what the argo target writes for a pipeline without a schedule")
        .choices(["workflow", "workflow-template", "cluster-workflow-template"])
        .default("workflow"),
    )
    .addOption(
      new Option("--argo-pod-gc <strategy|none>", "when the argo target's Workflow deletes its pods (default OnPodSuccess); 'none' keeps them")
        .choices([...ARGO_POD_GC_STRATEGIES, "none"]),
    )
    .addOption(
      new Option("--argo-ttl <duration|none>", "how long the argo target's Workflow is kept after it completes (7d, 24h, 3600s or seconds; default 7d); 'none' keeps it").argParser(
        parseArgoTtl,
      ),
    )
    .addOption(
      new Option(
        "--argo-artifact-repository <configmap[/key]>",
        "the artifact repository the argo target's Workflows use (spec.artifactRepositoryRef); default: the namespace's",
      ).argParser(parseArtifactRepository),
    )
    .option("--pretty", "colour diagnostics (default: when stderr is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour diagnostics")
    .option("--config <file>", "the config file for every input (default: the nearest mlpc.config.yaml/.yml/.json above each file)")
    .option("--no-config", "use no config file")
    .action(async (paths: string[], opts: CompileOptions) => {
      exitCode = await compile(paths, opts, io);
    });

  program
    .command("submit")
    .description("compile in memory and run the result: on a Kubernetes cluster (Argo, Katib, KServe) or a Kubeflow Pipelines server (KFP)")
    .argument("<paths...>", ".mlpipe files or pipeline modules, or directories of .mlpipe files")
    .addOption(new Option("-t, --target <target>", "what to submit").choices(["argo", "kfp", "katib", "kserve"]).makeOptionMandatory())
    .option("--pipeline <name>", "submit only this pipeline (targets argo and kfp)")
    .option("--param <name=value>", "a parameter of the pipeline run, typed as the pipeline declares it (repeatable; targets argo and kfp)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--artifact <name=uri>", "an artifact input of the pipeline run, by URI: s3://, gs://, http(s):// (repeatable; target argo)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--kfp-host <url>", "the KFP API's address, such as https://kubeflow.example.com/pipeline (default: kfp.host in the config file)")
    .option("--kfp-token-file <file>", "a file holding the bearer token for the KFP API (default: KFP_TOKEN)")
    .option("--kfp-ui <url>", "the KFP UI's address, for the run's link (default: kfp.uiUrl in the config file)")
    .option("--experiment <name>", "the KFP experiment the run goes into, created if missing (default: the server's default experiment)")
    .option("--insecure-skip-tls-verify", "do not verify the KFP API server's TLS certificate (a warning says so)")
    .option("--kubeconfig <file>", "the kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then the in-cluster configuration)")
    .option("--context <name>", "the kubeconfig context to use (default: its current context)")
    .option("-n, --namespace <namespace>", "the namespace to submit into (default: the context's, else 'default')")
    .option("--dry-run", "send everything as a server-side dry run (dryRun=All): checked by the cluster, nothing stored")
    .option("--force-conflicts", "take over fields another field manager owns when applying")
    .addOption(
      new Option("--argo-kind <kind>", "what is submitted for a pipeline without a schedule")
        .choices(["workflow", "workflow-template", "cluster-workflow-template"])
        .default("workflow"),
    )
    .addOption(new Option("--request-timeout <seconds>", "how long each request to the cluster may take").argParser(parseSeconds).default(30))
    .option("--watch", "follow the run until it ends (a Workflow, an Experiment, an InferenceService or a KFP run); exit 0 succeeded, 1 failed, 124 timed out")
    .addOption(new Option("--timeout <duration>", "with --watch: stop watching after this long (30m, 1h30m, 90s), exit 124; the run goes on").argParser(parseTimeout))
    .option("--pretty", "colour diagnostics (default: when stderr is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour diagnostics")
    .option("--config <file>", "the config file to read kfp.host and kfp.uiUrl from (default: the nearest mlpc.config.yaml/.yml/.json above the first input)")
    .option("--no-config", "use no config file")
    .action(async (paths: string[], opts: import("./submit.js").SubmitOptions & { readonly config?: ConfigChoice }) => {
      const { submit } = await import("./submit.js");
      exitCode = await submit(opts, {
        compile: (target, options) => compileInMemory(paths, target, options, io),
        stdout: io.stdout,
        stderr: io.stderr,
        cwd: io.cwd,
        env: io.env,
        color: useColor(opts.pretty, io.stderrIsTTY, io.env),
        usage: (message) => new UsageError(message),
        kfpConfig: () => kfpConfig(paths, opts.config, io),
        stdoutIsTTY: io.stdoutIsTTY,
      });
    });

  program
    .command("watch")
    .description("follow a run until it ends: exit 0 succeeded, 1 failed, 124 timed out, 130 interrupted (the run goes on)")
    .argument("<kind/name>", "workflow/NAME (wf), experiment/NAME, inferenceservice/NAME (isvc), or run/RUN_ID for a KFP run")
    .addOption(new Option("--timeout <duration>", "stop watching after this long (30m, 1h30m, 90s), exit 124; the run goes on").argParser(parseTimeout))
    .option("--kubeconfig <file>", "the kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then the in-cluster configuration)")
    .option("--context <name>", "the kubeconfig context to use (default: its current context)")
    .option("-n, --namespace <namespace>", "the namespace of the object (default: the context's, else 'default'); for run/ID the KFP namespace")
    .option("--kfp-host <url>", "run/ID: the KFP API's address (default: kfp.host in the config file)")
    .option("--kfp-token-file <file>", "run/ID: a file holding the bearer token for the KFP API (default: KFP_TOKEN, then the kubeconfig's user)")
    .option("--insecure-skip-tls-verify", "run/ID: do not verify the KFP API server's TLS certificate")
    .addOption(new Option("--request-timeout <seconds>", "how long each request may take").argParser(parseSeconds).default(30))
    .option("--pretty", "colour diagnostics (default: when stderr is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour diagnostics")
    .option("--config <file>", "run/ID: the config file to read kfp.host from (default: the nearest mlpc.config.yaml/.yml/.json above the current directory)")
    .option("--no-config", "use no config file")
    .action(async (ref: string, opts: import("./watch.js").WatchOptions & { readonly config?: ConfigChoice }) => {
      const { watchCommand } = await import("./watch.js");
      exitCode = await watchCommand(ref, opts, {
        compile: () => Promise.reject(new Error("watch compiles nothing")),
        stdout: io.stdout,
        stderr: io.stderr,
        cwd: io.cwd,
        env: io.env,
        color: useColor(opts.pretty, io.stderrIsTTY, io.env),
        usage: (message) => new UsageError(message),
        kfpConfig: () => kfpConfigHere(opts.config, io),
        stdoutIsTTY: io.stdoutIsTTY,
      });
    });

  program
    .command("run")
    .description("run one pipeline on this machine, with the same wiring as on the cluster: each step as a process or in its image (docker, podman)")
    .argument("<file>", "an .mlpipe file or a pipeline module")
    .option("--pipeline <name>", "the pipeline to run (needed when the file has several)")
    .option("--param <name=value>", "a parameter of the run, typed as the pipeline declares it (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--artifact <name=path>", "an artifact input of the run: a local path or a file:// URI (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addOption(new Option("--runner <runner>", "where steps run (default: docker, else podman, when one answers; else process)").choices(["process", "docker", "podman"]))
    .addOption(new Option("--parallel <n>", "at most this many steps at once").argParser(parseCount).default(4))
    .option("--workdir <dir>", "the run's folder: step logs, outputs, run.json (default: .mlpc/runs/<pipeline>-<time>)")
    .option("--no-cache", "run every step, reusing no earlier result (and storing none)")
    .option("--secrets <file>", "values of the Secret and ConfigMap keys steps read (YAML: secrets: {name: {key: value}}, configMaps: …); else MLPC_SECRET_<NAME>_<KEY>")
    .addOption(new Option("--format <format>", "text for people, json (the run's record) for tools").choices(["text", "json"]).default("text"))
    .option("--pretty", "colour diagnostics (default: when stderr is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour diagnostics")
    .action(async (file: string, opts: import("./run.js").RunOptions) => {
      const { runCommand } = await import("./run.js");
      exitCode = await runCommand(opts, {
        prepare: async () => {
          const checked = await checkAll([file], io);
          const resolved: ResolvedProgram[] = [];
          await runTargets(checked, [], {}, { resolved: (r) => resolved.push(r) });
          return { diagnostics: checked.diagnostics, sources: checked.sources, resolved };
        },
        file,
        stdout: io.stdout,
        stderr: io.stderr,
        stderrIsTTY: io.stderrIsTTY,
        columns: () => process.stderr.columns ?? 80,
        cwd: io.cwd,
        env: io.env,
        color: useColor(opts.pretty, io.stderrIsTTY, io.env),
        usage: (message) => new UsageError(message),
      });
    });

  program
    .command("graph")
    .description("draw one pipeline: steps, data and 'after' edges, conditions, loops and finally as clusters")
    .argument("<file>", "an .mlpipe file or a pipeline module")
    .option("--pipeline <name>", "the pipeline to draw (needed when the file has several)")
    .addOption(new Option("--format <format>", "what to write").choices(["mermaid", "dot", "svg"]).default("mermaid"))
    .option("-o, --out <file>", "file to write (atomically), or '-' for stdout", "-")
    .action(async (file: string, opts: GraphOptions) => {
      exitCode = await graph(file, opts, io);
    });

  program
    .command("explain")
    .description("what the optimizer decides for each pipeline: cache keys and why, GPU placement and cost, dead steps, shared definitions")
    .argument("<paths...>", ".mlpipe files or pipeline modules, or directories of .mlpipe files")
    .option("--pipeline <name>", "explain only this pipeline")
    .option("--cluster <profile>", "place GPU steps on the node pools of this cluster profile (YAML or JSON)")
    .addOption(new Option("--format <format>", "text for people, json for tools (schemas/explain.schema.json)").choices(["text", "json"]).default("text"))
    .option("-o, --out <file>", "file to write (atomically), or '-' for stdout", "-")
    .option("--pretty", "colour diagnostics (default: when stderr is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour diagnostics")
    .option("--config <file>", "the config file for every input (default: the nearest mlpc.config.yaml/.yml/.json above each file)")
    .option("--no-config", "use no config file")
    .action(async (paths: string[], opts: ExplainOptions) => {
      exitCode = await explain(paths, opts, io);
    });

  program
    .command("fmt")
    .description("format .mlpipe files in place (prettier with mlpc's plugin, loaded only here)")
    .argument("<paths...>", ".mlpipe files, directories searched recursively for .mlpipe files, or '-' to format stdin to stdout")
    .option("--check", "write nothing; list the files that are not formatted and exit 1 if there is one")
    .action(async (paths: string[], opts: import("./fmt.js").FmtOptions) => {
      exitCode = await fmt(paths, opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // Help and version asked for end the run successfully (commander's exit code 0); everything else
    // commander reports, including help shown because no command was given, is a usage error.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return exitCode;
}

/**
 * The `kfp` section of the config file of the first input that has one (for `submit -t kfp`). A
 * config file with problems is a usage error, as for the other commands.
 */
async function kfpConfig(paths: readonly string[], config: ConfigChoice, io: Io): Promise<KfpServerConfig | undefined> {
  const run = await runSettings(paths, { config }, io);
  if ("problems" in run) {
    io.stderr(renderDiagnostics(run.problems, run.sources, { color: useColor(undefined, io.stderrIsTTY, io.env) }));
    throw new UsageError("the config file has problems; fix them or pass --no-config.");
  }
  for (const file of expandInputs(paths, io.cwd).files) {
    const kfp = run.settings.settingsFor(file).kfp;
    if (kfp !== undefined) return kfp;
  }
  return undefined;
}

/** The `kfp` section of `--config`, else of the nearest config file above the current directory (`mlpc watch`). */
async function kfpConfigHere(config: ConfigChoice, io: Io): Promise<KfpServerConfig | undefined> {
  // A file in the current directory stands for it: its config file is the one found from there.
  const here = join(io.cwd, "mlpc-watch");
  const settings = await Settings.forFiles([here], io.cwd, config);
  const kfp = settings.diagnostics.length === 0 ? settings.settingsFor(here).kfp : undefined;
  if (settings.diagnostics.length > 0) {
    io.stderr(renderDiagnostics(sortDiagnostics(settings.diagnostics), settings.sources, { color: useColor(undefined, io.stderrIsTTY, io.env) }));
    throw new UsageError("the config file has problems; fix them or pass --no-config.");
  }
  return kfp;
}

/** `--timeout`: a Go-style duration (`30m`, `1h30m`, `90s`, `500ms`; no unit: seconds), more than 0, in milliseconds. */
function parseTimeout(text: string): number {
  const t = text.trim();
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms: number | undefined;
  if (/^\d+$/.test(t)) ms = Number(t) * 1000;
  else if (/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(t)) {
    ms = 0;
    for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * units[m[2]];
    ms = Math.round(ms);
  }
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError("Give a duration such as 30m, 1h30m, 90s or 500ms.");
  return ms;
}

/** `--argo-artifact-repository`: a ConfigMap name, optionally `/` and the key in it. */
function parseArtifactRepository(text: string): { configMap: string; key?: string } {
  const [configMap, key, ...rest] = text.split("/");
  const dns = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  if (rest.length > 0 || !dns.test(configMap) || (key !== undefined && !/^[-._a-zA-Z0-9]+$/.test(key))) {
    throw new InvalidArgumentError("Give a ConfigMap name, optionally followed by '/' and a key in it, such as artifact-repositories/s3-ml.");
  }
  return key === undefined ? { configMap } : { configMap, key };
}

/** `--request-timeout`: a whole number of seconds, 1 or more. */
function parseSeconds(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError("expected a whole number of seconds, 1 or more.");
  return Number(text);
}

/** `--parallel`: a whole number, 1 or more. */
function parseCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError("expected a whole number, 1 or more.");
  return Number(text);
}

/** `--max-warnings`: a whole number of warnings, 0 or more. */
function parseMaxWarnings(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError("expected a whole number of warnings, 0 or more.");
  return Number(text);
}

/** `--argo-ttl`: `none`, or a duration of whole seconds (`7d`, `24h`, `3600s`, `3600`). */
function parseArgoTtl(text: string): number | "none" {
  if (text === "none") return "none";
  const seconds = parseDuration(text);
  if (seconds === undefined) throw new InvalidArgumentError("Give a duration of whole seconds such as 7d, 24h, 3600s or 3600, or 'none'.");
  return seconds;
}

function readVersion(): string {
  // dist/cli/main.js and src/cli/main.ts are both two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Colour only on a terminal; `--pretty` overrides NO_COLOR, `--no-pretty` turns it off. */
function useColor(pretty: boolean | undefined, isTTY: boolean, env: Io["env"]): boolean {
  if (!isTTY || pretty === false) return false;
  if (pretty === true) return true;
  return env.NO_COLOR === undefined || env.NO_COLOR === "";
}

// -------------------------------------------------------------------------------------------------
// Checking

interface Checked {
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
  /** Per input file, in order: its result. */
  readonly results: { readonly file: string; readonly result: CheckResult }[];
  /** The diagnostics reported so far, as `addUnique` keys them. */
  readonly seen: Set<string>;
}

/** Expands `paths` and checks every file; a diagnostic reported through several roots is kept once. */
async function checkAll(paths: readonly string[], io: Io): Promise<Checked> {
  const inputs = expandInputs(paths, io.cwd);
  const diagnostics: Diagnostic[] = [...inputs.diagnostics];
  const sources = new Map<string, string>();
  const results: Checked["results"][number][] = [];
  const seen = new Set<string>();
  if (inputs.files.length > 0) {
    // The front end (chevrotain) is the heavy part; `--help` and usage errors never load it. Pipeline
    // modules need jiti (and Babel), loaded only when a run names one.
    const { checkFile, LoadCache } = await import("../compiler.js");
    // Roots that import the same files parse each of them once.
    const cache = new LoadCache();
    const scripts = inputs.files.some(isScript) ? await import("./load-script.js") : undefined;
    const scriptOptions = scripts && {
      cwd: io.cwd,
      cacheDir: scripts.cacheDir(io.env),
      debug: io.env.MLPC_DEBUG === "1" ? (err: unknown) => io.stderr(debugText(err)) : undefined,
      warn: (line: string) => io.stderr(`${line}\n`),
    };
    const host = await withStdin(fileHost(io.cwd), inputs.files.includes(STDIN) ? io.stdin : undefined);
    for (const file of inputs.files) {
      const result = scripts && scriptOptions && isScript(file) ? await scripts.loadScript(file, scriptOptions) : checkFile(file, host, cache);
      results.push({ file, result });
      for (const [path, text] of result.sources) if (!sources.has(path)) sources.set(path, text);
      addUnique(diagnostics, result.diagnostics, seen);
    }
  }
  return { diagnostics, sources, results, seen };
}

/**
 * Appends the diagnostics not reported yet: a problem found through several roots (a shared import)
 * or by several back ends (a serve a pipeline deploys, on KFP and on Argo) is one problem.
 */
function addUnique(into: Diagnostic[], found: readonly Diagnostic[], seen: Set<string>): void {
  for (const d of found) {
    const key = JSON.stringify([d.code, d.severity, d.message, d.loc, d.related]);
    if (seen.has(key)) continue;
    seen.add(key);
    into.push(d);
  }
}

/** What a run does with what the targets produce; `check` and `lint` keep only the diagnostics. */
interface TargetSinks {
  readonly program?: (file: string, program: Program) => void;
  readonly document?: (doc: Document, backend: Backend) => void;
  /** Each program's resolved form, before its back ends run. */
  readonly resolved?: (resolved: ResolvedProgram, file: string) => void;
  /** The cluster profile of a root file (`--cluster`, or its config's `cluster`): GPU steps are placed on its pools. */
  readonly clusterOf?: (file: string) => ClusterProfile | undefined;
  /**
   * `compile --no-optimize`: the optimizer's passes do not run (no placement, cache plan, dedup plan
   * or dead steps, nor their diagnostics); the back ends render the resolved program as it is.
   */
  readonly unoptimized?: boolean;
}

/**
 * Runs the middle end and the back ends over every checked file (once the front end found no error):
 * the target checks (`passes/targets`) and each back end's diagnostics join `checked.diagnostics`,
 * each once. `compile` writes the documents; `check` and `lint` only report, so that a program
 * `check` passes compiles for the same targets.
 */
async function runTargets(checked: Checked, backendsOf: readonly Backend[] | ((file: string) => readonly Backend[]), options: EmitOptions, sinks: TargetSinks = {}): Promise<void> {
  const { diagnostics, results, seen } = checked;
  if (hasErrors(diagnostics)) return;
  const { checkTargets } = await import("../passes/targets/index.js");
  const { resolve } = await import("../passes/resolve/index.js");
  const { deadSteps } = await import("../passes/optimize/dead-steps.js");
  const { withCachePlan, cacheDiagnostics, place, unoptimized } = await import("../passes/optimize/index.js");
  for (const { file, result } of results) {
    const program = result.program;
    if (program === undefined) throw new Error(`the front end returned no program and no error for '${file}'`);
    const backends = typeof backendsOf === "function" ? backendsOf(file) : backendsOf;
    sinks.program?.(file, program);
    if (backends.length === 0 && sinks.resolved === undefined) continue;
    // The middle end: what every back end reads, computed once for all of them.
    if (sinks.unoptimized === true) {
      const resolved = unoptimized(resolve(program));
      sinks.resolved?.(resolved, file);
      addUnique(diagnostics, checkTargets(program, resolved), seen);
      emitAll(resolved, backends);
      continue;
    }
    let placed = resolve(program);
    const cluster = sinks.clusterOf?.(file);
    if (cluster !== undefined) {
      const withPlacement = place(placed, cluster);
      addUnique(diagnostics, withPlacement.placement.diagnostics, seen);
      if (withPlacement.placement.diagnostics.length > 0) continue;
      placed = withPlacement;
    }
    const resolved = withCachePlan(placed);
    addUnique(diagnostics, cacheDiagnostics(resolved, resolved.cachePlan), seen);
    sinks.resolved?.(resolved, file);
    addUnique(diagnostics, checkTargets(program, resolved), seen);
    addUnique(diagnostics, deadSteps(program), seen);
    emitAll(resolved, backends);
  }

  function emitAll(resolved: ResolvedProgram, backends: readonly Backend[]): void {
    for (const backend of backends) {
      const emitted = backend.emit(resolved, options);
      // A serve deployed by a pipeline is checked by each pipeline target: the same diagnostic is
      // one problem, printed once.
      addUnique(diagnostics, emitted.diagnostics, seen);
      for (const doc of emitted.documents) sinks.document?.(doc, backend);
    }
  }
}

/** `host`, with the text on standard input as the file `<stdin>` when a path was `-`. */
async function withStdin(host: SourceHost, stdin: Io["stdin"]): Promise<SourceHost> {
  if (stdin === undefined) return host;
  const text = await stdin();
  return { readFile: (path) => (path === STDIN ? text : host.readFile(path)) };
}

/** What `MLPC_DEBUG=1` shows of an exception in a pipeline module: its stack. */
function debugText(err: unknown): string {
  return `mlpc: the pipeline module threw:\n${err instanceof Error && err.stack !== undefined ? err.stack : String(err)}\n`;
}

interface CheckOptions {
  readonly format: Format;
  /** `--target kfp,argo`: the back ends whose checks run; all by default. */
  readonly target?: readonly TargetName[];
  readonly pretty?: boolean;
  readonly quiet?: boolean;
  readonly maxWarnings?: number;
  /** `--config FILE` (a string) or `--no-config` (false). */
  readonly config?: ConfigChoice;
  /** `--cluster FILE`: the cluster profile GPU steps are placed against (else the config's `cluster`). */
  readonly cluster?: string;
}

/** The options `check` and `lint` share: how diagnostics are printed and which targets' checks run. */
function withCheckOptions(command: Command): Command {
  return command
    .addOption(new Option("--format <format>", "how to print diagnostics").choices(FORMATS).default("text"))
    .option("--max-warnings <n>", "exit 1 when more than n warnings are reported", parseMaxWarnings)
    .option("--quiet", "report errors only; warnings neither print nor count")
    .option("--cluster <profile>", "place GPU steps on the node pools of this cluster profile (YAML or JSON)")
    .addOption(
      new Option("-t, --target <targets>", "the targets whose back-end checks run, comma-separated (kfp, argo, katib, kserve, rbac); default: all but rbac").argParser(
        parseCheckTargets,
      ),
    )
    .option("--pretty", "colour the text output (default: when stdout is a terminal and NO_COLOR is unset)")
    .option("--no-pretty", "never colour the output")
    .option("--config <file>", "the config file for every input (default: the nearest mlpc.config.yaml/.yml/.json above each file)")
    .option("--no-config", "use no config file");
}

/** `--target` of `check`: target names separated by commas, each a back end (or `all`). */
function parseCheckTargets(text: string): TargetName[] {
  const names = text.split(",").map((t) => t.trim());
  const allowed = TARGET_NAMES.filter((t) => t !== "ir");
  for (const name of names) {
    if (!(allowed as readonly string[]).includes(name)) throw new InvalidArgumentError(`'${name}' is not a target; the targets are ${allowed.join(", ")}.`);
  }
  return [...new Set(names as TargetName[])];
}

/** The back ends of the targets `check` and `lint` run: each named one, or every one this build has. */
async function checkBackends(targets: readonly TargetName[] | undefined): Promise<Backend[]> {
  if (targets === undefined || targets.includes("all")) return selectBackends("all");
  return (await Promise.all(targets.map(selectBackends))).flat();
}

/**
 * The config files and cluster profiles a run's inputs use (`--config`/`--no-config`, `--cluster`, or
 * the config's `cluster`). A problem in either stops the run before any source is checked (exit 2).
 */
async function runSettings(
  paths: readonly string[],
  opts: { readonly config?: ConfigChoice; readonly cluster?: string },
  io: Io,
): Promise<{ readonly settings: Settings; readonly clusters: ClusterProfiles } | { readonly problems: Diagnostic[]; readonly sources: ReadonlyMap<string, string> }> {
  const inputs = expandInputs(paths, io.cwd).files;
  const settings = await Settings.forFiles(inputs, io.cwd, opts.config);
  if (settings.diagnostics.length > 0) return { problems: sortDiagnostics(settings.diagnostics), sources: settings.sources };
  const clusters = await clusterProfiles(inputs, opts.cluster, settings, io.cwd);
  if (clusters.diagnostics.length > 0) return { problems: sortDiagnostics(clusters.diagnostics), sources: clusters.sources };
  return { settings, clusters };
}

/** The back ends whose checks run for a file: all of `backends` with `--target`, else those its config's `targets` name. */
function configuredBackends(settings: Settings, backends: readonly Backend[], target: readonly TargetName[] | undefined): (file: string) => readonly Backend[] {
  return (file) => {
    const targets = target === undefined ? settings.settingsFor(file).targets : undefined;
    return targets === undefined ? backends : backends.filter((b) => targets.includes(b.name));
  };
}

/** `check`, and with `withLint` `lint`: the lint rules run over each program the checks pass. */
async function check(paths: readonly string[], opts: CheckOptions, io: Io, withLint = false): Promise<number> {
  const reportOpts = { ...opts, color: useColor(opts.pretty, io.stdoutIsTTY, io.env) };
  const run = await runSettings(paths, opts, io);
  if ("problems" in run) {
    report(run.problems, run.sources, reportOpts, io);
    return EXIT.usage;
  }
  const { settings, clusters } = run;
  const backends = await checkBackends(opts.target);
  const checked = await checkAll(paths, io);
  const lintPass = withLint ? await import("../passes/lint/index.js") : undefined;
  // A directive is unused only where every lint rule ran: not when errors stopped the run first.
  const reportUnused = withLint && !hasErrors(checked.diagnostics);
  await runTargets(checked, configuredBackends(settings, backends, opts.target), {}, {
    clusterOf: clusters.of,
    resolved:
      lintPass &&
      ((resolved, file) => {
        const rules = settings.settingsFor(file).rules;
        addUnique(checked.diagnostics, lintPass.lint(resolved, (id) => rules[id]), checked.seen);
      }),
  });
  const roots = new Set(checked.results.map((r) => r.file));
  const diagnostics = suppressDiagnostics(checked.diagnostics, checked.sources, io.cwd, reportUnused && ((file) => roots.has(file)));
  return report(sortDiagnostics(diagnostics), checked.sources, reportOpts, io);
}

interface GraphOptions {
  readonly pipeline?: string;
  readonly format: "mermaid" | "dot" | "svg";
  readonly out: string;
}

/** `graph`: the same checks as `check`, then the picture of one pipeline (src/graph). */
async function graph(file: string, opts: GraphOptions, io: Io): Promise<number> {
  const checked = await checkAll([file], io);
  const resolvedPrograms: ResolvedProgram[] = [];
  await runTargets(checked, await checkBackends(undefined), {}, { resolved: (r) => resolvedPrograms.push(r) });
  const diagnostics = sortDiagnostics(checked.diagnostics);
  const show = (found: readonly Diagnostic[]): void => {
    if (found.length > 0) io.stderr(renderDiagnostics(found, checked.sources, { color: useColor(undefined, io.stderrIsTTY, io.env) }));
  };
  // Warnings are check's and lint's business; the picture is drawn when there is no error.
  if (hasErrors(diagnostics)) {
    show(diagnostics);
    return exitCodeFor(diagnostics);
  }
  const { pickPipeline, renderGraph } = await import("../graph/index.js");
  const programs = checked.results.flatMap(({ result }) => (result.program === undefined ? [] : [result.program]));
  const picked = pickPipeline(programs, opts.pipeline);
  if ("error" in picked) throw new UsageError(picked.error);
  // The optimizer's cache plan of the run the picture shows (the program's own resolution).
  const resolved = resolvedPrograms.find((r) => r.program === picked.program);
  const { pipelineCachePlan } = await import("../passes/optimize/index.js");
  const cache = resolved === undefined ? undefined : pipelineCachePlan(resolved, picked.pipeline.name);
  const text = await renderGraph(picked.program, picked.pipeline, opts.format, cache);
  if (opts.out === "-") {
    io.stdout(text);
    return EXIT.ok;
  }
  const failed = await writeFilesAtomically(dirname(opts.out), [{ name: basename(opts.out), content: text }], io.cwd);
  show(failed);
  return failed.length > 0 ? exitCodeFor(failed) : EXIT.ok;
}

interface ExplainOptions {
  readonly pipeline?: string;
  readonly cluster?: string;
  readonly format: ExplainFormat;
  readonly out: string;
  readonly pretty?: boolean;
  readonly config?: ConfigChoice;
}

/**
 * `explain`: the checks `check` runs (same diagnostics and exit codes when they find errors: printed on
 * stderr, nothing written), then the optimizer's decisions for every pipeline (src/explain).
 */
async function explain(paths: readonly string[], opts: ExplainOptions, io: Io): Promise<number> {
  const color = useColor(opts.pretty, io.stderrIsTTY, io.env);
  const run = await runSettings(paths, opts, io);
  if ("problems" in run) {
    io.stderr(renderDiagnostics(run.problems, run.sources, { color }));
    return EXIT.usage;
  }
  const { settings, clusters } = run;
  const backends = await checkBackends(undefined);
  const checked = await checkAll(paths, io);
  const { explainPipelines, renderExplain } = await import("../explain/index.js");
  const explained: PipelineExplain[] = [];
  const done = new Set<string>();
  await runTargets(checked, configuredBackends(settings, backends, undefined), {}, {
    clusterOf: clusters.of,
    resolved: (resolved) => {
      // A pipeline two inputs import is explained once.
      const fresh = resolved.program.pipelines.filter((p) => !done.has(`${p.loc.file}\u0000${p.name}`));
      for (const p of fresh) done.add(`${p.loc.file}\u0000${p.name}`);
      explained.push(...explainPipelines(resolved, fresh));
    },
  });
  const diagnostics = sortDiagnostics(unsuppressed(suppressDiagnostics(checked.diagnostics, checked.sources, io.cwd, false)));
  // Warnings are check's and lint's business (the optimizer's show in the report); errors stop it.
  if (hasErrors(diagnostics)) {
    io.stderr(renderDiagnostics(diagnostics, checked.sources, { color }));
    return exitCodeFor(diagnostics);
  }
  let shown = explained;
  if (opts.pipeline !== undefined) {
    shown = explained.filter((p) => p.name === opts.pipeline);
    if (shown.length === 0) {
      const names = [...new Set(explained.map((p) => `'${p.name}'`))].join(", ") || "none";
      throw new UsageError(`there is no pipeline '${opts.pipeline}' in the sources; the pipelines are ${names}.`);
    }
  }
  const text = renderExplain(shown, opts.format);
  if (opts.out === "-") {
    io.stdout(text);
    return EXIT.ok;
  }
  const failed = await writeFilesAtomically(dirname(opts.out), [{ name: basename(opts.out), content: text }], io.cwd);
  if (failed.length > 0) io.stderr(renderDiagnostics(failed, checked.sources, { color }));
  return failed.length > 0 ? exitCodeFor(failed) : EXIT.ok;
}

/** `fmt`: src/cli/fmt.ts formats; diagnostics go to stderr, `--check`'s list of files to stdout. */
async function fmt(paths: readonly string[], opts: import("./fmt.js").FmtOptions, io: Io): Promise<number> {
  const { formatFiles } = await import("./fmt.js");
  const result = await formatFiles(paths, opts, io);
  if (result.diagnostics.length > 0) io.stderr(renderDiagnostics(result.diagnostics, result.sources, { color: useColor(undefined, io.stderrIsTTY, io.env) }));
  if (opts.check === true) for (const file of result.changed) io.stdout(`${file}\n`);
  const code = exitCodeFor(result.diagnostics);
  if (code !== EXIT.ok) return code;
  return opts.check === true && result.changed.length > 0 ? EXIT.errors : EXIT.ok;
}

// -------------------------------------------------------------------------------------------------
// Compiling

interface CompileOptions {
  readonly target: TargetName;
  readonly out: string;
  /** `--no-loc` sets it to false. */
  readonly loc: boolean;
  readonly argoKind: NonNullable<EmitOptions["argoKind"]>;
  readonly argoPodGc?: EmitOptions["argoPodGC"];
  readonly argoTtl?: EmitOptions["argoTtl"];
  readonly argoArtifactRepository?: EmitOptions["argoArtifactRepository"];
  /** `--pipeline NAME`: write only that pipeline's file. */
  readonly pipeline?: string;
  readonly pretty?: boolean;
  readonly config?: ConfigChoice;
  readonly cluster?: string;
  /** `--no-optimize` sets it to false. */
  readonly optimize: boolean;
}

async function compile(paths: readonly string[], opts: CompileOptions, io: Io): Promise<number> {
  const toStdout = opts.out === "-";
  const backends = await selectBackends(opts.target);
  const wantIr = opts.target === "ir" || opts.target === "all";
  if (toStdout && opts.target === "all") {
    throw new UsageError("'-t all' writes several files; give a directory with -o DIR.");
  }
  if (opts.pipeline !== undefined && opts.target !== "kfp" && opts.target !== "argo") {
    throw new UsageError("--pipeline picks the file of one pipeline, which only -t kfp and -t argo write.");
  }

  if (!opts.optimize && opts.cluster !== undefined) {
    throw new UsageError("--cluster places steps, which is an optimizer pass; --no-optimize leaves it out, so give one or the other.");
  }

  const run = await runSettings(paths, opts, io);
  if ("problems" in run) {
    io.stderr(renderDiagnostics(run.problems, run.sources, { color: useColor(opts.pretty, io.stderrIsTTY, io.env) }));
    return EXIT.usage;
  }
  const { clusters } = run;
  const checked = await checkAll(paths, io);
  const { diagnostics, sources, results } = checked;
  const report = (): number => {
    // In source order, whichever phase or back end found them.
    // A warning a directive suppresses is not printed by compile either.
    const shown = unsuppressed(suppressDiagnostics(diagnostics, sources, io.cwd, false));
    io.stderr(renderDiagnostics(sortDiagnostics(shown), sources, { color: useColor(opts.pretty, io.stderrIsTTY, io.env) }));
    return exitCodeFor(shown);
  };
  if (hasErrors(diagnostics)) return report();

  const files: EmittedFile[] = [];
  /** The files of each pipeline, by its name in the sources (for `--pipeline`). */
  const pipelineFiles = new Map<string, Set<string>>();
  const { printDocument } = await import("../output/documents.js");
  await runTargets(checked, backends, {
    argoKind: opts.argoKind,
    argoPodGC: opts.argoPodGc,
    argoTtl: opts.argoTtl,
    argoArtifactRepository: opts.argoArtifactRepository,
  }, {
    clusterOf: clusters.of,
    unoptimized: !opts.optimize,
    program: (file, program) => {
      if (wantIr) files.push({ name: `${stem(file)}.${IR_EXTENSION}`, content: irJson(program, opts.loc) });
    },
    document: (doc, backend) => {
      files.push(checkedName(printDocument(doc), backend));
      if (doc.declaration.kind !== "pipeline") return;
      const names = pipelineFiles.get(doc.declaration.name) ?? new Set<string>();
      pipelineFiles.set(doc.declaration.name, names.add(doc.fileName));
    },
  });
  if (hasErrors(diagnostics)) return report();

  const unique = dedupeFiles(files, opts.out);
  if (unique.diagnostics.length > 0) {
    diagnostics.push(...unique.diagnostics);
    return report();
  }
  let written = unique.files;
  if (opts.pipeline !== undefined) {
    const pipelines = [...new Set(results.flatMap(({ result }) => result.program?.pipelines.map((p) => p.name) ?? []))];
    if (!pipelines.includes(opts.pipeline)) {
      report();
      throw new UsageError(`there is no pipeline '${opts.pipeline}' in the sources; the pipelines are ${pipelines.map((p) => `'${p}'`).join(", ") || "none"}.`);
    }
    const picked = pipelineFiles.get(opts.pipeline) ?? new Set<string>();
    written = written.filter((f) => picked.has(f.name));
  }

  if (toStdout) {
    const text = stdoutText(written, opts.target);
    if (typeof text !== "string") {
      report();
      throw new UsageError(text.refused);
    }
    io.stdout(text);
  } else {
    diagnostics.push(...(await writeFilesAtomically(opts.out, written, io.cwd)));
  }
  return unsuppressed(suppressDiagnostics(diagnostics, sources, io.cwd, false)).length > 0 ? report() : EXIT.ok;
}

/**
 * What `-o -` prints: the one file, or for the Kubernetes targets (Argo, Katib, KServe) every manifest
 * as one multi-document YAML stream, which `kubectl apply -f -` takes. A KFP file is a pipeline's
 * PipelineSpec (and its PlatformSpec), and KFP reads one pipeline per file, so several are refused, as
 * are several IR files (JSON has no stream).
 */
function stdoutText(files: readonly EmittedFile[], target: TargetName): string | { refused: string } {
  if (files.length === 1) return files[0].content;
  if (files.length === 0) return { refused: "this run produces no file." };
  if (target === "argo" || target === "katib" || target === "kserve" || target === "rbac") return files.map((f) => f.content).join("---\n");
  const names = files.map((f) => f.name).join(", ");
  if (target === "kfp") {
    return { refused: `KFP reads one pipeline per file, and this run produces ${files.length} (${names}); pick one with --pipeline NAME, or give a directory with -o DIR.` };
  }
  return { refused: `this run produces ${files.length} files (${names}); give a directory with -o DIR.` };
}

/** The back ends a target needs, loaded now; a known target this build lacks is a usage error. */
async function selectBackends(target: TargetName): Promise<Backend[]> {
  if (target === "ir") return [];
  if (target === "all") return Promise.all(ALL_BACKENDS.map((b) => b.load()));
  const entry = findBackend(target);
  if (entry === undefined) {
    throw new UsageError(
      `target '${target}' is not implemented in this version yet; available: ${availableTargets().join(", ")}.`,
    );
  }
  return [await entry.load()];
}

/** What `compileInMemory` returns: the diagnostics so far and, without errors, the documents and programs. */
export interface InMemory {
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
  readonly documents: readonly Document[];
  readonly programs: readonly Program[];
}

/**
 * What `compile` does before it writes, for commands that use the documents themselves (`submit`):
 * the same checks, middle end and back ends, with nothing written.
 */
export async function compileInMemory(paths: readonly string[], target: TargetName, options: EmitOptions, io: Io): Promise<InMemory> {
  const backends = await selectBackends(target);
  const checked = await checkAll(paths, io);
  const documents: Document[] = [];
  const programs: Program[] = [];
  await runTargets(checked, backends, options, {
    program: (_file, program) => void programs.push(program),
    document: (doc) => void documents.push(doc),
  });
  return { diagnostics: checked.diagnostics, sources: checked.sources, documents, programs };
}

/** `examples/fraud.mlpipe` → `fraud`, `pipelines/fraud.ts` → `fraud`, `<stdin>` → `stdin`. */
function stem(file: string): string {
  return file === STDIN ? "stdin" : sourceStem(basename(file));
}

/** The program as JSON (src/ir/json.ts); `loc` dropped on request. */
export function irJson(program: Program, withLoc: boolean): string {
  return programToJson(program, { withLoc });
}

/** A back end's file name must be a plain name with its extension; anything else is a bug there. */
function checkedName(file: EmittedFile, backend: Backend): EmittedFile {
  const plain = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(file.name) && !file.name.includes("..");
  if (!plain || !file.name.endsWith(`.${backend.extension}`)) {
    throw new Error(`back end '${backend.name}' produced a file named '${file.name}'`);
  }
  return file;
}

/**
 * Two inputs may produce a file of the same name (`a/x.mlpipe` and `b/x.mlpipe`, or a shared
 * pipeline): identical content is written once, different content is an error rather than a silent
 * overwrite.
 */
function dedupeFiles(files: readonly EmittedFile[], out: string): { files: readonly EmittedFile[]; diagnostics: Diagnostic[] } {
  const byName = new Map<string, EmittedFile>();
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const prior = byName.get(f.name);
    if (prior === undefined) byName.set(f.name, f);
    else if (prior.content !== f.content) {
      const shown = out === "-" ? f.name : join(out, f.name);
      diagnostics.push(M.cannotWrite.at(undefined, shown, "two inputs of this run produce different files of that name"));
    }
  }
  return { files: [...byName.values()], diagnostics };
}
