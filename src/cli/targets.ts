import type { Backend, BackendName } from "../backends/contract.js";

/** Every target `-t` accepts. `ir` is the program itself; `all` is `ir` plus every back end present but `rbac`. */
export const TARGET_NAMES = ["ir", "kfp", "argo", "katib", "kserve", "rbac", "all"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
// Every back end is a target (the contract names them; this fails to compile when the two disagree).
const _sameNames: [BackendName, Exclude<TargetName, "ir" | "all">] extends [Exclude<TargetName, "ir" | "all">, BackendName] ? true : never = true;
void _sameNames;

/** The IR dump: `<root file name without .mlpipe>.ir.json`. */
export const IR_EXTENSION = "ir.json";

/**
 * A back end in the registry. It is loaded only when a run asks for it, so `mlpc check` and
 * `mlpc --help` never load YAML writers.
 */
export interface BackendEntry {
  readonly name: BackendName;
  readonly extension: string;
  /** `false` for a back end `all` leaves out: `rbac`, whose output is the cluster's setup, not a run's. */
  readonly inAll?: false;
  load(): Promise<Backend>;
}

/**
 * The back ends this build has, in the order `-t all` runs them. Each milestone adds its line.
 */
export const BACKENDS: readonly BackendEntry[] = [
  { name: "kfp", extension: "kfp.yaml", load: async () => (await import("../backends/kfp/index.js")).kfpBackend },
  { name: "argo", extension: "argo.yaml", load: async () => (await import("../backends/argo/index.js")).argoBackend },
  { name: "katib", extension: "katib.yaml", load: async () => (await import("../backends/katib/index.js")).katibBackend },
  { name: "kserve", extension: "kserve.yaml", load: async () => (await import("../backends/kserve/index.js")).kserveBackend },
  { name: "rbac", extension: "rbac.yaml", inAll: false, load: async () => (await import("../backends/rbac/index.js")).rbacBackend },
];

/** The back ends `-t all` runs (and `check` runs the checks of by default). */
export const ALL_BACKENDS: readonly BackendEntry[] = BACKENDS.filter((b) => b.inAll !== false);

/** The registered back end called `name`, if this build has it. */
export function findBackend(name: string, registry: readonly BackendEntry[] = BACKENDS): BackendEntry | undefined {
  return registry.find((b) => b.name === name);
}

/** What `-t` can produce today, for messages: `ir`, the registered back ends, `all`. */
export function availableTargets(registry: readonly BackendEntry[] = BACKENDS): string[] {
  return ["ir", ...registry.map((b) => b.name), "all"];
}
