import type { Component, Placeholder, Settings, Tune } from "../../ir/types.js";
import { trainingJob, type TrainingJob } from "../kubernetes/training.js";
import { OUTPUTS_DIR } from "./command.js";

/**
 * A tune of a distributed component: each trial is the component's training job (Katib creates it
 * from `trialSpec`, as its own PyTorchJob example does), with `${trialParameters.x}` in the command
 * line of every node. Katib reads the metrics of the job's primary container (`pytorch` in a
 * PyTorchJob, `tensorflow` in a TFJob, `node` in a TrainJob) and ends the trial on the job's conditions:
 * `Succeeded` (v1) or `Complete` (TrainJob) for success, `Failed` for failure, as gjson queries over
 * `status.conditions`. The job kind must be one of the trial resources Katib's configuration lists
 * (PyTorchJob and TFJob are by default).
 *
 * A trial has no artifact store: an output's URI is the same file a `.path` would be (on a scratch
 * volume of each node, MLP4222 says it is not kept).
 */
export function distributedTrialTemplate(
  tune: Tune,
  settings: Settings,
  container: { readonly image: string; readonly command?: readonly string[]; readonly args?: readonly string[] },
  withOutputs: boolean,
): { trialSpec: Record<string, unknown>; primaryContainerName: string; successCondition: string; failureCondition: string; job: TrainingJob } {
  const volumes = withOutputs ? [...(settings.volumes ?? []), { kind: "volume" as const, mountPath: OUTPUTS_DIR, source: { kind: "emptyDir" as const }, loc: tune.loc }] : settings.volumes;
  const job = trainingJob(settings.distributed!, { ...settings, volumes }, { image: container.image, command: container.command ?? [], args: container.args ?? [] }, { generateName: "" });
  // Katib names the trial's job itself: the trial spec has no name or namespace (its webhook refuses them).
  const { generateName: _, ...metadata } = job.manifest.metadata as Record<string, unknown>;
  const trialSpec: Record<string, unknown> = { ...job.manifest };
  if (Object.keys(metadata).length > 0) trialSpec.metadata = metadata;
  else delete trialSpec.metadata;
  return {
    trialSpec,
    primaryContainerName: job.container,
    successCondition: `status.conditions.#(type=="${job.succeeded}")#|#(status=="True")#`,
    failureCondition: 'status.conditions.#(type=="Failed")#|#(status=="True")#',
    job,
  };
}

/** The component as a trial of it runs: an output's `.uri` is its `.path` (a trial has no artifact store). */
export function withLocalOutputs(component: Component): Component {
  const local = (p: Placeholder): Placeholder => (p.ref === "outputUri" ? { ...p, ref: "outputPath" } : p);
  const items = (list: Component["command"]): Component["command"] =>
    list.map((item) =>
      item.kind === "ifPresent" ? { ...item, then: items(item.then), otherwise: items(item.otherwise) } : { ...item, parts: item.parts.map((p) => (p.kind === "placeholder" ? local(p) : p)) },
    );
  return { ...component, command: items(component.command), args: items(component.args) };
}
