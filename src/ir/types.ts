/**
 * The mlpc intermediate representation: the one data type both front ends produce and every pass and
 * back end consumes. Plain, readonly, JSON-serialisable data, discriminated by `kind`, with a source
 * location on every node. `schemas/mlpc-ir.schema.json` describes the same shape for other tools.
 *
 * Conventions that keep the two front ends (the `.mlpipe` language and the TypeScript builder)
 * producing deep-equal IR:
 * - lists whose order carries no meaning (components, pipelines, tunes, serves) are sorted by name;
 * - lists whose order is the user's (inputs, arguments, steps, env) keep source order;
 * - durations are whole seconds, quantities are the user's Kubernetes quantity strings;
 * - numbers are one kind (`number`): whether `1` is an Int or a Float is decided by the declared type.
 */

/** A source range, 1-based, end exclusive. `file` is the path as the user gave it (or as resolved). */
export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

// ---------------------------------------------------------------------------------------------------
// Types

/** The parameter types, by name. */
export const PARAM_TYPE_NAMES = ["String", "Int", "Float", "Bool", "List", "Struct"] as const;
export type ParamTypeName = (typeof PARAM_TYPE_NAMES)[number];

/** The artifact types, by name (KFP's `system.*` types). */
export const ARTIFACT_TYPE_NAMES = [
  "Artifact",
  "Dataset",
  "Model",
  "Metrics",
  "ClassificationMetrics",
  "SlicedClassificationMetrics",
  "HTML",
  "Markdown",
] as const;
export type ArtifactTypeName = (typeof ARTIFACT_TYPE_NAMES)[number];

/** Artifact types the KFP UI shows for themselves (metrics, reports): one nothing reads is still seen. */
export const SHOWN_ARTIFACT_TYPES: ReadonlySet<string> = new Set<ArtifactTypeName>(["Metrics", "ClassificationMetrics", "SlicedClassificationMetrics", "HTML", "Markdown"]);

/** The type of a parameter, input or output. */
export type Type =
  | { readonly kind: "param"; readonly name: ParamTypeName; readonly items?: Type }
  | { readonly kind: "artifact"; readonly name: ArtifactTypeName }
  /** The final status of the pipeline run, handed to steps of an exit handler. */
  | { readonly kind: "status" };

// ---------------------------------------------------------------------------------------------------
// Expressions (argument values, defaults, conditions, loop sources)

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | NullLit
  | ListLit
  | StructLit
  | ParamRef
  | OutputRef
  | LoopItemRef
  | CollectRef
  | OneOfRef
  | Interpolation
  | StatusRef
  | Compare
  | Logical
  | Not;

export interface StringLit { readonly kind: "string"; readonly value: string; readonly loc: Loc }
export interface NumberLit { readonly kind: "number"; readonly value: number; readonly loc: Loc }
export interface BoolLit { readonly kind: "bool"; readonly value: boolean; readonly loc: Loc }
export interface NullLit { readonly kind: "null"; readonly loc: Loc }
export interface ListLit { readonly kind: "list"; readonly items: readonly Expr[]; readonly loc: Loc }
export interface StructLit {
  readonly kind: "struct";
  readonly fields: readonly { readonly name: string; readonly value: Expr; readonly loc: Loc }[];
  readonly loc: Loc;
}
/** A pipeline parameter. */
export interface ParamRef { readonly kind: "param"; readonly name: string; readonly loc: Loc }
/** An output of another step (`fit.model`). */
export interface OutputRef {
  readonly kind: "output";
  readonly step: string;
  readonly output: string;
  readonly loc: Loc;
}
/** The current item of an enclosing loop, or one field of it when the items are structs. */
export interface LoopItemRef {
  readonly kind: "loopItem";
  readonly loop: string;
  readonly field?: string;
  readonly loc: Loc;
}
/** Fan-in: every value of a step output produced inside a loop, as one list (`collect(score.auc)`). */
export interface CollectRef {
  readonly kind: "collect";
  readonly step: string;
  readonly output: string;
  readonly loc: Loc;
}
/**
 * The output of whichever step ran, of steps in the branches of one `if`/`elif`/`else` (one per
 * branch, with an `else`): `oneOf(a.model, b.model)`.
 */
