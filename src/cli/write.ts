import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "./fs-host.js";
import type { EmittedFile } from "./targets.js";

/**
 * Writes every file into `dir` or none: each goes to a temporary file in the same directory first
 * (so the rename is atomic on one file system), and only when all were written are they renamed into
 * place. A reader never sees a half-written file; on failure the temporary files are removed.
 * `dir` is shown in diagnostics as given; it is resolved against `cwd`.
 */
export function writeFilesAtomically(dir: string, files: readonly EmittedFile[], cwd: string): Diagnostic[] {
  const target = resolve(cwd, dir);
  try {
    mkdirSync(target, { recursive: true });
  } catch (err) {
    return [M.cannotWrite.at(undefined, dir, describeFsError(err))];
  }
  const temps: { temp: string; final: string; shown: string }[] = [];
  const cleanUp = (): void => {
    for (const t of temps) rmSync(t.temp, { force: true });
  };
  for (const f of files) {
    const final = join(target, f.name);
    const temp = join(target, `.${f.name}.${process.pid}.tmp`);
    const shown = join(dir, f.name);
    try {
      writeFileSync(temp, f.content, { flag: "w" });
      temps.push({ temp, final, shown });
    } catch (err) {
      rmSync(temp, { force: true });
      cleanUp();
      return [M.cannotWrite.at(undefined, shown, describeFsError(err))];
    }
  }
  for (let i = 0; i < temps.length; i++) {
    try {
      renameSync(temps[i].temp, temps[i].final);
    } catch (err) {
      for (const t of temps.slice(i)) rmSync(t.temp, { force: true });
      return [M.cannotWrite.at(undefined, temps[i].shown, describeFsError(err))];
    }
  }
  return [];
}
