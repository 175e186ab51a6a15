import { createHash, randomBytes } from "node:crypto";

/**
 * How `submit` recognises what it created: the hash of an object's content, and a client token made
 * once per submit. A create whose outcome is unknown is looked for by them before it is sent again.
 */

/** The first 12 hex digits of the SHA-256 of `text`: short enough for a label value or a name. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** A fresh client token: 8 random hex digits. */
export function clientToken(): string {
  return randomBytes(4).toString("hex");
}

/** The labels a created Kubernetes object carries (label keys under the `mlpc` prefix). */
export const TOKEN_LABEL = "mlpc/client-token";
export const HASH_LABEL = "mlpc/content-hash";

/** What follows the line of an object found after its create's answer was lost. */
export const RECOVERED_NOTE = " (found after its create's answer was lost: created once)";
