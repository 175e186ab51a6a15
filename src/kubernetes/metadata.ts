/**
 * Label and annotation syntax and sizes, as apimachinery validates them (a pod that breaks them is
 * rejected): keys are qualified names, label values short names or empty, annotations limited in
 * total size.
 */
import type { KeyValue } from "../ir/types.js";
import { isDnsSubdomain, MAX_LABEL_LENGTH, MAX_SUBDOMAIN_LENGTH } from "./names.js";

/** Kubernetes' limit on the keys and values of all annotations of one object, in bytes. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** The name part of a qualified name, and a label value (which may also be empty). */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const utf8 = new TextEncoder();

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
    if (!isDnsSubdomain(prefix)) return "the prefix is not a DNS subdomain (lowercase letters, digits, '-' and '.', such as 'example.com')";
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

/** The size of annotations as Kubernetes counts it against `MAX_ANNOTATIONS_BYTES`: keys and values in UTF-8 bytes. */
export function annotationBytes(annotations: readonly KeyValue[]): number {
  return annotations.reduce((n, kv) => n + utf8.encode(kv.key).length + utf8.encode(kv.value).length, 0);
}
