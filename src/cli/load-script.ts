import { createHash } from "node:crypto";
import { chmodSync, existsSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, register, SourceMap } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Jiti, JitiOptions, TransformOptions } from "jiti";
import { checkProgram, type CheckResult } from "../compiler.js";
import { M } from "../diagnostics/catalog.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { callSite, callSiteFrom } from "../frontend/builder/location.js";
import { buildProgram, exportsDeclarations } from "../frontend/builder/program.js";
import { BuilderError } from "../frontend/builder/step.js";
import * as mlpc from "../index.js";
import type { Loc, Program } from "../ir/types.js";
import { describeFsError } from "./fs-host.js";
import { optionSpan } from "./option-span.js";
import { optionRefOf, type OptionRef } from "../frontend/builder/location.js";
import { LineMap } from "../syntax/line-map.js";
import { makeDirectory } from "./write.js";

/**
 * Pipelines written with the TypeScript builder: `mlpc check x.ts`, `mlpc compile x.ts`. The module is
 * evaluated with jiti (TypeScript and ES modules without a build step), its exports become a program
 * (`buildProgram`), and the program is validated exactly like a `.mlpipe` program (`checkProgram`).
 *
 * This module is imported only when a run names such a file; it loads jiti (and jiti loads Babel)
 * only then, so `.mlpipe` runs and `--help` never pay for them.
 *
 * `import … from "mlpc"` in the user's code always means this installation of mlpc, whatever the
 * project has in `node_modules` (or when it has none, with a globally installed mlpc): the name is
 * aliased to this package's entry (`dist/index.js`, found from this file's URL), and jiti hands out
 * the very module object this CLI runs on, so builder objects, `instanceof` checks and the marker
 * registry of `values.ts` are shared between the user's code and the compiler.
 */

/** This installation's entry point, what `mlpc` means in a pipeline module. */
const ENTRY = fileURLToPath(new URL("../index.js", import.meta.url));
/** This installation's package folder (dist/cli/ and src/cli/ are two levels below it). */
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The package name users import. */
const PACKAGE = "mlpc";

export interface LoadOptions {
  /** The directory paths are shown relative to (locations outside it stay absolute). */
  readonly cwd: string;
  /** Where compiled modules are kept between runs (see `cacheDir`); none when undefined. */
  readonly cacheDir?: string;
  /** Called with an exception from the user's module, for `MLPC_DEBUG=1`. */
  readonly debug?: (error: unknown) => void;
  /** Prints one line on stderr (a cache directory mlpc does not trust). */
  readonly warn?: (line: string) => void;
}

/**
 * Loads the pipeline module `file` (as the user wrote it, resolved against `cwd`), builds its
 * program and validates it. Never throws for problems in the module: a syntax error is MLP1012, an
 * exception while loading MLP9006, a module without pipelines MLP9005, and builder misuse the
 * builder's own diagnostic, each at the user's `file:line:col`.
 */
export async function loadScript(file: string, options: LoadOptions): Promise<CheckResult> {
  const { cwd } = options;
  const abs = resolve(cwd, file);
  const shown = shownPath(abs, cwd);
  const sources = new Map<string, string>();
  let text: string;
  try {
    const stat = statSync(abs);
    if (!stat.isFile()) return failed(M.cannotRead.at(undefined, file, stat.isDirectory() ? "is a directory" : "not a regular file"), sources);
    text = readFileSync(abs, "utf8");
  } catch (err) {
    return failed(M.cannotRead.at(undefined, file, describeFsError(err)), sources);
  }
  sources.set(shown, text);

  const loader = await getLoader(options.cacheDir, options.warn);
  if (otherInstallation(dirname(abs))) redirectNativeImports();
  const positions = new Positions(loader.transpiled, cwd);
  const exports: Record<string, unknown> = {};
  try {
    // The named file is always compiled by jiti, even an .mjs or .cjs file Node could load itself,
    // so that its `mlpc` import is this installation's.
    const loaded: unknown = await untilStalled(asUserCode(() => loader.jiti.evalModule(text, { filename: abs, id: abs, async: true, forceTranspile: true })));
    // `module.exports = pipeline(…)` in CommonJS: the module's value is the one export. Read every
    // export here, where a throwing getter is the module's failure too.
    if (typeof loaded === "function") exports.default = loaded;
    else if (typeof loaded === "object" && loaded !== null) for (const key of Object.keys(loaded)) exports[key] = (loaded as Record<string, unknown>)[key];
  } catch (err) {
    if (err instanceof Stalled) return failed(M.moduleNeverSettles.at({ file: shown, line: 1, col: 1, endLine: 1, endCol: 1 }, shown), sources, cwd);
    options.debug?.(err);
    return failed(loadError(err, abs, loader.transpiled, positions), sources, cwd);
  }

  if (!exportsDeclarations(exports)) {
    return failed(M.nothingExported.at({ file: shown, line: 1, col: 1, endLine: 1, endCol: 1 }, shown), sources, cwd);
  }
  const built = await asUserCode(() => buildProgram(exports, cwd));
  // After a builder error, what it did not touch is validated: the program without what was left out.
  const validated = built.checkable ?? built.program;
  const program: Program | undefined = validated === undefined ? undefined : positions.program(validated);
  const diagnostics = built.diagnostics.map((d) => positions.diagnostic(d));
  addSources(diagnostics, sources, cwd);
  return checkProgram({ program, diagnostics, recovered: built.checkable === undefined ? undefined : { omitted: [] } }, sources);
}

