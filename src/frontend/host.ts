/**
 * How front ends see the file system. Only the CLI implements it with real files (front ends do no
 * I/O of their own); tests implement it with a map of strings.
 */
export interface SourceHost {
  /** The bytes of `path`, or why they cannot be read ("no such file", "is a directory"). */
  readFile(path: string): Uint8Array | { readonly error: string };
}

/** A host over in-memory files, for tests and tools that hold sources as strings. */
export function memoryHost(files: Readonly<Record<string, string | Uint8Array>>): SourceHost {
  const encoder = new TextEncoder();
  return {
    readFile(path) {
      const f = files[path];
      if (f === undefined) return { error: "no such file" };
      return typeof f === "string" ? encoder.encode(f) : f;
    },
  };
}
