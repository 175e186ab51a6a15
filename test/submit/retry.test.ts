import { describe, expect, it } from "vitest";
import { backoffDelay, retryBase } from "../../src/cli/retry.js";

describe("backoffDelay", () => {
  it("doubles from the base, with equal jitter: between half and all of base·2^(attempt-1)", () => {
    expect([1, 2, 3].map((a) => backoffDelay(a, 500, undefined, () => 0))).toEqual([250, 500, 1000]);
    expect([1, 2, 3].map((a) => backoffDelay(a, 500, undefined, () => 0.999999))).toEqual([500, 1000, 2000]);
    expect(backoffDelay(2, 500, undefined, () => 0.5)).toBe(750);
  });

  it("honours Retry-After seconds, capped at 60, and ignores an HTTP date", () => {
    expect(backoffDelay(1, 500, "3", () => 0)).toBe(3000);
    expect(backoffDelay(1, 500, "0", () => 0)).toBe(0);
    expect(backoffDelay(1, 500, "3600", () => 0)).toBe(60_000);
    expect(backoffDelay(1, 500, "Wed, 21 Oct 2026 07:28:00 GMT", () => 0)).toBe(250);
  });

  it("takes the base from MLPC_RETRY_BASE_MS, else 500", () => {
    expect(retryBase({ MLPC_RETRY_BASE_MS: "10" })).toBe(10);
    expect(retryBase({})).toBe(500);
    expect(retryBase({ MLPC_RETRY_BASE_MS: "soon" })).toBe(500);
  });
});