/**
 * Runs the user's code (the module's top level, then the pipeline bodies) with `console.log`,
 * `console.info` and `console.debug` writing to stderr: stdout may carry the compiled output
 * (`compile -o -`), which a debugging print must not corrupt. `process.exit` throws meanwhile: a
 * module that ends the process would end mlpc without a word (MLP9008, at the call).
 */
async function asUserCode<T>(f: () => T | Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const exit = process.exit;
  const toStderr = (...args: unknown[]) => console.error(...args);
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr });
  process.exit = ((code?: unknown) => {
    throw new BuilderError(M.moduleExited.at(callSite(), `process.exit(${code === undefined ? "" : String(code)})`));
  }) as typeof process.exit;
  try {
    return await f();
  } finally {
    Object.assign(console, saved);
    process.exit = exit;
  }
}

/** A load waiting for a promise that can no longer settle: nothing else is left for Node to run. */
class Stalled extends Error {}

/**
 * `loading`, or a `Stalled` failure once Node's event loop has nothing left to do while it is still
 * pending (a top-level `await` of a promise nothing settles), which would otherwise end the process
 * with Node's undocumented exit code 13. A load that keeps the loop busy forever is not detected.
 */
function untilStalled<T>(loading: Promise<T>): Promise<T> {
  let onIdle: () => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => {
    onIdle = () => reject(new Stalled());
    process.once("beforeExit", onIdle);
  });
  return Promise.race([loading, stalled]).finally(() => process.off("beforeExit", onIdle));
}

/** A load that ended in `diagnostic`; the texts it points into are added for rendering. */
function failed(diagnostic: Diagnostic, sources: Map<string, string>, cwd?: string): CheckResult {
  if (cwd !== undefined) addSources([diagnostic], sources, cwd);
  return { diagnostics: [diagnostic], sources };
}

// -------------------------------------------------------------------------------------------------
// jiti

interface Transpiled {
  /** The user's text. */
  readonly source: string;
  /** What jiti evaluates, ending in an inline source map back to the user's text. */
  readonly code: string;
  /** Compiled for `import` (evaluated in an async function) rather than `require`. */
  readonly async: boolean;
}

interface Loader {
  readonly jiti: Jiti;
  /** Every file jiti compiled in this process, by absolute path. */
  readonly transpiled: Map<string, Transpiled>;
}

const loaders = new Map<string | undefined, Promise<Loader>>();

/** One jiti instance per process (and cache directory), created on first use. */
function getLoader(cacheDir: string | undefined, warn: LoadOptions["warn"]): Promise<Loader> {
  let loader = loaders.get(cacheDir);
  if (loader === undefined) {
    loader = makeLoader(cacheDir, warn);
    loaders.set(cacheDir, loader);
  }
  return loader;
}

/**
 * Where compiled pipeline modules are kept between runs, so that only the first run after an edit
 * loads Babel: `MLPC_CACHE_DIR` when set (empty: no cache), else `$XDG_CACHE_HOME/mlpc` or
 * `~/.cache/mlpc`. The cache never changes a result: an entry is the compiled code of exactly that
 * text, file name and jiti version.
 */
