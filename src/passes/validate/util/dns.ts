/**
 * Back ends turn user names into Kubernetes names (DNS labels): lowercase, `_` becomes `-`.
 * These helpers say whether the result is one a cluster accepts.
 */

export const MAX_LABEL_LENGTH = 63;

/** The Kubernetes name a back end derives from a user name. */
export function toDnsLabel(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/**
 * Why `name` does not give a valid DNS label (RFC 1123, or RFC 1035 when `mustStartWithLetter`):
 * lowercase letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters.
 * `undefined` when it does.
 */
export function dnsLabelProblem(name: string, mustStartWithLetter: boolean): string | undefined {
  if (name.length === 0) return "it is empty";
  const label = toDnsLabel(name);
  const bad = [...name].find((c) => !/[A-Za-z0-9_-]/.test(c));
  if (bad !== undefined) return `it contains '${bad}', but Kubernetes names allow only letters, digits, '_' and '-'`;
  if (label.length > MAX_LABEL_LENGTH) {
    return `it is ${label.length} characters long, but Kubernetes names have at most ${MAX_LABEL_LENGTH}`;
  }
  if (mustStartWithLetter && !/^[a-z]/.test(label)) {
    return `it becomes the Kubernetes name '${label}', which must start with a letter`;
  }
  if (!/^[a-z0-9]/.test(label)) return `it becomes the Kubernetes name '${label}', which must start with a letter or digit`;
  if (!/[a-z0-9]$/.test(label)) return `it becomes the Kubernetes name '${label}', which must end with a letter or digit`;
  return undefined;
}
