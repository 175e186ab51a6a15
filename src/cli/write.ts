import { lstatSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { trackTemporary, untrackTemporary } from "./cleanup.js";
import { describeFsError } from "./fs-host.js";
import type { EmittedFile } from "../output/documents.js";

/** The file-system calls the commit step makes; tests replace `rename` to fail midway. */
export interface WriteFs {
  readonly rename: (from: string, to: string) => void;
}

const NODE_FS: WriteFs = { rename: renameSync };

/**
 * Writes every file into `dir`, or none, and leaves `dir` as it was when it writes none:
 *
 * 1. the folder is created (with its parents) and every target path is checked — a directory or
 *    anything else that is not a file where a file goes is an error before anything is written;
 * 2. each file goes to a temporary file beside its target (so the rename is atomic on one file
 *    system), asynchronously, so that a signal is handled meanwhile (cleanup.ts removes them);
 * 3. only when all were written, the files they replace are moved aside, the temporary files renamed
 *    into place and the old files removed; if a rename fails midway, what was put in place is taken
 *    back and the old files return.
 *
 * `dir` is shown in diagnostics as given; it is resolved against `cwd`.
 */
export async function writeFilesAtomically(dir: string, files: readonly EmittedFile[], cwd: string, fs: WriteFs = NODE_FS): Promise<Diagnostic[]> {
  const target = resolve(cwd, dir);
  try {
    makeDirectory(target);
  } catch (err) {
    return [M.cannotWrite.at(undefined, dir, describeFsError(err))];
  }

  const plans: Plan[] = [];
  const blocked: Diagnostic[] = [];
  for (const f of files) {
    const final = join(target, f.name);
    const shown = join(dir, f.name);
    const existing = existingKind(final);
    if (existing === "other") blocked.push(M.cannotWrite.at(undefined, shown, isDirectory(final) ? "is a directory" : "not a regular file"));
    plans.push({ file: f, final, shown, temp: join(target, `.${f.name}.${process.pid}.tmp`), backup: existing === "file" ? join(target, `.${f.name}.${process.pid}.bak`) : undefined });
  }
  if (blocked.length > 0) return blocked;

  const written: Plan[] = [];
  for (const p of plans) {
    trackTemporary(p.temp);
    try {
      await writeFile(p.temp, p.file.content, { flag: "w" });
      written.push(p);
    } catch (err) {
      removeAll([p, ...written].map((w) => w.temp));
      return [M.cannotWrite.at(undefined, p.shown, describeFsError(err))];
    }
  }
  return commit(plans, fs);
}

interface Plan {
  readonly file: EmittedFile;
  readonly final: string;
  readonly shown: string;
  readonly temp: string;
  /** Where the file `final` replaces is kept until every file is in place. */
  readonly backup: string | undefined;
}

/**
 * Moves the old files aside, renames the new ones into place and removes the old ones; synchronous,
 * so no signal handler runs in between. Any failure puts back what was there before.
 */
function commit(plans: readonly Plan[], fs: WriteFs): Diagnostic[] {
  const movedAside: Plan[] = [];
  const placed: Plan[] = [];
  const rollBack = (): void => {
    for (const p of placed) rmSync(p.final, { force: true });
    for (const p of movedAside) {
      try {
        fs.rename(p.backup!, p.final);
      } catch {
        // the old file stays under its backup name; nothing better can be done
      }
    }
    removeAll(plans.map((p) => p.temp));
  };
  for (const p of plans) {
    if (p.backup === undefined) continue;
    try {
      fs.rename(p.final, p.backup);
      movedAside.push(p);
    } catch (err) {
      rollBack();
      return [M.cannotWrite.at(undefined, p.shown, describeFsError(err))];
    }
  }
  for (const p of plans) {
    try {
      fs.rename(p.temp, p.final);
      untrackTemporary(p.temp);
      placed.push(p);
    } catch (err) {
      rollBack();
      return [M.cannotWrite.at(undefined, p.shown, describeFsError(err))];
    }
  }
  for (const p of movedAside) rmSync(p.backup!, { force: true });
  return [];
}

function removeAll(paths: readonly string[]): void {
  for (const path of paths) {
    rmSync(path, { force: true });
    untrackTemporary(path);
  }
}

/** What is at `path` now: nothing, a file (or a symbolic link, which a rename replaces) or something else. */
function existingKind(path: string): "none" | "file" | "other" {
  try {
    const stat = lstatSync(path);
    return stat.isFile() || stat.isSymbolicLink() ? "file" : "other";
  } catch {
    return "none";
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(…, { recursive: true })` never ends where
 * `mkdir` answers ENOENT although the parent exists — as procfs does for `/proc/nope` — because it
 * creates the parent (EEXIST) and tries again; here every failure is final. The folders it makes
 * get `mode` (less the umask), by default 0777.
 */
export function makeDirectory(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      throw Object.assign(new Error(`not a directory: ${p}`), { code: "ENOTDIR" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(p) === p) throw err;
      missing.push(p);
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p, mode);
    } catch (err) {
      // Another process may have made it meanwhile.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || !isDirectory(p)) throw err;
    }
  }
}