export function cacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const set = env.MLPC_CACHE_DIR;
  if (set !== undefined) return set === "" ? undefined : resolve(set);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, "mlpc");
  try {
    const home = homedir();
    return home === "" ? undefined : join(home, ".cache", "mlpc");
  } catch {
    return undefined;
  }
}

async function makeLoader(cacheDir: string | undefined, warn: LoadOptions["warn"]): Promise<Loader> {
  const { createJiti } = await import("jiti");
  // Every option jiti would otherwise take from JITI_* environment variables is fixed here, so the
  // result never depends on the environment (JITI_DEBUG would even print to stdout). jiti's own file
  // cache and module cache are off: mlpc keeps compiled code itself (TransformCache, which also keeps
  // the source maps), and every load evaluates the modules afresh.
  const common: JitiOptions = {
    fsCache: false,
    rebuildFsCache: false,
    moduleCache: false,
    debug: false,
    interopDefault: true,
    tryNative: false,
    jsx: false,
    tsconfigPaths: false,
    nativeModules: [],
    transformModules: [],
  };
  const transpiled = new Map<string, Transpiled>();
  // jiti's own Babel transform, called through a second instance so that the compiled code (with
  // its source map) can be kept: Babel strips types, which moves columns, and the builder's
  // locations come from stack traces of the compiled code.
  const babel = createJiti(import.meta.url, common);
  const cache = cacheDir === undefined ? undefined : openCache(cacheDir, warn);
  const jiti = createJiti(import.meta.url, {
    ...common,
    sourceMaps: true,
    // `mlpc` resolves to this installation's entry, never to a copy in the project's node_modules…
    alias: { [PACKAGE]: ENTRY },
    // …and is the module object this CLI already loaded: for `import`, jiti would load ENTRY natively
    // (the same instance anyway), but a `require("mlpc")` in CommonJS code would make jiti compile a
    // second copy of mlpc.
    virtualModules: { [PACKAGE]: mlpc },
    transform(opts) {
      const key = cache?.key(opts);
      let code = key === undefined ? undefined : cache!.get(key, opts.source);
      if (code === undefined) {
        code = babel.transform(opts);
        if (key !== undefined && !code.includes("__JITI_ERROR__")) cache!.set(key, opts.source, code);
      }
      if (opts.filename !== undefined) transpiled.set(opts.filename, { source: opts.source, code, async: opts.async === true });
      return { code };
    },
  });
  return { jiti, transpiled };
}

/**
 * Whether Node, resolving `mlpc` from `dir`, would find an installation other than this one (a
 * project's own node_modules/mlpc while a global mlpc runs).
 */
function otherInstallation(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", PACKAGE);
    if (existsSync(join(candidate, "package.json"))) {
      try {
        return realpathSync(candidate) !== realpathSync(PACKAGE_ROOT);
      } catch {
        return true;
      }
    }
    if (dirname(d) === d) return false;
  }
}

let redirected = false;

/**
 * jiti compiles the named module and every TypeScript or CommonJS module it imports, but it lets Node
 * load ES modules that Node can run itself (`.mjs`, `.js` in a `"type": "module"` package), and Node
 * resolves their `mlpc` on its own. Where that would find another installation, a resolve hook makes
 * it this one too. Registering a hook starts a thread, so it is done only then; without any local
 * installation Node fails to resolve `mlpc` and jiti compiles the module itself, with the alias.
 */
