import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceHost } from "../frontend/host.js";

/**
 * A `SourceHost` over real files. Paths stay as the user (or an import) wrote them, so diagnostics
 * show them that way; they are resolved against `baseDir` only to read.
 */
export function fileHost(baseDir: string): SourceHost {
  return {
    readFile(path) {
      const full = resolve(baseDir, path);
      try {
        // Only regular files: reading a FIFO or a device would block or never end.
        const stat = statSync(full);
        if (!stat.isFile()) return { error: stat.isDirectory() ? "is a directory" : "not a regular file" };
        return readFileSync(full);
      } catch (err) {
        return { error: describeFsError(err) };
      }
    },
  };
}

/** A short, lower-case reason for a failed file-system call, without the path (callers add it). */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "EEXIST":
      return "a file of that name exists";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}
