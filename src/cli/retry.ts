/**
 * When `submit` tries a request again, for the Kubernetes API and the KFP API alike: how many times,
 * and how long it waits in between.
 */

/** Attempts per request for 429, 5xx, resets and timeouts (the first and three retries). */
export const ATTEMPTS = 4;

/** The longest wait a `Retry-After` may ask for, in seconds; a server asking for more gets this. */
const MAX_RETRY_AFTER = 60;

/** The first backoff in milliseconds: `MLPC_RETRY_BASE_MS` (tests make it small), else 500. */
export function retryBase(env: Readonly<Record<string, string | undefined>>): number {
  const given = Number(env.MLPC_RETRY_BASE_MS);
  return env.MLPC_RETRY_BASE_MS !== undefined && Number.isFinite(given) && given >= 0 ? given : 500;
}

/**
 * How long to wait before attempt `attempt + 1` (after `attempt` failed, 1-based): the server's
 * `Retry-After` seconds when it sent one, else exponential backoff from `base` with "equal jitter"
 * (between half and all of `base · 2^(attempt-1)`), so that clients that failed together do not all
 * come back at the same moment. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, base: number, retryAfter: string | undefined, random: () => number = Math.random): number {
  const seconds = retryAfterSeconds(retryAfter);
  if (seconds !== undefined) return Math.min(seconds, MAX_RETRY_AFTER) * 1000;
  const ceiling = base * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** A `Retry-After` header in seconds (delta-seconds form only; an HTTP date is ignored). */
function retryAfterSeconds(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
