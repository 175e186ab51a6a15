import { describe, expect, it } from "vitest";
import { parseQuantity, quantityHint } from "../../src/kubernetes/quantity.js";

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["9m", 0.009], // m divides by 1000, as the KFP SDK computes it (9 * 1e-3 is 0.009000000000000001)
    ["2", 2],
    ["1.5", 1.5],
    [".5", 0.5],
    ["8Gi", 8 * 2 ** 30],
    ["1G", 1e9],
    ["1e3", 1000],
    ["1E", 1e18],
    ["12k", 12000],
    ["-1", -1],
  ])("reads %s", (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(["", "8Gb", "8GB", "8gi", "8 Gi", "2 cores", "1.2.3", "Gi", "8K", "1e"])("rejects %j", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe("quantityHint", () => {
  it.each([
    ["8Gb", "8Gi"],
    ["8GB", "8G"],
    ["8gi", "8Gi"],
    ["8GiB", "8Gi"],
    ["8 Gi", "8Gi"],
    ["500 m", "500m"],
    ["4K", "4k"],
    ["4Kb", "4Ki"],
  ])("suggests %s -> %s", (text, fix) => {
    expect(quantityHint(text)).toBe(` Did you mean '${fix}'?`);
  });

  it("explains the format when there is no obvious fix", () => {
    expect(quantityHint("lots")).toContain("Ki, Mi, Gi");
    expect(quantityHint("  ")).toContain("empty");
  });
});
