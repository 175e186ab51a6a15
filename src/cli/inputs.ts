import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "./fs-host.js";

export const SOURCE_EXTENSION = ".mlpipe";

export interface Inputs {
  /** Source files in the order to process them, as the user wrote them (directory entries joined on). */
  readonly files: readonly string[];
  /** MLP9xxx problems: unreadable paths, directories without sources, files of another kind. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Expands the command line's paths: files are taken as given, directories are searched recursively
 * for `*.mlpipe` (entries sorted by code unit, `node_modules` and dot-directories skipped). A file
 * named twice is processed once.
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
      if (path.endsWith(SOURCE_EXTENSION)) add(path);
      else diagnostics.push(M.unsupportedFile.at(undefined, path));
      continue;
    }
    const found: string[] = [];
    const before = diagnostics.length;
    walk(path, cwd, found, diagnostics, new Set());
    if (found.length === 0 && diagnostics.length === before) {
      diagnostics.push(M.noInputs.at(undefined, path));
    }
    found.forEach(add);
  }
  return { files, diagnostics };
}

function walk(dir: string, cwd: string, found: string[], diagnostics: Diagnostic[], visiting: Set<string>): void {
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
      if (name !== "node_modules" && !name.startsWith(".")) walk(path, cwd, found, diagnostics, visiting);
    } else if (isFile && name.endsWith(SOURCE_EXTENSION)) {
      found.push(path);
    }
  }
  visiting.delete(real);
}

/** Locale-independent order, so every machine lists files the same way. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
