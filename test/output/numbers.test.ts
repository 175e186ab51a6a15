import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainNumber } from "../../src/output/numbers.js";

describe("plainNumber", () => {
  it.each([
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [-2.5, "-2.5"],
    [0.000001, "0.000001"],
    [0.0000001, "0.0000001"],
    [-1.5e-7, "-0.00000015"],
    [123456789e-15, "0.000000123456789"],
    [1e21, "1000000000000000000000"],
    [1e23, "100000000000000000000000"],
    [-1.25e22, "-12500000000000000000000"],
    [123456789012345680000, "123456789012345680000"],
    [2 ** 53 + 2, "9007199254740994"],
    [5e-324, `0.${"0".repeat(323)}5`],
  ])("writes %s as %s", (n, text) => {
    expect(plainNumber(n)).toBe(text);
  });

  it("writes Number.MAX_VALUE as its 309 digits", () => {
    expect(plainNumber(Number.MAX_VALUE)).toBe(`17976931348623157${"0".repeat(292)}`);
  });

  it("writes every finite double as plain decimal that reads back as the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = plainNumber(n);
        expect(text).toMatch(/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
      { seed: 7, numRuns: 5_000 },
    );
  });

  it("throws for values that are not finite numbers (a bug in the caller)", () => {
    expect(() => plainNumber(Number.NaN)).toThrow();
    expect(() => plainNumber(Infinity)).toThrow();
  });
});
