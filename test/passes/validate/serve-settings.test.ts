import { describe, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const serve = (body: string) => `serve m {\n  model sklearn from "s3://acme/models/m"\n${body}}\n`;

describe("serve-settings", () => {
  it("accepts a canary within 0-100% and an ordered replica range", () => {
    expectDiagnostics(serve(`  replicas 0 .. 5\n  canary 100%\n  scale concurrency 10\n`), []);
  });

  it("reports a canary above 100%, a replica range that runs backwards and a zero scale target", () => {
    expectDiagnostics(serve(`  replicas 5 .. 2\n  canary 120%\n  scale rps 0\n`), [
      ["MLP2141", "serve «m»"],
      ["MLP2138", "canary 120%"],
      ["MLP2142", "scale «rps»"],
    ]);
  });
});