export interface OneOfRef {
  readonly kind: "oneof";
  readonly options: readonly OutputRef[];
  readonly loc: Loc;
}
/** A string with `${…}` parts. */
export interface Interpolation {
  readonly kind: "interpolation";
  readonly parts: readonly (string | Expr)[];
  readonly loc: Loc;
}
/** The pipeline's final status, inside an exit handler. */
export interface StatusRef { readonly kind: "status"; readonly loc: Loc }
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export interface Compare {
  readonly kind: "compare";
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly loc: Loc;
}
export interface Logical {
  readonly kind: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
  readonly loc: Loc;
}
export interface Not { readonly kind: "not"; readonly operand: Expr; readonly loc: Loc }

// ---------------------------------------------------------------------------------------------------
// Container command lines

/** Where a placeholder in a command line points. */
export type PlaceholderRef =
  | "inputValue"
  | "inputPath"
  | "inputUri"
  | "inputMetadata"
  | "outputPath"
  | "outputUri"
  | "outputMetadata";

export interface Placeholder {
  readonly kind: "placeholder";
  readonly ref: PlaceholderRef;
  /** The component input or output the placeholder stands for. */
  readonly name: string;
  readonly loc: Loc;
}
export interface Text { readonly kind: "text"; readonly value: string; readonly loc: Loc }

/** One element of `command`/`args`: a string made of literal text and placeholders. */
export interface CommandArg {
  readonly kind: "arg";
  readonly parts: readonly (Text | Placeholder)[];
  readonly loc: Loc;
}
/** Elements that appear only when an optional input is given (else the `otherwise` elements). */
export interface IfPresent {
  readonly kind: "ifPresent";
  readonly input: string;
  readonly then: readonly CommandItem[];
  readonly otherwise: readonly CommandItem[];
  readonly loc: Loc;
}
export type CommandItem = CommandArg | IfPresent;

// ---------------------------------------------------------------------------------------------------
// Settings shared by components, steps and pipelines

export type EnvSource =
  | { readonly kind: "value"; readonly value: Expr }
  | { readonly kind: "secret"; readonly secret: string; readonly key: string }
  | { readonly kind: "configMap"; readonly configMap: string; readonly key: string }
  /** A field of the pod, through the downward API (`metadata.name`, `metadata.annotations['k']`, …). */
  | { readonly kind: "fieldPath"; readonly fieldPath: string };

export interface EnvVar { readonly kind: "env"; readonly name: string; readonly source: EnvSource; readonly loc: Loc }

/** A Kubernetes quantity as written (`"500m"`, `"8Gi"`), checked by the validator. */
export interface Quantity { readonly value: string; readonly loc: Loc }
export interface RequestLimit { readonly request?: Quantity; readonly limit?: Quantity }

export interface Resources {
  readonly kind: "resources";
  readonly cpu?: RequestLimit;
  readonly memory?: RequestLimit;
  readonly ephemeralStorage?: RequestLimit;
  /**
   * GPU count and the accelerator type, e.g. `nvidia-tesla-a100`; with `mig`, the count is of slices
   * of that MIG profile (`1g.10gb`), not of whole GPUs.
   */
  readonly gpu?: { readonly count: number; readonly type?: string; readonly vendor?: string; readonly mig?: string; readonly loc: Loc };
  readonly loc: Loc;
}

export type VolumeSource =
  | { readonly kind: "pvc"; readonly claim: string; readonly readOnly: boolean }
  | { readonly kind: "emptyDir"; readonly medium?: "Memory"; readonly sizeLimit?: Quantity }
  | { readonly kind: "secret"; readonly secret: string; readonly optional: boolean }
  | { readonly kind: "configMap"; readonly configMap: string; readonly optional: boolean };

export interface Volume {
  readonly kind: "volume";
  readonly mountPath: string;
  readonly source: VolumeSource;
  readonly loc: Loc;
}

export interface Retry {
  readonly kind: "retry";
  readonly limit: number;
  readonly backoffSeconds?: number;
  readonly factor?: number;
  readonly maxBackoffSeconds?: number;
  readonly loc: Loc;
}

export interface Toleration {
  readonly kind: "toleration";
  readonly key?: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  readonly tolerationSeconds?: number;
  readonly loc: Loc;
}

