/**
 * Names in a KFP pipeline spec, derived the way the KFP SDK derives them, so that users who diff mlpc's
 * output against the SDK's see the same names: `kfpSanitize` and `UniqueNames` (`src/kubernetes/names.ts`)
 * for pipelines, tasks, components and executors, and the channel names below.
 */

/** The name of the task input that carries a pipeline parameter into a string built at run time. */
export function paramChannel(param: string): string {
  return `pipelinechannel--${param}`;
}

/** The name of the task input that carries a step output into a string built at run time. */
export function outputChannel(task: string, output: string): string {
  return `pipelinechannel--${task}-${output}`;
}

/** The placeholder a task-input constant uses to read one of the task's own inputs. */
export function inputParameterPlaceholder(name: string): string {
  return `{{$.inputs.parameters['${name}']}}`;
}
