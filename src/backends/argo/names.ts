/**
 * Names in an Argo Workflow. Template and task names follow `argo lint` (`[a-zA-Z0-9][-a-zA-Z0-9]*`,
 * at most 128 characters); parameter and artifact names keep the user's names (`[-a-zA-Z0-9_]+`),
 * so that `{{inputs.parameters.learning_rate}}` reads like the source.
 */

/** The longest template or task name `argo lint` accepts. */
const MAX_NAME = 128;

/**
 * The Argo (and Kubernetes) form of a user name, as the other back ends derive it: lowercase, `_` as
 * `-`; anything else outside `a-z0-9-` also becomes `-`, and a name never starts or ends with `-`.
 */
export function argoName(name: string): string {
  const out = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME)
    .replace(/-+$/, "");
  return out === "" ? "x" : out;
}

/**
 * Hands out names unique within one Workflow: the first to ask for a base gets it, the next `-2`,
 * `-3`… in the order asked for, so the same program always gives the same names.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  /** Marks a name as used without handing it out (a task name fixed by its step). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  take(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) {
      const suffix = `-${i}`;
      name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    this.taken.add(name);
    return name;
  }
}

/** Where a container writes output `name` (a parameter's value or an artifact's file or directory). */
export function outputPath(name: string): string {
  return `/tmp/outputs/${name}/data`;
}

/** Where Argo places input artifact `name` before the container starts. */
export function inputArtifactPath(name: string): string {
  return `/tmp/inputs/${name}/data`;
}