/** A node-affinity term: required when `weight` is absent, preferred with that weight otherwise. */
export interface AffinityTerm {
  readonly kind: "affinity";
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values: readonly string[];
  readonly weight?: number;
  readonly loc: Loc;
}

export interface KeyValue { readonly key: string; readonly value: string; readonly loc: Loc }

/** Duration in whole seconds, with where it was written. */
export interface Duration { readonly seconds: number; readonly loc: Loc }

/** Flag with where it was written. */
export interface Flag { readonly value: boolean; readonly loc: Loc }

/** The kinds of training job a distributed step runs as. */
export type TrainingJobKind = "trainjob" | "pytorchjob" | "tfjob";
export const TRAINING_JOB_KINDS: readonly TrainingJobKind[] = ["trainjob", "pytorchjob", "tfjob"];

/** What a pod of a v1 training job does when its container fails (the job's `restartPolicy`). */
export type TrainingRestartPolicy = "onFailure" | "never" | "always" | "exitCode";
export const TRAINING_RESTART_POLICIES: readonly TrainingRestartPolicy[] = ["onFailure", "never", "always", "exitCode"];

/**
 * A step that trains on several nodes (`distributed { … }`): it runs as one Kubeflow training job —
 * a Trainer v2 `TrainJob` against a training runtime (the default), or a Training Operator v1
 * `PyTorchJob`/`TFJob` — created by the step, which waits for the job to finish. Every field but
 * `job` is optional; a step's block overrides its component's field by field.
 */
export interface Distributed {
  readonly kind: "distributed";
  /** The job kind; `trainjob` when not written. */
  readonly job?: { readonly value: TrainingJobKind; readonly loc: Loc };
  /** The TrainJob's `runtimeRef.name` (a ClusterTrainingRuntime such as `torch-distributed`). */
  readonly runtime?: { readonly name: string; readonly loc: Loc };
  /** How many nodes (pods) train: the TrainJob's `numNodes`, or Master + Workers of a v1 job. */
  readonly nodes?: { readonly value: number; readonly loc: Loc };
  /** Processes per node, usually one per GPU (`numProcPerNode`, `nprocPerNode`). */
  readonly procsPerNode?: { readonly value: number; readonly loc: Loc };
  /** Elastic training (PyTorchJob): the job may shrink to `min` and grow to `max` nodes. */
  readonly elastic?: { readonly min: number; readonly max: number; readonly loc: Loc };
  /** What a v1 job's pods do when their container fails. */
  readonly restart?: { readonly value: TrainingRestartPolicy; readonly loc: Loc };
  /** How many times a v1 job is retried before it is marked failed (`runPolicy.backoffLimit`). */
  readonly backoffLimit?: { readonly value: number; readonly loc: Loc };
  readonly loc: Loc;
}

/**
 * Settings of a container. A component declares defaults; a step overrides them field by field
 * (lists replace, maps merge by key); a pipeline's `caching` is the default for its steps.
 */
export interface Settings {
  readonly env?: readonly EnvVar[];
  readonly resources?: Resources;
  readonly volumes?: readonly Volume[];
  readonly retry?: Retry;
  readonly timeout?: Duration;
  readonly caching?: Flag;
  /** How long a cached result may be reused (`cache … maxAge "24h"`); the target's default when absent. */
  readonly cacheMaxAge?: Duration;
  readonly nodeSelector?: readonly KeyValue[];
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: readonly AffinityTerm[];
  readonly labels?: readonly KeyValue[];
  readonly annotations?: readonly KeyValue[];
  readonly serviceAccount?: { readonly name: string; readonly loc: Loc };
  readonly imagePullSecrets?: readonly { readonly name: string; readonly loc: Loc }[];
  /** Who the container runs as: user and group IDs, and whether it must not be root. */
  readonly securityContext?: {
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    readonly runAsNonRoot?: boolean;
    readonly loc: Loc;
  };
  /** Runs the step as a distributed training job (components and steps only). */
  readonly distributed?: Distributed;
}

// ---------------------------------------------------------------------------------------------------
// Components

export interface Input {
  readonly kind: "input";
  readonly name: string;
  readonly type: Type;
  readonly default?: Expr;
  /** Optional inputs may be left out; their `ifPresent` arguments then drop out. */
  readonly optional: boolean;
  readonly description?: string;
  readonly loc: Loc;
}

