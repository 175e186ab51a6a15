import { describe, expect, it } from "vitest";
import { LIB, expectDiagnostics } from "./support.js";

describe("pipeline-status", () => {
  it("accepts the status and Status inputs inside finally", () => {
    expectDiagnostics(
      `pipeline p {
  notify(message: "go")
  finally {
    report(status: pipeline.status)
    report(channel: "#ops")
    if pipeline.status == "Failed" {
      notify(message: "failed")
    }
  }
}
`,
      [],
    );
  });

  it("reports pipeline.status outside finally, in arguments and conditions", () => {
    expectDiagnostics(
      `pipeline p {
  report(status: pipeline.status)
  if pipeline.status == "Failed" {
    notify(message: "failed")
  }
}
`,
      [
        ["MLP2024", "pipeline.status"],
        ["MLP2024", "pipeline.status", 1],
      ],
    );
  });

  it("reports a component with a Status input run outside finally", () => {
    const src = `pipeline p {\n  report()\n}\n`;
    const [d] = expectDiagnostics(src, [["MLP2024", "report"]]);
    expect(d.related.map((r) => [r.loc.file, r.loc.line])).toEqual([["lib.mlpipe", LIB.split("\n").findIndex((l) => l.includes("input status: Status")) + 1]]);
  });
});
