import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import type { ClusterProfile } from "../cluster/types.js";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { describeFsError } from "./fs-host.js";

/** `--cluster <profile>`: the profile, or the diagnostics that make it unusable (the run exits 2). */
export interface ClusterOption {
  readonly profile?: ClusterProfile;
  readonly diagnostics: readonly Diagnostic[];
  /** The profile's text by its path, for printing the diagnostics with their lines. */
  readonly sources: ReadonlyMap<string, string>;
}

export async function loadClusterOption(path: string, cwd: string): Promise<ClusterOption> {
  let text: string;
  try {
    text = readFileSync(resolvePath(cwd, path), "utf8");
  } catch (err) {
    return { diagnostics: [M.cannotRead.at(undefined, path, describeFsError(err))], sources: new Map() };
  }
  const { loadClusterProfile } = await import("../cluster/load.js");
  const loaded = loadClusterProfile(path, text);
  return { profile: loaded.profile, diagnostics: loaded.diagnostics, sources: new Map([[path, text]]) };
}
