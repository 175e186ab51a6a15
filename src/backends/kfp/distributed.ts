import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Settings } from "../../ir/types.js";
import { jobNamePrefix, presentItems, trainingJob, type TrainingJob } from "../kubernetes/training.js";
import { commandLine } from "./command.js";
import { KUBECTL_IMAGE } from "./deploy.js";

/**
 * The executor container of a distributed step on KFP: kubectl creates the step's training job (see
 * `trainingJob`) and waits until the job has a `Complete` (TrainJob) or `Succeeded` (v1) condition
 * that is `"True"`, failing the step when it has a `Failed` one — the job's own wait-for-completion
 * semantics, as the deploy step applies an InferenceService.
 *
 * The job is the executor's first argument, as JSON (valid YAML for `kubectl create -f -`), with the
 * component's command line in KFP's placeholders, which the launcher substitutes before kubectl
 * runs: input values, the URIs of input artifacts (`{{$.inputs.artifacts['x'].uri}}`) and of output
 * artifacts (`{{$.outputs.artifacts['y'].uri}}`), where the job's pods read and write them. The step's
 * component keeps the component's inputs and outputs, so later steps read the model the job wrote
 * like any other output. The launcher uploads each output from its local path after the container
 * exits: the script creates that path as an empty directory, and an empty directory uploads nothing,
 * leaving what the job wrote in place.
 *
 * An `if x [ … ]` in the command line is decided when compiling, from the inputs the step gives. The
 * job is named by the API server from `<pipeline>-<component>-` (`generateName`), so every run creates
 * its own; it is not deleted with the run (KFP has no owner to give it). The launcher substitutes
 * values as they are, unescaped: a String input holding `"` or `\` breaks the JSON (kubectl then fails
 * the step, which says why).
 *
 * **Permissions.** The step runs kubectl as the run's service account (KFP's `pipeline-runner`), which
 * needs `create` and `get` on the job's resource (`trainjobs` in `trainer.kubeflow.org`, `pytorchjobs`
 * or `tfjobs` in `kubeflow.org`) in the run's namespace; `-t rbac` writes that Role.
 */
export function distributedContainer(
  component: Component,
  settings: Settings,
  present: ReadonlySet<string>,
  pipeline: string,
  diagnostics: Diagnostic[],
): { container: Record<string, unknown>; job: TrainingJob } {
  const command = commandLine(presentItems(component.command, present), component, diagnostics);
  const args = commandLine(presentItems(component.args, present), component, diagnostics);
  const job = trainingJob(settings.distributed!, settings, { image: component.image.ref, command, args }, { generateName: jobNamePrefix(pipeline, component.name) });
  const outputDirs = component.outputs.filter((o) => o.type.kind === "artifact").map((o) => `{{$.outputs.artifacts['${o.name}'].path}}`);
  return {
    job,
    container: {
      args: [JSON.stringify(job.manifest), ...outputDirs],
      command: ["sh", "-ec", waitScript(job)],
      image: KUBECTL_IMAGE,
    },
  };
}

/** The shell script that creates the job given as `$0` and waits for its end (see `distributedContainer`). */
export function waitScript(job: Pick<TrainingJob, "succeeded">): string {
  return [
    'for dir in "$@"; do mkdir -p "$dir"; done',
    'job=$(printf "%s" "$0" | kubectl create -f - -o name)',
    'echo "created $job"',
    "while :; do",
    `  state=" $(kubectl get "$job" -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"`,
    '  case "$state" in',
    `    *" ${job.succeeded} "*) echo "$job succeeded"; exit 0 ;;`,
    `    *" Failed "*) echo "$job failed: $(kubectl get "$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].message}')" >&2; exit 1 ;;`,
    "  esac",
    "  sleep 15",
    "done",
  ].join("\n");
}
