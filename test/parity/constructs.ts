/**
 * The parity suite's table: every construct of the language list in ../shared/DESIGN.md ("Constructs
 * the language and the builder must both cover"), the case under `test/parity/cases/` that compiles it
 * to KFP and Argo, and what the suite expects of it. `phrase` is the construct's words in DESIGN.md; a
 * test checks that every clause of that list is covered by some phrase, and that every case file is in
 * this table.
 */
export type Status =
  /** Both back ends compile it without error and the neutral readings are equal. */
  | { readonly kind: "parity" }
  /**
   * Both compile it, and the readings differ exactly at `paths`: a semantic difference between the
   * targets (a bug in one back end), described in `finding`. The test keeps the table true: when one
   * side is fixed the case fails and moves to `parity`.
   */
  | { readonly kind: "differs"; readonly paths: readonly string[]; readonly finding: string }
  /**
   * Not compiled by one target yet, which reports `code` (an error); `crash` when the back end
   * currently throws instead (a bug being worked on), so that the table stays true either way.
   */
  | { readonly kind: "pending"; readonly target: "argo" | "kfp"; readonly code: string; readonly crash?: string; readonly why: string }
  /** One target rejects it by design (a diagnostic): not in the parity suite. */
  | { readonly kind: "rejected"; readonly target: "argo" | "kfp"; readonly code: string; readonly why: string }
  /**
   * The targets would give it different meanings, so the checker rejects it (`code`) before either
   * back end runs: the case must still be rejected, with that code.
   */
  | { readonly kind: "rejected by check"; readonly code: string; readonly why: string }
  /** Not something KFP or Argo output (another target), or no case file: why. */
  | { readonly kind: "out of scope"; readonly why: string };

export interface Entry {
  readonly construct: string;
  /** Words of DESIGN.md's construct list that this entry covers. */
  readonly phrase: string;
  /** The case file under `cases/`, when there is one. */
  readonly file?: string;
  /** Warnings each back end reports for the case (codes, sorted). */
  readonly warnings?: { readonly kfp?: readonly string[]; readonly argo?: readonly string[] };
  readonly status: Status;
}

const parity = { kind: "parity" } as const;

