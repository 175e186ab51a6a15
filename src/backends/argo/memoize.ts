import { createHash } from "node:crypto";
import { argoName } from "../../kubernetes/names.js";

/** How long a memoized result stays valid when nothing else is said: a week. */
export const DEFAULT_CACHE_MAX_AGE = "168h";

/**
 * A `cache … maxAge` as Argo reads `memoize.maxAge` (a Go duration, which has no days): whole hours
 * as hours (`2d` → `48h`), else whole minutes as minutes, else seconds.
 */
export function memoizeMaxAge(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Argo's `memoize` for a container template: results are kept in one ConfigMap per pipeline
 * (`mlpc-cache-<pipeline>`, a static name, so that runs share it), under a key made of the static
 * hash the optimizer's cache plan gives the step (image, command, args, env: `definitionKey`; a hash
 * of the template itself when there is no plan) and a hash, computed by Argo when the step runs, of
 * its input parameters and of what its input artifacts were made from (`mlpc-upstream`). ConfigMap keys allow only `[-._a-zA-Z0-9]`, hence hashes rather
 * than the values themselves. `maxAge` is always set: an unbounded cache is never what a pipeline wants.
 */
export function memoize(definition: string | Record<string, unknown>, pipeline: string, parameterNames: readonly string[], maxAge: string): Record<string, unknown> {
  const hash = typeof definition === "string" ? definition : createHash("sha256").update(JSON.stringify(definition)).digest("hex");
  const fingerprint = hash.slice(0, 16);
  const values = parameterNames.map((n) => `inputs.parameters['${n}']`).join(", ");
  const key = parameterNames.length === 0 ? `mlpc-${fingerprint}` : `mlpc-${fingerprint}-{{=sprig.sha256sum(toJson([${values}]))}}`;
  return { key, maxAge, cache: { configMap: { name: cacheConfigMap(pipeline) } } };
}

/** The ConfigMap a pipeline's memoized results live in. */
export function cacheConfigMap(pipeline: string): string {
  return `mlpc-cache-${argoName(pipeline)}`.slice(0, 253).replace(/-+$/, "");
}
