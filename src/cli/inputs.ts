import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "./fs-host.js";

export const SOURCE_EXTENSION = ".mlpipe";

/** How `.mlpipe` text read from standard input (the path `-`) is named in messages. */
export const STDIN = "<stdin>";

/**
 * Pipeline modules written with the TypeScript builder (src/cli/load-script.ts): TypeScript and
 * JavaScript, ES module or CommonJS. They are loaded when named on the command line; directories are
 * searched for `.mlpipe` files only, since most TypeScript in a project is not a pipeline.
 */
export const SCRIPT_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"] as const;

/** Whether `path` names a pipeline module (rather than a `.mlpipe` file). */
export function isScript(path: string): boolean {
  return SCRIPT_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/** `examples/fraud.mlpipe` → `fraud`, `src/fraud.ts` → `fraud`: the name of a source without its extension. */
export function sourceStem(name: string): string {
  for (const ext of [SOURCE_EXTENSION, ...SCRIPT_EXTENSIONS]) if (name.endsWith(ext)) return name.slice(0, -ext.length);
  return name;
}

export interface Inputs {
  /** Source files in the order to process them, as the user wrote them (directory entries joined on). */
  readonly files: readonly string[];
  /** MLP9xxx problems: unreadable paths, directories without sources, files of another kind. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Expands the command line's paths: `.mlpipe` files and pipeline modules (`.ts`, `.mts`, `.cts`, `.js`,
 * `.mjs`, `.cjs`) are taken as given, directories are searched recursively for `*.mlpipe` only
 * (entries sorted by code unit, `node_modules` and dot-directories skipped). A file named twice is
 * processed once. `-` is the `.mlpipe` text on standard input, named `<stdin>`.
 */
export function expandInputs(paths: readonly string[], cwd: string): Inputs {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (shown: string): void => {
    const key = resolve(cwd, shown);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(shown);
  };
  for (const path of paths) {
    if (path === "-") {
      add(STDIN);
      continue;
    }
    let isDir: boolean;
    try {
      const stat = statSync(resolve(cwd, path));
      isDir = stat.isDirectory();
      if (!isDir && !stat.isFile()) {
        diagnostics.push(M.cannotRead.at(undefined, path, "not a regular file"));
        continue;
      }
    } catch (err) {
      diagnostics.push(M.cannotRead.at(undefined, path, describeFsError(err)));
      continue;
    }
    if (!isDir) {
      if (path.endsWith(SOURCE_EXTENSION) || isScript(path)) add(path);
      else diagnostics.push(M.unsupportedFile.at(undefined, path));
      continue;
    }
    const found: string[] = [];
    const modules: string[] = [];
    const before = diagnostics.length;
    walk(path, cwd, { found, modules }, diagnostics, new Set());
    if (found.length === 0 && diagnostics.length === before) {
      diagnostics.push(modules.length > 0 ? M.noInputsOnlyModules.at(undefined, path, modules[0]) : M.noInputs.at(undefined, path));
    }
    found.forEach(add);
  }
  return { files, diagnostics };
}

/** What a directory walk collects: `.mlpipe` files, and pipeline modules (named in messages, never read). */
interface Walked {
  readonly found: string[];
  readonly modules: string[];
}

function walk(dir: string, cwd: string, into: Walked, diagnostics: Diagnostic[], visiting: Set<string>): void {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(resolve(cwd, dir));
    // A symbolic link back to an enclosing directory would otherwise recurse forever.
    if (visiting.has(real)) return;
    names = readdirSync(real);
  } catch (err) {
    diagnostics.push(M.cannotRead.at(undefined, dir, describeFsError(err)));
    return;
  }
  visiting.add(real);
  for (const name of names.sort(compareCodeUnits)) {
    const path = join(dir, name);
    let isDir: boolean;
    let isFile: boolean;
    try {
      const stat = statSync(resolve(cwd, path));
      isDir = stat.isDirectory();
      isFile = stat.isFile();
    } catch {
      continue; // a dangling link or an entry removed meanwhile is not a source
    }
    if (isDir) {
      if (name !== "node_modules" && !name.startsWith(".")) walk(path, cwd, into, diagnostics, visiting);
    } else if (isFile && name.endsWith(SOURCE_EXTENSION)) {
      into.found.push(path);
    } else if (isFile && isScript(name) && !name.endsWith(".d.ts")) {
      into.modules.push(path);
    }
  }
  visiting.delete(real);
}

/** Locale-independent order, so every machine lists files the same way. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
