import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** The names a config file may have, in the order they are looked for. */
export const CONFIG_NAMES = ["mlpc.config.yaml", "mlpc.config.yml", "mlpc.config.json"] as const;

/** What discovery found for a folder: the nearest config file, or a problem (two in one folder). */
export interface Found {
  /** The absolute path of the config file; absent when no folder up to the root holds one. */
  readonly file?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Finds config files the way eslint and prettier do: from a folder up to the filesystem root, the
 * nearest folder holding `mlpc.config.yaml`, `mlpc.config.yml` or `mlpc.config.json` wins. A folder
 * holding two of them is an error (MLP9011). Each folder is looked at once per run.
 */
export class ConfigFinder {
  private readonly cache = new Map<string, Found>();

  /** `show` names a folder in messages (relative to the working folder, say). */
  constructor(
    private readonly show: (path: string) => string = (path) => path,
    private readonly exists: (path: string) => boolean = existsSync,
  ) {}

  /** The config file for a file in the absolute folder `dir`. */
  find(dir: string): Found {
    const cached = this.cache.get(dir);
    if (cached !== undefined) return cached;
    const here = CONFIG_NAMES.map((name) => join(dir, name)).filter((path) => this.exists(path));
    let found: Found;
    if (here.length > 1) {
      found = { diagnostics: [M.configTwice.at(undefined, this.show(dir), basename(here[0]), basename(here[1]))] };
    } else if (here.length === 1) {
      found = { file: here[0], diagnostics: [] };
    } else {
      const parent = dirname(dir);
      found = parent === dir ? { diagnostics: [] } : this.find(parent);
    }
    this.cache.set(dir, found);
    return found;
  }
}
