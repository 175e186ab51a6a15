import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { canonicalJson, type Json } from "../passes/optimize/cache-key.js";

/**
 * The local cache of `mlpc run`: the outputs of steps the optimizer's cache plan says may be reused
 * (`StepCachePlan.cached`), under `$XDG_CACHE_HOME/mlpc/run` (else `~/.cache/mlpc/run`), one folder
 * per key. The key is the step's definition key from the plan (image, command, args, env) completed
 * with the values its inputs have in this run, as a target completes it at run time (Argo's `memoize`
 * key carries the input values; KFP's cache key the input parameters and artifacts): a parameter by
 * its value, an artifact by the key of the step that made it (so a change upstream changes every key
 * downstream, and nothing else), an imported artifact by its path and the hash of its content.
 */

export function cacheRoot(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== "" ? xdg : join(env.HOME ?? homedir(), ".cache");
  return join(base, "mlpc", "run");
}

/** The key of one step in one run: sha256 of the definition key and the inputs' run-time identities. */
export function runKey(definitionKey: string, inputs: Readonly<Record<string, Json>>): string {
  return createHash("sha256").update(canonicalJson({ definition: definitionKey, inputs })).digest("hex");
}

/** What a cache entry holds besides the output files. */
interface EntryMeta {
  readonly step: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
}

export class LocalCache {
  constructor(readonly root: string) {}

  private dir(key: string): string {
    return join(this.root, key.slice(0, 2), key);
  }

  /**
   * Copies the entry's outputs into `outputs` when there is an entry not older than `maxAgeSeconds`;
   * false when there is none.
   */
  restore(key: string, outputs: string, maxAgeSeconds: number | undefined, now: number): boolean {
    const dir = this.dir(key);
    const metaFile = join(dir, "entry.json");
    if (!existsSync(metaFile)) return false;
    try {
      const meta = JSON.parse(readFileSync(metaFile, "utf8")) as EntryMeta;
      if (maxAgeSeconds !== undefined && now - meta.created > maxAgeSeconds * 1000) return false;
      rmSync(outputs, { recursive: true, force: true });
      cpSync(join(dir, "outputs"), outputs, { recursive: true });
      return true;
    } catch {
      return false; // an entry that cannot be read is no entry
    }
  }

  /** Keeps a copy of `outputs` under `key` (written beside, then renamed: a reader never sees half an entry). */
  store(key: string, step: string, outputs: string, now: number): void {
    const dir = this.dir(key);
    const temp = `${dir}.tmp-${process.pid}-${now}`;
    try {
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp, { recursive: true });
      if (existsSync(outputs)) cpSync(outputs, join(temp, "outputs"), { recursive: true });
      else mkdirSync(join(temp, "outputs"));
      const meta: EntryMeta = { step, created: now };
      writeFileSync(join(temp, "entry.json"), JSON.stringify(meta));
      rmSync(dir, { recursive: true, force: true });
      renameSync(temp, dir);
    } catch {
      rmSync(temp, { recursive: true, force: true });
      // A cache that cannot be written makes the next run slower, not wrong.
    }
  }
}

/** The sha256 of a file's bytes, or of a folder's files (names and contents, in name order). */
export function contentHash(path: string): string {
  const hash = createHash("sha256");
  const visit = (p: string, rel: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name), `${rel}/${name}`);
    } else {
      hash.update(`${rel}\u0000${st.size}\u0000`);
      hash.update(readFileSync(p));
    }
  };
  visit(path, "");
  return hash.digest("hex");
}