function redirectNativeImports(): void {
  if (redirected) return;
  redirected = true;
  const target = JSON.stringify(pathToFileURL(ENTRY).href);
  const hook = `export async function resolve(specifier, context, next) {
  return specifier === ${JSON.stringify(PACKAGE)} ? { url: ${target}, shortCircuit: true } : next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/**
 * The cache in `dir` (its `jiti` folder), if mlpc may trust it: an entry is code that runs, so a
 * folder another user owns, or that group or others can write to, could hold code planted by someone
 * else. Such a folder is not used, and `warn` says so (once per run). The `jiti` folder is made (or
 * kept) private: 0700; its entries are written 0600. A folder that cannot be made is no cache.
 */
function openCache(dir: string, warn: LoadOptions["warn"]): TransformCache | undefined {
  const jitiDir = join(dir, "jiti");
  try {
    makeDirectory(jitiDir, 0o700);
  } catch {
    return undefined;
  }
  const uid = process.getuid?.();
  for (const d of [dir, jitiDir]) {
    const why = untrusted(d, uid);
    if (why !== undefined) {
      warn?.(`mlpc: not using the module cache '${d}': ${why}; fix that, or set MLPC_CACHE_DIR to a directory of yours (empty: no cache).`);
      return undefined;
    }
  }
  try {
    if ((statSync(jitiDir).mode & 0o777) !== 0o700) chmodSync(jitiDir, 0o700);
  } catch {
    return undefined;
  }
  return new TransformCache(jitiDir, uid);
}

/** Why a cache folder or entry cannot be trusted, or undefined when it can (no owner check without uids). */
function untrusted(path: string, uid: number | undefined): string | undefined {
  const stat = statSync(path);
  if (uid !== undefined && stat.uid !== uid) return `it belongs to another user (uid ${stat.uid})`;
  if ((stat.mode & 0o022) !== 0) return "group or others can write to it";
  return undefined;
}

/**
 * Compiled modules on disk, one file per source file and way of compiling it (named by a hash of
 * the file name, jiti's version and the options), holding a hash of the text it was compiled from:
 * an edited file replaces its entry, so the cache grows with the number of files, not of edits.
 * Entries are written to a temporary file and renamed, so concurrent runs never read half an entry;
 * any failure to read or write just means compiling again.
 */
class TransformCache {
  private readonly version: string;
  private usable = true;

  constructor(
    private readonly dir: string,
    private readonly uid: number | undefined,
  ) {
    this.version = (createRequire(import.meta.url)("jiti/package.json") as { version: string }).version;
  }

  key(opts: TransformOptions): string | undefined {
    if (!this.usable || opts.filename === undefined) return undefined;
    const { source: _source, ...rest } = opts;
    return hash(JSON.stringify([this.version, opts.filename, rest])).slice(0, 40);
  }

  get(key: string, source: string): string | undefined {
    try {
      const path = join(this.dir, `${key}.js`);
      if (untrusted(path, this.uid) !== undefined) return undefined;
      const entry = readFileSync(path, "utf8");
      const header = `// ${hash(source)}\n`;
      return entry.startsWith(header) ? entry.slice(header.length) : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, source: string, code: string): void {
    const temp = join(this.dir, `.${key}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, `// ${hash(source)}\n${code}`, { mode: 0o600 });
      renameSync(temp, join(this.dir, `${key}.js`));
    } catch {
      rmSync(temp, { force: true });
      this.usable = false; // a read-only or full disk: stop trying for this run
    }
  }
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * jiti evaluates compiled code as `(async function (exports, require, …) { CODE\n});`, which moves
 * the columns of the first line; this is how far.
 */
function wrapperLength(async: boolean): number {
  return `(${async ? "async " : ""}function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { `.length;
}

// -------------------------------------------------------------------------------------------------
// Errors while loading

/** How jiti reports a file Babel cannot compile: `Code: message \n /abs/file.ts:LINE:COLUMN` (column 0-based). */
const COMPILE_ERROR = /^(\w+): ([\s\S]*?)\s*\n (.+):(\d+):(\d+)$/;

function loadError(err: unknown, entry: string, transpiled: ReadonlyMap<string, Transpiled>, positions: Positions): Diagnostic {
  if (err instanceof BuilderError) return positions.diagnostic(err.diagnostic);
  const message = err instanceof Error ? err.message : String(err);
  const compile = COMPILE_ERROR.exec(message);
  if (compile !== null && transpiled.get(compile[3])?.code.includes("__JITI_ERROR__")) {
    const [, , what, file, line, column] = compile;
    const shown = positions.shown(file);
    const at: Loc =
      Number(line) > 0
        ? { file: shown, line: Number(line), col: Number(column) + 1, endLine: Number(line), endCol: Number(column) + 2 }
        : { file: shown, line: 1, col: 1, endLine: 1, endCol: 1 };
    return M.scriptSyntax.at(at, `${sentence(babelMessage(what))}.`);
  }
  const stack = err instanceof Error ? (err.stack ?? "") : "";
  const frame = userFrame(stack, transpiled);
  const missing = missingExport(message);
  if (missing !== undefined) {
    const suggestion = didYouMean(missing, Object.keys(mlpc));
    // The import is found in the user's own text: its position needs no mapping back.
    const abs = frame === undefined ? undefined : resolve(frame.file);
    const at = abs === undefined ? undefined : importedAt(transpiled.get(abs)?.source, missing, positions.shown(abs));
    return at !== undefined ? M.noSuchExport.at(at, missing, suggestion) : positions.diagnostic(M.noSuchExport.at(frame, missing, suggestion));
  }
  // `mlpc/x` goes through the alias too and fails as `…/dist/index.js/x`; show what the user wrote.
  const why = firstLine(message).split(`${ENTRY}/`).join(`${PACKAGE}/`);
  return positions.diagnostic(M.moduleFailed.at(frame, positions.shown(entry), sentence(why)));
}

