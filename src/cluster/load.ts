import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import { loadYamlWithSchema } from "../config/yaml-schema.js";
import { M } from "../diagnostics/catalog.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Loc } from "../ir/types.js";
import { parseQuantity } from "../kubernetes/quantity.js";
import type { ClusterProfile, NodePool, ProfileFile } from "./types.js";

let schema: object | undefined;

/** `schemas/cluster-profile.schema.json`, read once (two folders up from `src/cluster` and `dist/cluster`). */
export function clusterProfileSchema(): object {
  schema ??= JSON.parse(readFileSync(new URL("../../schemas/cluster-profile.schema.json", import.meta.url), "utf8")) as object;
  return schema;
}

export interface ProfileLoad {
  readonly profile?: ClusterProfile;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads a cluster profile (the text of `file`): the schema's checks (MLP9012–9019), then what a
 * schema cannot say (MLP3020–3022), each at the offending key.
 */
export function loadClusterProfile(file: string, text: string): ProfileLoad {
  const loaded = loadYamlWithSchema<ProfileFile>(file, text, clusterProfileSchema(), "cluster profile");
  if (loaded.value === undefined) return { diagnostics: loaded.diagnostics };
  const raw = loaded.value;
  const locate = locator(file, text);
  const diagnostics: Diagnostic[] = [];
  const names = new Set<string>();
  const pools: NodePool[] = [];
  raw.pools.forEach((p, i) => {
    const loc = locate(["pools", i, "name"]);
    if (names.has(p.name)) diagnostics.push(M.clusterDuplicatePool.at(loc, p.name));
    names.add(p.name);
    const slices = new Set<string>();
    (p.gpu?.mig ?? []).forEach((m, j) => {
      if (slices.has(m.profile)) diagnostics.push(M.clusterDuplicateMig.at(locate(["pools", i, "gpu", "mig", j, "profile"]), p.name, m.profile));
      slices.add(m.profile);
    });
    const taints = p.taints ?? [];
    if (p.gpu !== undefined && raw.poolLabel === undefined && !taints.some((t) => t.effect === "NoSchedule" || t.effect === "NoExecute")) {
      diagnostics.push(M.clusterNoPoolLabel.at(loc, p.name));
    }
    pools.push({
      name: p.name,
      gpu: p.gpu && {
        model: p.gpu.model,
        count: p.gpu.count,
        memory: p.gpu.memory === undefined ? undefined : parseQuantity(p.gpu.memory),
        memoryText: p.gpu.memory,
        mig: p.gpu.mig ?? [],
      },
      // The schema's pattern admits only quantities.
      cpu: parseQuantity(p.cpu) ?? 0,
      memory: parseQuantity(p.memory) ?? 0,
      cpuText: p.cpu,
      memoryText: p.memory,
      labels: Object.entries(p.labels ?? {}),
      taints,
      cost: p.cost,
      maxNodes: p.maxNodes,
      loc,
    });
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { profile: { file, poolLabel: raw.poolLabel, pools }, diagnostics: [] };
}

/** Where the value at a path of the YAML text is written. */
function locator(file: string, text: string): (path: readonly (string | number)[]) => Loc {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path) => {
    let node: unknown = doc.contents;
    for (const step of path) {
      let next: unknown;
      if (typeof step === "number" && isSeq(node)) next = node.items[step];
      else if (typeof step === "string" && isMap(node)) next = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === step)?.value;
      if (next === undefined || next === null) break;
      node = next;
    }
    const range = (node as Node | null)?.range ?? [0, 0];
    const start = lines.linePos(range[0]);
    const end = lines.linePos(range[1]);
    return { file, line: start.line, col: start.col, endLine: end.line, endCol: end.col };
  };
}
