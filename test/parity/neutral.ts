/**
 * The neutral description of a compiled pipeline: what a run does, in terms that mean the same on
 * every engine. `from-kfp.ts` and `from-argo.ts` read the YAML the back ends wrote (never the IR) into
 * this shape; the parity test asserts the two readings are deep-equal.
 *
 * Conventions (the abstractions are listed with their reasons in `parity.test.ts`):
 * - tasks are leaf steps (containers, and the deploys of serves: `DeployTask`), keyed by step name; a step of a sub-pipeline is keyed
 *   `<calling step>/<inner step>` (sub-pipelines are flattened: a group adds nothing but ordering,
 *   which is folded into `waitsFor`);
 * - importers are not tasks: an imported artifact is a value (`{ imported }`) where it is consumed;
 * - every value that is not a reference is a string: numbers as JavaScript prints them, lists and
 *   structs as compact JSON with sorted keys.
 */

/** Where a value comes from. */
export type Value =
  | { readonly const: string }
  | { readonly param: string }
  | { readonly output: { readonly step: string; readonly name: string } }
  /** The item of an enclosing loop: `depth` 0 is the task's outermost loop. */
  | { readonly loopItem: number; readonly field?: string }
  /** Fan-in: the list of an output over every iteration of the loop around `step`. */
  | { readonly collect: { readonly step: string; readonly name: string } }
  | { readonly imported: { readonly uri: Value } }
  /** The final status of the run (inside `finally`). */
  | { readonly status: true }
  /** A string with inserted values. */
  | { readonly concat: readonly (string | Value)[] }
  /** The value of whichever option's step ran (`oneOf(…)`), options in the order written. */
  | { readonly oneOf: readonly Value[] }
  /** Where an artifact is stored (its URI): of a step's output artifact, for example. See `uriOf`. */
  | { readonly uriOf: Value };

/** A part of a command-line element: text, or the input or output a placeholder stands for. */
export type ArgPart =
  | string
  | { readonly input: string }
  | { readonly inputPath: string }
  | { readonly inputUri: string }
  | { readonly inputMetadata: string }
  | { readonly outputPath: string }
  | { readonly outputUri: string }
  | { readonly outputMetadata: string };

/** One command-line element: its parts, adjacent text merged. */
export type Arg = readonly ArgPart[];

/** A condition over the same references as values. */
export type Cond =
  | { readonly and: readonly Cond[] }
  | { readonly or: readonly Cond[] }
  | { readonly not: Cond }
  | { readonly cmp: "==" | "!=" | "<" | "<=" | ">" | ">="; readonly left: Value; readonly right: Value }
  | { readonly value: Value };

export type EnvSource =
  | { readonly value: string }
  | { readonly secret: string; readonly key: string }
  | { readonly configMap: string; readonly key: string }
  | { readonly fieldPath: string };

export type VolumeSource =
  | { readonly pvc: string }
  | { readonly emptyDir: { readonly medium?: string; readonly sizeLimit?: string } }
  | { readonly secret: string; readonly optional: boolean }
  | { readonly configMap: string; readonly optional: boolean };

export interface RequestLimit { readonly request?: string; readonly limit?: string }

export interface Resources {
  readonly cpu?: RequestLimit;
  readonly memory?: RequestLimit;
  readonly ephemeralStorage?: RequestLimit;
  readonly gpu?: { readonly count: number; readonly resource: string };
}

export interface Retry {
  readonly limit: number;
  /** Seconds before the first retry; absent when retried at once. */
  readonly backoffSeconds?: number;
  /** Multiplier per retry; absent when the wait stays the same. */
  readonly factor?: number;
  /** Upper bound on one wait. */
  readonly capSeconds?: number;
  /** Upper bound on the whole time spent retrying. */
  readonly windowSeconds?: number;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly seconds?: number;
}

export interface AffinityTerm {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  readonly weight?: number;
}

/** What every task has, whatever it runs. */
export interface TaskCommon {
  /** Steps this task waits for (data and `after`, and those of the groups around it), sorted. */
  readonly waitsFor: readonly string[];
  /** Runs once the steps it waits for finished, whether they succeeded or not. */
  readonly ignoreUpstreamFailure: boolean;
  /** A step of `finally`: runs after everything else, whatever happened. */
  readonly finally: boolean;
  /** The conditions that must hold for it to run, outermost first (conjunctions flattened). */
  readonly when: readonly Cond[];
  /** How many loops it is inside. */
  readonly loopDepth: number;
  readonly cache: boolean;
}

/**
 * A serve deployed from the pipeline: the Kubernetes object a step applies (KFP: a `kubectl` container;
 * Argo: a `resource` template). `manifest` is the InferenceService as mlpc wrote it, every string with
 * placeholders in it (the storage URI) read as a `Value`.
 */
export interface Deployment {
  /** What is done with the manifest (`apply`). */
  readonly action: string;
  readonly manifest: unknown;
}

export interface DeployTask extends TaskCommon {
  readonly deploys: Deployment;
}

/**
 * A distributed step: the training job it creates and waits for (KFP: a `kubectl` container; Argo: a
 * `resource` template that creates it). `trains` is the job as mlpc wrote it without its `metadata`
 * (its name and the annotations Argo reads outputs back from), every string with placeholders in it
 * read as a `Value` (an input, an input's URI, the URI of one of the step's own outputs).
 */
export interface TrainTask extends TaskCommon {
  readonly trains: unknown;
}