export const CONSTRUCTS: readonly Entry[] = [
  { construct: "typed pipeline parameters with defaults", phrase: "typed pipeline parameters with defaults (String, Int, Float, Bool, List, Struct)", file: "params.mlpipe", status: parity },
  { construct: "typed component inputs and outputs (parameters and every artifact type)", phrase: "components with typed", file: "artifact-types.mlpipe", status: parity },
  { construct: "steps calling components, data dependencies inferred", phrase: "steps that call components", file: "steps.mlpipe", status: parity },
  { construct: "sub-pipelines", phrase: "as sub-pipelines", file: "sub-pipeline.mlpipe", status: parity },
  { construct: "explicit dependencies (`after`)", phrase: "`after` for explicit ones", file: "after.mlpipe", status: parity },
  {
    construct: "`after` a step inside an `if`, from outside it",
    phrase: "`after` for explicit ones",
    file: "after-branch.mlpipe",
    status: {
      kind: "rejected by check",
      code: "MLP2059",
      why: "KFP waits for the condition's group and never runs the step when the branch is skipped; Argo's `depends` is satisfied by the skipped task and runs it (the KFP SDK rejects the topology).",
    },
  },
  { construct: "`after` a step inside a loop, from outside it", phrase: "`after` for explicit ones", file: "after-loop.mlpipe", status: parity },
  { construct: "typed conditions (if / elif / else)", phrase: "typed conditions", file: "conditions.mlpipe", status: parity },
  { construct: "the output of whichever branch ran (`oneOf`), as a parameter and an artifact, also inside a loop", phrase: "typed conditions", file: "oneof.mlpipe", status: parity },
  { construct: "loop over a static list", phrase: "loops over static lists", file: "loop-static.mlpipe", status: parity },
  { construct: "loop over a parameter", phrase: "parameters", file: "loop-param.mlpipe", status: parity },
  { construct: "loop over an output (nested loops)", phrase: "or outputs", file: "loop-output.mlpipe", status: parity },
  { construct: "loop parallelism limit", phrase: "parallelism limit", file: "loop-parallel.mlpipe", status: parity },
  { construct: "fan-in of loop results (`collect`)", phrase: "fan-in of loop results", file: "fan-in.mlpipe", status: parity },
  { construct: "fan-in of a step some iterations skip (`collect` of a step under an `if` in a loop)", phrase: "fan-in of loop results", file: "fan-in-skipped.mlpipe", status: parity },
  { construct: "exit handler (`finally`, `pipeline.status`)", phrase: "an exit handler (`finally`)", file: "finally.mlpipe", status: parity },
  { construct: "steps that run whatever happened upstream (`always`)", phrase: "steps that run whatever happened upstream", file: "always.mlpipe", status: parity },
  { construct: "importer of an artifact by URI", phrase: "an importer of an existing artifact by URI", file: "importer.mlpipe", warnings: { argo: ["MLP4123"] }, status: parity },
  {
    construct: "importer whose URI is a run-time value",
    phrase: "an importer of an existing artifact by URI",
    file: "importer-param.mlpipe",
    status: {
      kind: "rejected",
      target: "argo",
      code: "MLP4104",
      why: "Argo keeps an input artifact's scheme and bucket in separate fields of the Workflow, so they must be known when it is written; KFP's importer takes the whole URI at run time.",
    },
  },
  { construct: "image, command and args with placeholders", phrase: "container settings: image, command/args", file: "command.mlpipe", status: parity },
  { construct: "string interpolation", phrase: "string interpolation", file: "interpolation.mlpipe", status: parity },
  { construct: "optional inputs whose arguments drop out", phrase: "optional inputs", file: "optional-inputs.mlpipe", status: parity },
  { construct: "multi-line strings for inline scripts", phrase: "multi-line strings for inline scripts", file: "inline-script.mlpipe", status: parity },
  { construct: "artifact URIs in a command line (`x.uri`, `y.uri`)", phrase: "placeholders for inputs/outputs", file: "artifact-uri.mlpipe", warnings: { argo: ["MLP4123"] }, status: parity },
  {
    construct: "artifact metadata in a command line (`x.metadata`)",
    phrase: "placeholders for inputs/outputs",
    status: {
      kind: "out of scope",
      why: "Both targets reject it by design (KFP MLP4002: the launcher does not substitute metadata; Argo MLP4102: artifacts carry none), so there is nothing to compare.",
    },
  },
  { construct: "env (literal, secret, configmap, pod field)", phrase: "env (literal, from secret, from configmap)", file: "env.mlpipe", status: parity },
  { construct: "volumes (PVC, emptyDir, Secret, ConfigMap)", phrase: "volumes (PVC, emptyDir)", file: "volumes.mlpipe", status: parity },
  { construct: "CPU/memory requests and limits", phrase: "CPU/memory requests and limits", file: "resources.mlpipe", status: parity },
  {
    construct: "GPU count and accelerator type",
    phrase: "GPU count and accelerator type",
    file: "gpu.mlpipe",
    status: parity,
  },
  { construct: "node selector", phrase: "node selector", file: "node-selector.mlpipe", status: parity },
  { construct: "tolerations and node affinity", phrase: "tolerations", file: "tolerations.mlpipe", status: parity },
  { construct: "retries with backoff", phrase: "retries with backoff", file: "retry.mlpipe", status: parity },
  {
    construct: "retry backoff with a cap (`max`)",
    phrase: "retries with backoff",
    file: "retry-max.mlpipe",
    status: parity,
  },
  {
    construct: "retry backoff without a factor",
    phrase: "retries with backoff",
    file: "retry-constant-backoff.mlpipe",
    status: parity,
  },
  { construct: "timeouts of steps", phrase: "timeouts", file: "timeout.mlpipe", status: parity },
  { construct: "caching on/off per step and per pipeline", phrase: "caching on/off per step and per pipeline", file: "caching.mlpipe", status: parity },
  { construct: "caching on by default, a step opting out", phrase: "caching on/off per step and per pipeline", file: "caching-default.mlpipe", status: parity },
  {
    construct: "a called pipeline's steps cache as the run says, not as its own `cache`",
    phrase: "caching on/off per step and per pipeline",
    file: "caching-sub-pipeline.mlpipe",
    status: parity,
  },
  {
    construct: "steps never cached (side effects, mutable image)",
    phrase: "caching on/off per step and per pipeline",
    file: "caching-uncacheable.mlpipe",
    warnings: {},
    status: parity,
  },
  { construct: "schedules", phrase: "schedules", file: "schedule.mlpipe", warnings: { kfp: ["MLP4023"] }, status: parity },
  { construct: "labels and annotations", phrase: "labels and annotations", file: "labels.mlpipe", status: parity },
  {
    construct: "service account (and image pull secrets, the run's timeout)",
    phrase: "service account",
    file: "pipeline-settings.mlpipe",
    warnings: { kfp: ["MLP4020", "MLP4020", "MLP4022"] },
    status: parity,
  },
  {
    construct: "pipeline labels and annotations reach sub-pipeline pods",
    phrase: "labels and annotations",
    file: "sub-pipeline-labels.mlpipe",
    status: parity,
  },
  {
    construct: "`tune` (Katib)",
    phrase: "`tune`",
    status: { kind: "out of scope", why: "compiled to a Katib Experiment, neither KFP nor Argo: covered by test/backends/katib and test/upstream/katib." },
  },
  {
    construct: "top-level `serve` (KServe)",
    phrase: "`serve` (KServe",
    status: { kind: "out of scope", why: "compiled to a KServe InferenceService, neither KFP nor Argo: covered by test/backends/kserve and test/upstream/kserve." },
  },
  {
    construct: "`serve` deployed from a pipeline (a model produced by a step)",
    phrase: "including a model produced by a pipeline step",
    file: "serve-from-pipeline.mlpipe",
    status: parity,
  },
  {
    construct: "distributed steps (a TrainJob and a PyTorchJob), their artifacts read by later steps",
    phrase: "container settings",
    file: "distributed.mlpipe",
    status: parity,
  },
  {
    construct: "a step `after` a serve deployed from a pipeline",
    phrase: "including a model produced by a pipeline step",
    file: "serve-after.mlpipe",
    status: parity,
  },
];
