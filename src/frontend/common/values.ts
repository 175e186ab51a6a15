/** Parsing of the small value languages inside strings that the IR stores normalised. */

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Seconds in a duration: a number of seconds, or units such as "90s", "30m", "4h", "1h30m", "2d".
 * Undefined when the text is not a duration or is not a whole number of seconds.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  const rounded = Math.round(total * 1000) / 1000;
  return Number.isInteger(rounded) ? rounded : undefined;
}

/** A number as Kubernetes writes it in a quantity: `2`, `0.5`, never `5e-1`. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return s.includes("e") ? n.toFixed(20).replace(/0+$/, "") : s;
}

/** The pod fields the Kubernetes downward API gives to environment variables (`fieldRef`). */
const POD_FIELDS = new Set([
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/**
 * Why `path` is not a pod field an environment variable can read through the downward API, or
 * `undefined` when it is one: a field of `POD_FIELDS`, or one label or annotation
 * (`metadata.labels['team']`, `metadata.annotations['pipelines.kubeflow.org/run_name']`).
 */
export function fieldPathProblem(path: string): string | undefined {
  if (POD_FIELDS.has(path)) return undefined;
  if (/^metadata\.(labels|annotations)\['[^'\s]+'\]$/.test(path)) return undefined;
  return `'${path}' is not a pod field the downward API gives to environment variables (metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'], metadata.annotations['key'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, …)`;
}

/**
 * Why `uri` cannot be a pipeline's artifact root, or `undefined` when it can: a bucket (and optional
 * prefix) of S3, Google Cloud Storage or MinIO (KFP's in-cluster store), with no trailing `/`.
 */
export function artifactRootProblem(uri: string): string | undefined {
  if (!/^(s3|gs|minio):\/\/[a-z0-9][-a-z0-9.]*[a-z0-9](\/[^\s]*)?$/.test(uri)) {
    return `'${uri}' is not a bucket URI such as "s3://bucket/prefix" (s3://, gs:// or minio://)`;
  }
  if (uri.endsWith("/")) return `'${uri}' ends with '/'; leave it out`;
  return undefined;
}