/** A step: a container, a deploy, or a training job. */
export type Task = ContainerTask | DeployTask | TrainTask;

export interface ContainerTask extends TaskCommon {
  readonly image: string;
  readonly command: readonly Arg[];
  readonly args: readonly Arg[];
  /** The value of each input the container receives (passed, or the component's default). */
  readonly inputs: Readonly<Record<string, Value>>;
  readonly retry?: Retry;
  readonly timeoutSeconds?: number;
  readonly resources: Resources;
  readonly env: Readonly<Record<string, EnvSource>>;
  readonly volumes: Readonly<Record<string, VolumeSource>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly affinity: readonly AffinityTerm[];
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
}

export interface Loop {
  readonly items: { readonly literal: readonly string[] } | Value;
  readonly parallelism?: number;
  /** The tasks that run once per item (including those of nested loops), sorted. */
  readonly tasks: readonly string[];
}

export interface Pipeline {
  /** Parameters and their defaults (`undefined` when there is none). */
  readonly params: Readonly<Record<string, { readonly default?: string }>>;
  readonly tasks: Readonly<Record<string, Task>>;
  /** Sorted by their task lists. */
  readonly loops: readonly Loop[];
}

// ---------------------------------------------------------------------------------------------------
// Helpers both readers share

/** What the tasks of one DAG (or template) see around them, as both readers track it. */
export interface ReaderScope {
  /** The component's or template's inputs, resolved. */
  readonly env: ReadonlyMap<string, Value>;
  /** Task-name prefix of a sub-pipeline (`sub/`). */
  readonly prefix: string;
  readonly when: readonly Cond[];
  readonly waits: readonly string[];
  readonly loopDepth: number;
  readonly finally: boolean;
  readonly ignoreUpstreamFailure: boolean;
}

/** A constant as the neutral form writes it (see the module comment). */
export function constText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return canonicalJson(v);
}

/** Compact JSON with object keys sorted. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Merges adjacent text of a concatenation; a single reference stands alone, text alone is a constant. */
export function concat(parts: readonly (string | Value)[]): Value {
  const merged: (string | Value)[] = [];
  for (const p of parts) {
    if (typeof p === "string" && p === "") continue;
    const last = merged[merged.length - 1];
    if (typeof p === "string" && typeof last === "string") merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  if (merged.length === 0) return { const: "" };
  if (merged.length === 1) return typeof merged[0] === "string" ? { const: merged[0] } : merged[0];
  return { concat: merged };
}

/** Merges adjacent text of a command-line element. */
export function arg(parts: readonly ArgPart[]): Arg {
  const out: ArgPart[] = [];
  for (const p of parts) {
    if (p === "") continue;
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out.length === 0 ? [""] : out;
}

/** A number written as text in either output (`"3.0"`, `"3"`, `30`), as one string. */
export function numberText(v: string | number): string {
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : String(v);
}

/**
 * The URI of the artifact `v`: an imported artifact's URI is the one it was imported from (KFP's
 * importer keeps it; Argo passes the importer's URI text), `oneOf` picks the URI of the option that
 * ran, anything else (a step's output artifact) is `{ uriOf: v }`.
 */
export function uriOf(v: Value): Value {
  if ("imported" in v) return v.imported.uri;
  if ("oneOf" in v) return { oneOf: v.oneOf.map(uriOf) };
  return { uriOf: v };
}

/** `manifest` with every string that holds a placeholder (`{{…}}`) read by `read`, the rest as it is. */
export function placeholdersIn(manifest: unknown, read: (text: string) => Value): unknown {
  if (typeof manifest === "string") return manifest.includes("{{") ? read(manifest) : manifest;
  if (Array.isArray(manifest)) return manifest.map((m) => placeholdersIn(m, read));
  if (manifest !== null && typeof manifest === "object") {
    return Object.fromEntries(Object.entries(manifest).map(([k, v]) => [k, placeholdersIn(v, read)]));
  }
  return manifest;
}

/** Flattens top-level `and`s of a condition into its conjuncts. */
export function conjuncts(c: Cond): Cond[] {
  return "and" in c ? c.and.flatMap(conjuncts) : [c];
}

/** A duration as Argo or KFP write it (`"30s"`, `"5m"`, `"1h"`, `3600`) in seconds. */
export function seconds(v: string | number): number {
  if (typeof v === "number") return v;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    const n = Number(m[1]);
    total += m[2] === "ms" ? n / 1000 : m[2] === "m" ? n * 60 : m[2] === "h" ? n * 3600 : m[2] === "d" ? n * 86400 : n;
  }
  return total;
}

/** Every path at which two neutral descriptions differ (empty when they are equal). */
export function differences(a: unknown, b: unknown, path = ""): string[] {
  if (a === b) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path || "/"}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
    return a.flatMap((x, i) => differences(x, b[i], `${path}/${i}`));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (x === undefined && y === undefined) return [];
      return differences(x, y, `${path}/${k}`);
    });
  }
  return [`${path || "/"}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** A toleration as both targets write it (Kubernetes' fields; KFP's int64 seconds as a string). */
export function toleration(x: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: string | number }): Toleration {
  return {
    ...(x.key !== undefined ? { key: x.key } : {}),
    ...(x.operator !== undefined ? { operator: x.operator } : {}),
    ...(x.value !== undefined ? { value: x.value } : {}),
    ...(x.effect !== undefined ? { effect: x.effect } : {}),
    ...(x.tolerationSeconds !== undefined ? { seconds: Number(x.tolerationSeconds) } : {}),
  };
}