export interface Output {
  readonly kind: "output";
  readonly name: string;
  readonly type: Type;
  readonly description?: string;
  readonly loc: Loc;
}

export interface Component {
  readonly kind: "component";
  readonly name: string;
  readonly description?: string;
  readonly image: { readonly ref: string; readonly loc: Loc };
  readonly inputs: readonly Input[];
  readonly outputs: readonly Output[];
  readonly command: readonly CommandItem[];
  readonly args: readonly CommandItem[];
  readonly settings: Settings;
  /** Declared side effects (writes outside its outputs): never cached, never dropped as dead. */
  readonly sideEffects: boolean;
  readonly loc: Loc;
}

// ---------------------------------------------------------------------------------------------------
// Pipelines

export interface Param {
  readonly kind: "param";
  readonly name: string;
  readonly type: Type;
  readonly default?: Expr;
  /**
   * Declared with `?`: the pipeline runs without a value for it (`true` only; left out otherwise). A
   * parameter with a default is optional anyway.
   */
  readonly optional?: boolean;
  readonly description?: string;
  readonly loc: Loc;
}

/** An argument given to a step: `name: value`. */
export interface Argument { readonly name: string; readonly value: Expr; readonly loc: Loc }

/** A step that runs a component or a whole pipeline (a sub-pipeline). */
export interface Step {
  readonly kind: "step";
  readonly name: string;
  readonly call: { readonly kind: "component" | "pipeline"; readonly name: string; readonly loc: Loc };
  readonly arguments: readonly Argument[];
  /** Explicit ordering (`after a, b`), beyond the data dependencies. */
  readonly after: readonly { readonly step: string; readonly loc: Loc }[];
  readonly settings: Settings;
  /** Runs once its upstream steps finished, whether they succeeded or not. */
  readonly ignoreUpstreamFailure: boolean;
  readonly displayName?: string;
  readonly loc: Loc;
}

/** Brings an existing artifact (by URI) into the pipeline; its output is `artifact`. */
export interface Importer {
  readonly kind: "importer";
  readonly name: string;
  readonly uri: Expr;
  readonly artifactType: Extract<Type, { kind: "artifact" }>;
  readonly reimport: boolean;
  readonly metadata: readonly { readonly key: string; readonly value: Expr; readonly loc: Loc }[];
  readonly after: readonly { readonly step: string; readonly loc: Loc }[];
  readonly loc: Loc;
}

/** Deploys a `serve` block from inside a pipeline (its model comes from a step). */
export interface Deploy {
  readonly kind: "deploy";
  readonly name: string;
  readonly serve: string;
  readonly after: readonly { readonly step: string; readonly loc: Loc }[];
  readonly loc: Loc;
}

export interface Branch {
  /** `undefined` for the `else` branch. */
  readonly condition?: Expr;
  readonly body: readonly Node[];
  readonly loc: Loc;
}

/** `if`/`elif`/`else`: the first branch whose condition holds runs. */
export interface Condition {
  readonly kind: "condition";
  readonly branches: readonly Branch[];
  readonly loc: Loc;
}

/** `for item in items parallel N { … }`. */
export interface Loop {
  readonly kind: "loop";
  /** The loop variable; also names the loop in `LoopItemRef`. */
  readonly variable: string;
  readonly items: Expr;
  readonly parallelism?: number;
  readonly body: readonly Node[];
  readonly loc: Loc;
}

export type Node = Step | Importer | Deploy | Condition | Loop;

export interface PipelineOutput {
  readonly kind: "pipelineOutput";
  readonly name: string;
  readonly type: Type;
  readonly value: Expr;
  readonly loc: Loc;
}

export interface Schedule {
  readonly kind: "schedule";
  /** Five-field cron expression or a macro such as `@daily`. */
  readonly cron: string;
  /** The IANA time zone the cron expression is read in, and where it is written. */
  readonly timezone?: { readonly name: string; readonly loc: Loc };
  readonly concurrency?: "Allow" | "Forbid" | "Replace";
  readonly loc: Loc;
}

