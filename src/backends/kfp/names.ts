/**
 * Names in a KFP pipeline spec, derived the way the KFP SDK derives them, so that users who diff mlpc's
 * output against the SDK's see the same names.
 */

/**
 * The Kubernetes-safe form of a user name, as the SDK's `sanitize_k8s_name`: lowercase, every run of
 * characters other than `a-z`, `0-9` and `-` becomes one `-`, runs of `-` collapse, no `-` at either
 * end. Pipeline names, task names and the `comp-`/`exec-` names come from it.
 */
export function kfpName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Hands out names unique within one pipeline spec, as the SDK's `make_name_unique_by_adding_index`: a
 * name already taken gets `-2`, `-3`… (the first free one), in the order names are asked for.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();
  /** Per base, the index to try next: names are never given back, so lower ones stay taken. */
  private readonly next = new Map<string, number>();

  take(base: string): string {
    let name = base;
    if (this.taken.has(name)) {
      let i = this.next.get(base) ?? 2;
      while (this.taken.has(`${base}-${i}`)) i++;
      name = `${base}-${i}`;
      this.next.set(base, i + 1);
    }
    this.taken.add(name);
    return name;
  }
}

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
