/**
 * The Kubernetes name of a user name, as every back end derives it and as the validator checks it
 * (kubernetes-names): lowercase, `_` becomes `-`.
 */
export function kubernetesName(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/** Katib's webhook rejects Experiment names longer than this. */
export const MAX_EXPERIMENT_NAME = 40;
