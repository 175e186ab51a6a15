import { readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { M } from "../diagnostics/catalog.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { decodeSource } from "../frontend/dsl/load.js";
import { parseSource } from "../fmt/source.js";
import { describeFsError } from "./fs-host.js";
import { expandInputs, isScript, STDIN } from "./inputs.js";
import { writeFilesAtomically } from "./write.js";

/** `mlpc fmt`'s options. */
export interface FmtOptions {
  /** `--check`: write nothing, list the files that would change. */
  readonly check?: boolean;
}

/** What `fmt` reads and writes; the CLI's Io, as far as `fmt` needs it. */
export interface FmtIo {
  readonly stdout: (text: string) => void;
  readonly cwd: string;
  readonly stdin?: () => Promise<Uint8Array>;
}

/** What a run found: diagnostics (with the sources they point into) and the files that changed or would. */
export interface FmtResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  /** The files whose formatting differs from their text, as the user named them. */
  readonly changed: readonly string[];
}

/**
 * Formats `.mlpipe` files with the prettier plugin (src/fmt/plugin.ts), prettier loaded only now.
 * Each file is formatted with the prettier options its configuration files give (`.prettierrc`, …);
 * a file with a syntax error is left as it is and its diagnostics are returned. Without `check`,
 * every file that changes is replaced atomically; the text on standard input (`-`) is written to
 * stdout, formatted.
 */
export async function formatFiles(paths: readonly string[], opts: FmtOptions, io: FmtIo): Promise<FmtResult> {
  const inputs = expandInputs(paths, io.cwd);
  const diagnostics: Diagnostic[] = [...inputs.diagnostics];
  const sources = new Map<string, string>();
  const changed: string[] = [];
  for (const file of inputs.files.filter(isScript)) diagnostics.push(M.fmtNotMlpipe.at(undefined, file));
  const files = inputs.files.filter((f) => !isScript(f));
  if (files.length === 0 || diagnostics.length > 0) return { diagnostics, sources, changed };

  const prettier = await import("prettier");
  const { default: plugin } = await import("../fmt/plugin.js");
  for (const file of files) {
    const bytes = await read(file, io, diagnostics);
    if (bytes === undefined) continue;
    const text = decodeSource(bytes, file, diagnostics);
    if (text === undefined) continue;
    sources.set(file, text);
    const parsed = parseSource(text, file);
    if ("diagnostics" in parsed) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const configFile = file === STDIN ? join(io.cwd, "stdin.mlpipe") : resolve(io.cwd, file);
    let options: import("prettier").Options;
    try {
      options = { ...((await prettier.resolveConfig(configFile)) ?? {}), filepath: configFile, parser: "mlpipe", plugins: [plugin] };
      // A bad value fails on a probe that indents and breaks (prettier takes a negative tabWidth, say,
      // and fails only when it indents), before the file's own text is printed.
      await prettier.format(PROBE, options);
    } catch (err) {
      diagnostics.push(M.fmtBadConfig.at(undefined, file, firstLine(err)));
      continue;
    }
    const formatted = await prettier.format(text, options);
    if (file === STDIN && opts.check !== true) io.stdout(formatted);
    if (formatted === text) continue;
    changed.push(file);
    if (opts.check === true || file === STDIN) continue;
    // Through a symbolic link to the file it names, so that the link stays a link.
    let target: string;
    try {
      target = realpathSync(resolve(io.cwd, file));
    } catch (err) {
      diagnostics.push(M.cannotWrite.at(undefined, file, describeFsError(err)));
      continue;
    }
    diagnostics.push(...(await writeFilesAtomically(dirname(target), [{ name: basename(target), content: formatted }], io.cwd)));
  }
  return { diagnostics: sortDiagnostics(diagnostics), sources, changed };
}

/** A small valid source for trying the options out. */
const PROBE = "pipeline p {\n  s = c(a: [1, 2])\n}\n";

/** An ANSI SGR escape sequence (colour, bold, reset). */
const ANSI = /\u001b\[[0-9;]*m/g;

/** The first line of an error's message, without a trailing period (the message adds one). */
function firstLine(err: unknown): string {
  // Prettier colours its messages where it thinks a terminal is (CI=true, FORCE_COLOR): mlpc's
  // diagnostics are coloured by mlpc alone.
  const text = (err instanceof Error ? err.message : String(err)).replace(ANSI, "");
  return text.split("\n")[0].replace(/[.:]\s*$/, "");
}

async function read(file: string, io: FmtIo, diagnostics: Diagnostic[]): Promise<Uint8Array | undefined> {
  if (file === STDIN) return io.stdin === undefined ? new Uint8Array() : await io.stdin();
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (err) {
    diagnostics.push(M.cannotRead.at(undefined, file, describeFsError(err)));
    return undefined;
  }
}
