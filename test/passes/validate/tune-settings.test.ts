import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const tune = (body: string) => `tune t of sweep {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n${body}}\n`;

describe("tune-settings", () => {
  it("accepts a budget that fits and metrics the component outputs", () => {
    expectDiagnostics(tune(`  trials 20 parallel 4 failures 3\n  metrics [accuracy]\n  search depth: Int in 1 .. 8\n`), []);
  });

  it("reports more parallel or failed trials than trials, and an empty search range", () => {
    expectDiagnostics(tune(`  trials 5 parallel 8 failures 6\n  search depth: Int in 8 .. 2\n`), [
      ["MLP2145", "tune «t»"],
      ["MLP2146", "tune «t»"],
      ["MLP2147", "search «depth»"],
    ]);
  });

  it("reports zero trials", () => {
    expectDiagnostics(tune(`  trials 0\n`), [["MLP2143", "tune «t»"]]);
  });

  it("reports an objective or additional metric the component does not output", () => {
    const ds = expectDiagnostics(
      `tune t of sweep {\n  objective minimize los\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n  metrics [f1]\n}\n`,
      [
        ["MLP2052", "los"],
        ["MLP2052", "f1"],
      ],
    );
    expect(ds[0].message).toContain("Did you mean 'loss'?");
  });

  it("reports a metric that is not a number", () => {
    const judge = `component judge {\n  image "ghcr.io/acme/judge:1.0"\n  input lr: Float\n  output verdict: String\n  output report: Metrics\n  run ["judge", lr, verdict.path, report.path]\n}\n`;
    expectDiagnostics(judge + `tune t of judge {\n  objective maximize verdict\n  algorithm random\n  search lr: Float in 0.1 .. 1\n  metrics [report]\n}\n`, [
      ["MLP2054", "maximize «verdict»"],
      ["MLP2054", "[«report»]"],
    ]);
  });
});