export interface Pipeline {
  readonly kind: "pipeline";
  readonly name: string;
  readonly description?: string;
  readonly params: readonly Param[];
  readonly outputs: readonly PipelineOutput[];
  readonly body: readonly Node[];
  /** Steps of `finally { … }`: run after everything else, whatever happened. */
  readonly exitHandler?: { readonly body: readonly Node[]; readonly loc: Loc };
  readonly schedule?: Schedule;
  /**
   * Where the run's artifacts are stored (`artifactRoot "s3://bucket/prefix"`): KFP's pipeline root;
   * on Argo, the location of output artifacts, which makes their URIs known to the steps.
   */
  readonly artifactRoot?: { readonly uri: string; readonly loc: Loc };
  /** Pipeline-wide settings: `caching` default, labels, annotations, service account, timeout, pull secrets. */
  readonly settings: Settings;
  readonly loc: Loc;
}

// ---------------------------------------------------------------------------------------------------
// Hyperparameter tuning (Katib)

export interface SearchParam {
  readonly kind: "search";
  readonly name: string;
  readonly type: "double" | "int" | "discrete" | "categorical";
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Values of a discrete (numbers) or categorical (strings) space. */
  readonly values?: readonly (string | number)[];
  readonly distribution?: "uniform" | "logUniform" | "normal" | "logNormal";
  readonly loc: Loc;
}

export interface Tune {
  readonly kind: "tune";
  readonly name: string;
  readonly target: { readonly kind: "component" | "pipeline"; readonly name: string; readonly loc: Loc };
  readonly objective: {
    readonly type: "maximize" | "minimize";
    readonly metric: string;
    readonly goal?: number;
    readonly additionalMetrics: readonly { readonly name: string; readonly loc: Loc }[];
    readonly strategies: readonly { readonly metric: string; readonly value: "min" | "max" | "latest"; readonly loc: Loc }[];
    readonly loc: Loc;
  };
  readonly algorithm: { readonly name: string; readonly settings: readonly KeyValue[]; readonly loc: Loc };
  readonly earlyStopping?: { readonly name: string; readonly settings: readonly KeyValue[]; readonly loc: Loc };
  readonly search: readonly SearchParam[];
  /** Values for the target's inputs that are not searched. */
  readonly arguments: readonly Argument[];
  readonly maxTrials?: number;
  readonly parallelTrials?: number;
  readonly maxFailedTrials?: number;
  readonly resumePolicy?: "Never" | "LongRunning" | "FromVolume";
  /** How trial metrics are read; derived from the metric output when absent. */
  readonly collector?: { readonly kind: "stdout" | "file"; readonly path?: string; readonly loc: Loc };
  readonly settings: Settings;
  readonly loc: Loc;
}

// ---------------------------------------------------------------------------------------------------
// Model serving (KServe)

export interface Serve {
  readonly kind: "serve";
  readonly name: string;
  readonly model: {
    readonly format: string;
    readonly version?: string;
    /** A URI literal, a parameter, or a step's model output when deployed from a pipeline. */
    readonly storage: Expr;
    readonly loc: Loc;
  };
  readonly runtime?: string;
  readonly protocol?: "v1" | "v2" | "grpc-v2";
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly scale?: { readonly metric: "concurrency" | "rps" | "cpu" | "memory"; readonly target: number; readonly loc: Loc };
  /** Percentage of traffic for the latest revision, 0–100. */
  readonly canary?: { readonly percent: number; readonly loc: Loc };
  readonly deploymentMode?: "Serverless" | "RawDeployment" | "ModelMesh";
  readonly transformer?: {
    readonly image: { readonly ref: string; readonly loc: Loc };
    readonly command: readonly CommandItem[];
    readonly args: readonly CommandItem[];
    readonly settings: Settings;
    readonly loc: Loc;
  };
  readonly settings: Settings;
  readonly loc: Loc;
}

// ---------------------------------------------------------------------------------------------------
// The program

/**
 * Everything one root source defines, with its imports linked: the components defined in the root file
 * or used by its pipelines and tunes, the pipelines, tunes and serves. Each list is sorted by name.
 */
export interface Program {
  readonly kind: "program";
  readonly components: readonly Component[];
  readonly pipelines: readonly Pipeline[];
  readonly tunes: readonly Tune[];
  readonly serves: readonly Serve[];
}
