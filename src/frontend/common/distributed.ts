import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { TRAINING_JOB_KINDS, TRAINING_RESTART_POLICIES, type Distributed, type Loc, type TrainingJobKind, type TrainingRestartPolicy } from "../../ir/types.js";

/*
 * The `distributed` block, read the same way by both front ends: the language gives its fields as
 * `name value` or `name min .. max`, the builder as object properties; both hand them here as
 * `DistributedField`s, so the same values are refused with the same codes and the same IR comes out.
 * Whether a field fits the chosen job kind is a validation rule (`distributed-job-fields`), since a
 * step's block overrides its component's field by field.
 */

/** The fields of a `distributed` block, in the IR's key order. */
export const DISTRIBUTED_FIELDS = ["job", "runtime", "nodes", "procsPerNode", "elastic", "restart", "backoffLimit"] as const;

/** One field as written: a word or string, a number, or a range `min .. max`. */
export interface DistributedField {
  readonly name: string;
  readonly value: string | number | { readonly min: unknown; readonly max: unknown } | undefined;
  /** Where the field's name is (for unknown and repeated fields). */
  readonly nameLoc: Loc;
  /** Where its value is. */
  readonly loc: Loc;
}

const EXAMPLES: Record<string, string> = {
  job: "'job pytorchjob'",
  runtime: "'runtime \"torch-distributed\"'",
  nodes: "'nodes 4'",
  procsPerNode: "'procsPerNode 8'",
  elastic: "a range such as 'elastic 2 .. 8'",
  restart: "'restart onFailure'",
  backoffLimit: "'backoffLimit 3'",
};

/** The least value of each count. */
const MINIMUM: Record<string, number> = { nodes: 1, procsPerNode: 1, backoffLimit: 0, elastic: 1 };

/** The IR of a `distributed` block, with every problem of its fields in `diagnostics`. */
export function lowerDistributedFields(fields: readonly DistributedField[], loc: Loc, diagnostics: Diagnostic[]): Distributed {
  const out: Record<string, unknown> = { kind: "distributed" };
  const seen = new Set<string>();
  for (const f of fields) {
    if (!(DISTRIBUTED_FIELDS as readonly string[]).includes(f.name)) {
      diagnostics.push(M.unknownSetting.at(f.nameLoc, "field", f.name, " of a distributed block", didYouMean(f.name, DISTRIBUTED_FIELDS)));
      continue;
    }
    if (seen.has(f.name)) {
      diagnostics.push(M.duplicateSetting.at(f.nameLoc, f.name));
      continue;
    }
    seen.add(f.name);
    const isRange = typeof f.value === "object" && f.value !== null;
    if (isRange !== (f.name === "elastic")) {
      diagnostics.push(M.distributedRangeForm.at(f.loc, f.name, EXAMPLES[f.name]!));
      continue;
    }
    const count = (value: unknown): number | undefined => {
      if (typeof value === "number" && Number.isInteger(value) && value >= MINIMUM[f.name]!) return value;
      diagnostics.push(M.distributedCount.at(f.loc, f.name, MINIMUM[f.name]!));
      return undefined;
    };
    switch (f.name) {
      case "job": {
        const kind = typeof f.value === "string" ? (f.value.toLowerCase() as TrainingJobKind) : undefined;
        if (kind === undefined || !TRAINING_JOB_KINDS.includes(kind)) diagnostics.push(M.distributedJobKind.at(f.loc, String(f.value)));
        else out.job = { value: kind, loc: f.loc };
        break;
      }
      case "runtime":
        if (typeof f.value !== "string") diagnostics.push(M.distributedRangeForm.at(f.loc, f.name, EXAMPLES.runtime!));
        else out.runtime = { name: f.value, loc: f.loc };
        break;
      case "restart": {
        const policy = TRAINING_RESTART_POLICIES.find((p) => typeof f.value === "string" && p.toLowerCase() === f.value.toLowerCase());
        if (policy === undefined) diagnostics.push(M.distributedRestart.at(f.loc, String(f.value)));
        else out.restart = { value: policy as TrainingRestartPolicy, loc: f.loc };
        break;
      }
      case "elastic": {
        const range = f.value as { min: unknown; max: unknown };
        const min = count(range.min);
        const max = min === undefined ? undefined : count(range.max);
        if (min !== undefined && max !== undefined) out.elastic = { min, max, loc: f.loc };
        break;
      }
      default: {
        const n = count(f.value);
        if (n !== undefined) out[f.name] = { value: n, loc: f.loc };
      }
    }
  }
  const ordered: Record<string, unknown> = { kind: "distributed" };
  for (const key of DISTRIBUTED_FIELDS) if (out[key] !== undefined) ordered[key] = out[key];
  ordered.loc = loc;
  return ordered as unknown as Distributed;
}