/**
 * How a name imported from `mlpc` that the package does not export fails once Babel has compiled the
 * import to CommonJS: `(0 , _mlpc.pipline) is not a function`, `_mlpc.Pipline is not a constructor`.
 */
const MISSING_EXPORT = /^(?:\(0 , _mlpc\d*\.(\w+)\) is not a function|_mlpc\d*\.(\w+) is not a (?:function|constructor))$/;

/** The name in a load failure that `mlpc` does not export, if that is what failed. */
function missingExport(message: string): string | undefined {
  const m = MISSING_EXPORT.exec(firstLine(message));
  const name = m === null ? undefined : (m[1] ?? m[2]);
  return name !== undefined && !Object.hasOwn(mlpc, name) ? name : undefined;
}

/** Where `name` is imported from `mlpc` in `source` (the braces of an `import { … } from "mlpc"`), if it is. */
function importedAt(source: string | undefined, name: string, file: string): Loc | undefined {
  if (source === undefined) return undefined;
  const imports = /\bimport\s*\{([^}]*)\}\s*from\s*(["'])mlpc\2/g;
  for (let m = imports.exec(source); m !== null; m = imports.exec(source)) {
    const inBraces = new RegExp(`(?<![\\w$])${name}(?![\\w$])`).exec(m[1]);
    if (inBraces === null) continue;
    const offset = m.index + m[0].indexOf("{") + 1 + inBraces.index;
    const before = source.slice(0, offset).split(/\r\n|\r|\n/);
    const line = before.length;
    const col = before[before.length - 1].length + 1;
    return { file, line, col, endLine: line, endCol: col + name.length };
  }
  return undefined;
}

/** Babel's message without a file name before it, a `(line:col)` after it or a code frame. */
function babelMessage(message: string): string {
  return firstLine(message)
    .replace(/^\/[^:]*: /, "")
    .replace(/\s*\(\d+:\d+\)\s*$/, "");
}

function firstLine(message: string): string {
  const line = message.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.trim() === "" ? "an exception without a message" : line.trim();
}

/** `text` as the end of a sentence: without a trailing period (the catalog adds it) or colon. */
function sentence(text: string): string {
  return text.replace(/[.:]+$/, "");
}

/** The innermost stack frame in a file jiti compiled (the user's code), else the first outside mlpc. */
function userFrame(stack: string, transpiled: ReadonlyMap<string, Transpiled>): Loc | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const at = callSiteFrom(`\n${line}`);
    if (transpiled.has(at.file)) return at;
  }
  const at = callSiteFrom(stack);
  return at.file === "<unknown>" ? undefined : at;
}

// -------------------------------------------------------------------------------------------------
// Positions

/**
 * Locations as users read them: paths relative to the working directory (as `buildProgram` makes
 * them), and line and column in the user's text rather than in jiti's compiled code.
 */
class Positions {
  private readonly maps = new Map<string, SourceMap | undefined>();

  constructor(
    private readonly transpiled: ReadonlyMap<string, Transpiled>,
    private readonly cwd: string,
  ) {}

  shown(abs: string): string {
    return shownPath(abs, this.cwd);
  }

  /** `loc` in the user's text; a value inside a builder call's argument (`optionLoc`) at the value itself. */
  loc(loc: Loc): Loc {
    const call = this.callLoc(loc);
    const ref = optionRefOf(loc);
    return ref === undefined ? call : (this.optionLoc(call, ref) ?? call);
  }

