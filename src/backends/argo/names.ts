/**
 * Names in an Argo Workflow. Template and task names are `argoName`s (`src/kubernetes/names.ts`);
 * parameter and artifact names keep the user's names (`[-a-zA-Z0-9_]+`), so that
 * `{{inputs.parameters.learning_rate}}` reads like the source.
 */

/** Where a container writes output `name` (a parameter's value or an artifact's file or directory). */
export function outputPath(name: string): string {
  return `/tmp/outputs/${name}/data`;
}

/** Where Argo places input artifact `name` before the container starts. */
export function inputArtifactPath(name: string): string {
  return `/tmp/inputs/${name}/data`;
}
