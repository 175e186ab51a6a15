import { createHash } from "node:crypto";

/**
 * What loading a file gives before lowering: the same for the same path and bytes. Owned by
 * load.ts; the cache only stores it.
 */
export interface CachedFile<T> {
  readonly hash: string;
  readonly value: T;
}

/**
 * A loader cache, keyed by path and content (a SHA-256 of the bytes): loading a file whose bytes did
 * not change since the last load through this cache reuses its parse (the tree, the comments, the
 * syntax diagnostics, its imports and declarations) instead of parsing it again. Files are still read
 * through the host every time; lowering is not cached (the IR it makes is handed to later passes).
 * One entry per path: a changed file replaces its entry. Pass the same object to successive
 * `loadDsl`/`checkFile` calls (an editor, a watch mode, several roots of one command); nothing is
 * shared between callers otherwise.
 */
export class LoadCache {
  /** Files parsed through this cache and files whose parse was reused, for tests and tools. */
  readonly stats = { parses: 0, hits: 0 };
  private readonly entries = new Map<string, CachedFile<unknown>>();

  /** The hash of `bytes` the entries are keyed by. */
  static hash(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
  }

  /** The value stored for `path` with this `hash`, or `make()`'s (then stored). */
  get<T>(path: string, hash: string, make: () => T): T {
    const entry = this.entries.get(path);
    if (entry !== undefined && entry.hash === hash) {
      this.stats.hits++;
      return entry.value as T;
    }
    this.stats.parses++;
    const value = make();
    this.entries.set(path, { hash, value });
    return value;
  }

  /** Forgets every entry (the stats are kept). */
  clear(): void {
    this.entries.clear();
  }
}
