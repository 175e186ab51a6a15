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

/** The cluster profile of each input file, or the problems that make a profile unusable. */
export interface ClusterProfiles {
  readonly of: (file: string) => ClusterProfile | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * `--cluster`'s profile for every input; without it, the profile the input's config file names in
 * `cluster` (resolved from the config's folder), each profile read once.
 */
export async function clusterProfiles(
  inputs: readonly string[],
  option: string | undefined,
  settings: { clusterOf(file: string): string | undefined },
  cwd: string,
): Promise<ClusterProfiles> {
  const byPath = new Map<string, ClusterOption>();
  const pathOf = (file: string): string | undefined => option ?? settings.clusterOf(file);
  for (const file of inputs) {
    const path = pathOf(file);
    if (path !== undefined && !byPath.has(path)) byPath.set(path, await loadClusterOption(path, cwd));
  }
  const loaded = [...byPath.values()];
  return {
    of: (file) => {
      const path = pathOf(file);
      return path === undefined ? undefined : byPath.get(path)?.profile;
    },
    diagnostics: loaded.flatMap((l) => (l.profile === undefined ? l.diagnostics : [])),
    sources: new Map(loaded.flatMap((l) => [...l.sources])),
  };
}
