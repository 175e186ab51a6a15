import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const step = (cache: string) => `pipeline p {\n  notify(message: "x") {\n    ${cache}\n  }\n}\n`;

describe("cache-max-age", () => {
  it("accepts a maxAge with caching on or left to the default", () => {
    expectDiagnostics(step(`cache on maxAge "24h"`), []);
    expectDiagnostics(step(`cache maxAge 1`), []);
    expectDiagnostics(`pipeline p {\n  cache maxAge "2d"\n  notify(message: "x") { cache off }\n}\n`, []);
  });

  it("warns at the maxAge written with cache off: it is not applied", () => {
    const [d] = expectDiagnostics(step(`cache off maxAge "24h"`), [["MLP2151", `"24h"`]]);
    expect(d!.severity).toBe("warning");
    expect(d!.message).toBe("Caching is turned off here, so maxAge is not applied; remove maxAge, or turn caching on.");
  });

  it("reports a maxAge of zero", () => {
    const [d] = expectDiagnostics(step(`cache on maxAge "0s"`), [["MLP2152", `"0s"`]]);
    expect(d!.severity).toBe("error");
    expectDiagnostics(step(`cache off maxAge 0`), [
      ["MLP2152", "0"],
      ["MLP2151", "0"],
    ]);
  });
});
