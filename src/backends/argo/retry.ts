import type { Retry } from "../../ir/types.js";
import { plainNumber } from "../../output/numbers.js";

/**
 * Argo's `retryStrategy` for mlpc's `retry N backoff D factor F max M`, with the language's meaning
 * (the same as KFP's retry policy): `limit` retries of a failed pod (Argo's default policy,
 * `OnFailure`), waiting `duration` and then `factor` times longer after each retry (2 unless given,
 * KFP's default), for at most `maxDuration` in all (`max`). Argo takes these as strings (IntOrString
 * and durations), as its examples write them. No strategy when there is no retry; no backoff when
 * the retries come at once.
 */
export function retryStrategy(retry: Retry | undefined): Record<string, unknown> | undefined {
  if (retry === undefined || retry.limit <= 0) return undefined;
  const backoff: Record<string, unknown> = {};
  if (retry.backoffSeconds !== undefined) {
    backoff.duration = `${retry.backoffSeconds}s`;
    backoff.factor = plainNumber(retry.factor ?? 2);
  }
  if (retry.maxBackoffSeconds !== undefined) backoff.maxDuration = `${retry.maxBackoffSeconds}s`;
  return Object.keys(backoff).length > 0 ? { limit: plainNumber(retry.limit), backoff } : { limit: plainNumber(retry.limit) };
}
