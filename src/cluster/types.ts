/**
 * A cluster profile: the node pools of a Kubernetes cluster, read from YAML or JSON
 * (`schemas/cluster-profile.schema.json`) by `load.ts`; the placement pass
 * (`src/passes/optimize/placement.ts`) puts GPU steps on them.
 */
import type { Loc } from "../ir/types.js";

export interface ClusterProfile {
  readonly file: string;
  /** The node label whose value is a node's pool name, when the profile names one. */
  readonly poolLabel?: string;
  readonly pools: readonly NodePool[];
}

export interface NodePool {
  readonly name: string;
  readonly gpu?: PoolGpu;
  /** Allocatable CPU per node, in cores. */
  readonly cpu: number;
  /** Allocatable memory per node, in bytes. */
  readonly memory: number;
  /** The quantities as written, for messages. */
  readonly cpuText: string;
  readonly memoryText: string;
  readonly labels: readonly (readonly [string, string])[];
  readonly taints: readonly PoolTaint[];
  readonly cost: number;
  readonly maxNodes?: number;
  /** Where the pool's name is written. */
  readonly loc: Loc;
}

export interface PoolGpu {
  readonly model: string;
  /** GPUs per node. */
  readonly count: number;
  /** Memory per GPU in bytes, when the profile gives it. */
  readonly memory?: number;
  readonly memoryText?: string;
  /** MIG slices per node, by profile (`1g.10gb`). */
  readonly mig: readonly { readonly profile: string; readonly count: number }[];
}

export interface PoolTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** The file's shape as the schema allows it. */
export interface ProfileFile {
  readonly poolLabel?: string;
  readonly pools: readonly {
    readonly name: string;
    readonly gpu?: { readonly model: string; readonly count: number; readonly memory?: string; readonly mig?: readonly { readonly profile: string; readonly count: number }[] };
    readonly cpu: string;
    readonly memory: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly taints?: readonly PoolTaint[];
    readonly cost: number;
    readonly maxNodes?: number;
  }[];
}
