/**
 * The Kubernetes name of a user name, as every back end derives it and as the validator checks it
 * (kubernetes-names, DNS-1035 for serves): lowercase, `_` becomes `-`.
 */
export function kubernetesName(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}