  private callLoc(loc: Loc): Loc {
    const abs = resolve(this.cwd, loc.file);
    const file = this.shown(abs);
    const t = this.transpiled.get(abs);
    const map = t === undefined ? undefined : this.sourceMap(abs, t);
    if (t === undefined || map === undefined) return { ...loc, file };
    const col = loc.line === 1 ? loc.col - wrapperLength(t.async) : loc.col;
    if (col < 1) return { ...loc, file };
    const entry = map.findEntry(loc.line - 1, col - 1);
    if (!("originalLine" in entry)) return { ...loc, file };
    const width = loc.endLine === loc.line ? Math.max(1, loc.endCol - loc.col) : 1;
    const line = entry.originalLine + 1;
    const start = calleeStart(this.lines(abs, t)[entry.originalLine] ?? "", entry.originalColumn) + 1;
    return { file, line, col: start, endLine: line, endCol: start + width };
  }

  private readonly texts = new Map<string, string[]>();

  private lines(abs: string, t: Transpiled): string[] {
    let lines = this.texts.get(abs);
    if (lines === undefined) {
      lines = t.source.split(/\r\n|\r|\n/);
      this.texts.set(abs, lines);
    }
    return lines;
  }

  diagnostic(d: Diagnostic): Diagnostic {
    return {
      ...d,
      ...(d.loc === undefined ? {} : { loc: this.loc(d.loc) }),
      related: d.related.map((r) => ({ ...r, loc: this.loc(r.loc) })),
    };
  }

  /** The option `ref` of the builder call at `call` (in the user's text), where it is written literally. */
  private optionLoc(call: Loc, ref: OptionRef): Loc | undefined {
    const abs = resolve(this.cwd, call.file);
    const t = this.transpiled.get(abs);
    if (t === undefined) return undefined;
    let lines = this.lineMaps.get(call.file);
    if (lines === undefined) {
      lines = new LineMap(call.file, t.source);
      this.lineMaps.set(call.file, lines);
    }
    const span = optionSpan(t.source, lines.offset(call.line, call.col), ref);
    return span === undefined ? undefined : lines.span(span[0], span[1]);
  }

  /** Each module's line map, built once (every step's arguments and settings look a span up). */
  private readonly lineMaps = new Map<string, LineMap>();

  /** The program with every `loc` mapped. */
  program(program: Program): Program {
    const walk = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(walk);
      if (value === null || typeof value !== "object") return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === "loc" ? this.loc(v as Loc) : walk(v);
      return out;
    };
    return walk(program) as Program;
  }

  private sourceMap(abs: string, t: Transpiled): SourceMap | undefined {
    if (this.maps.has(abs)) return this.maps.get(abs);
    let map: SourceMap | undefined;
    const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(t.code);
    if (m !== null) {
      try {
        map = new SourceMap(JSON.parse(Buffer.from(m[1], "base64").toString("utf8")));
      } catch {
        map = undefined;
      }
    }
    this.maps.set(abs, map);
    return map;
  }
}

/**
 * Babel compiles a call of an imported function, `component(…)`, to `(0, _mlpc.component)(…)`, and
 * V8 places such a call at its `(`; Node running the text itself places it at `component`, where
 * the user looks. So a position on a `(` right after a name moves to the start of the name.
 */
function calleeStart(line: string, col: number): number {
  if (line[col] !== "(") return col;
  let start = col;
  while (start > 0 && /[\w$]/.test(line[start - 1])) start--;
  return start < col && !/\d/.test(line[start]) ? start : col;
}

/** `abs` relative to `cwd`, or absolute when it lies outside (as `buildProgram` shows locations). */
function shownPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
}

/** Reads the text of every file the diagnostics point into, for the excerpts. */
function addSources(diagnostics: readonly Diagnostic[], sources: Map<string, string>, cwd: string): void {
  const files = new Set<string>();
  for (const d of diagnostics) {
    if (d.loc !== undefined) files.add(d.loc.file);
    for (const r of d.related) files.add(r.loc.file);
  }
  for (const file of files) {
    if (sources.has(file)) continue;
    try {
      const full = resolve(cwd, file);
      if (statSync(full).isFile()) sources.set(file, readFileSync(full, "utf8"));
    } catch {
      // no excerpt for a file that cannot be read
    }
  }
}
