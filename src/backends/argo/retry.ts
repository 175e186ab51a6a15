import type { Retry } from "../../ir/types.js";

/**
 * Argo's `retryStrategy` for mlpc's `retry N backoff D factor F max M`: `limit` retries of a failed
 * pod (Argo's default policy, `OnFailure`), waiting `duration`, multiplied by `factor` after each
 * retry and never more than `cap` per wait. Argo takes these as strings (IntOrString and durations),
 * as its examples write them. No strategy when there is no retry.
 */
export function retryStrategy(retry: Retry | undefined): Record<string, unknown> | undefined {
  if (retry === undefined || retry.limit <= 0) return undefined;
  const backoff: Record<string, unknown> = {};
  if (retry.backoffSeconds !== undefined) backoff.duration = `${retry.backoffSeconds}s`;
  if (retry.factor !== undefined) backoff.factor = String(retry.factor);
  if (retry.maxBackoffSeconds !== undefined) backoff.cap = `${retry.maxBackoffSeconds}s`;
  return Object.keys(backoff).length > 0 ? { limit: String(retry.limit), backoff } : { limit: String(retry.limit) };
}
