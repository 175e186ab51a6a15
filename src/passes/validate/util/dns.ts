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

/** A DNS-1123 subdomain: dot-separated lowercase labels, at most 253 characters. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_SUBDOMAIN_LENGTH = 253;
/** The name part of a qualified name, and a label value (which may also be empty). */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why `key` is not a Kubernetes qualified name (label and annotation keys; apimachinery's
 * `IsQualifiedName`): an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63
 * letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. `undefined` when it is.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "it has more than one '/'; a key is an optional prefix, '/', and a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return "the prefix before '/' is empty";
    if (prefix.length > MAX_SUBDOMAIN_LENGTH) return `the prefix is ${prefix.length} characters long, but at most ${MAX_SUBDOMAIN_LENGTH} are allowed`;
    if (!DNS1123_SUBDOMAIN.test(prefix)) return "the prefix is not a DNS subdomain (lowercase letters, digits, '-' and '.', such as 'example.com')";
  }
  if (name.length === 0) return "the name is empty";
  if (name.length > MAX_LABEL_LENGTH) return `the name is ${name.length} characters long, but at most ${MAX_LABEL_LENGTH} are allowed`;
  if (!QUALIFIED_NAME_PART.test(name)) return "the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why `value` is not a valid label value (apimachinery's `IsValidLabelValue`); `undefined` when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) return `it is ${value.length} characters long, but at most ${MAX_LABEL_LENGTH} are allowed`;
  if (value.length > 0 && !QUALIFIED_NAME_PART.test(value)) return "it must be empty, or letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}
