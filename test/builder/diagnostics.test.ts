import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { validate } from "../../src/passes/validate/index.js";
import * as mistakes from "./fixtures/mistakes.js";

const FILE = "test/builder/fixtures/mistakes.ts";

describe("diagnostics of builder code", () => {
  it("point at the user's call sites, with the language's codes", () => {
    const built = buildProgram(mistakes, process.cwd());
    expect(built.diagnostics).toEqual([]);
    const found = validate(built.program!).map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}`);
    expect(found).toContain(`MLP2012 ${FILE}:4`); // the bad quantity, at component()
    expect(found).toContain(`MLP2009 ${FILE}:20`); // the cycle a -> b -> a, at step a
    expect(found).toContain(`MLP2006 ${FILE}:24`); // the second step named "twice"
  });

  it("reports a duration it cannot read at the call site, as the language does (MLP2013)", () => {
    const bad = { p: mistakesWithTimeout() };
    const built = buildProgram(bad, process.cwd());
    expect(built.diagnostics.map((d) => `${d.code} ${d.loc?.file}`)).toEqual([`MLP2013 test/builder/diagnostics.test.ts`]);
  });
});

import { component } from "../../src/index.js";
function mistakesWithTimeout() {
  return component("slow", { image: "ghcr.io/acme/slow:1.0", timeout: "4 hours" });
}

import { pipeline } from "../../src/index.js";

describe("a pipeline body that throws", () => {
  it("is MLP9007 at the line that threw, not a crash", () => {
    const broken = pipeline("broken", {}, () => {
      throw new TypeError("cannot read properties of undefined (reading 'outputs')");
    });
    const built = buildProgram({ broken }, process.cwd());
    expect(built.program).toBeUndefined();
    expect(built.diagnostics.map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}`)).toEqual([`MLP9007 test/builder/diagnostics.test.ts:35`]);
    expect(built.diagnostics[0].message).toContain("reading 'outputs'");
  });
});

import { Str } from "../../src/index.js";

describe("a pipeline body that returns a promise (issue 11, point 4)", () => {
  const hello = component("hello", { image: "alpine:3.20", inputs: { name: Str }, run: ({ name }) => ["echo", name] });
  const codesAt = (exports: Record<string, unknown>) =>
    buildProgram(exports, process.cwd()).diagnostics.map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}:${d.loc?.col}`);

  it("is MLP2081 at the pipeline() call when the body is async, and the rest of the body fails quietly", async () => {
    // TypeScript refuses an async body (a promise is not the outputs); JavaScript, or a cast, does not.
    const later = pipeline("later", {}, (async () => {
      hello({ name: "before" });
      await Promise.resolve();
      hello({ name: "after" }); // runs outside any pipeline: its BuilderError must not surface
    }) as never);
    expect(codesAt({ later })).toEqual(["MLP2081 test/builder/diagnostics.test.ts:53:19"]);
    await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the test run
  });

  it("is MLP2081 for any thenable, and for async bodies of if, else, for and finally, at their calls", () => {
    const thenable = pipeline("thenable", {}, () => ({ then: () => undefined }) as never);
    expect(codesAt({ thenable })).toEqual(["MLP2081 test/builder/diagnostics.test.ts:63:22"]);
    const blocks = pipeline("blocks", { params: { flag: Str } }, (p) => {
      p.if(p.params.flag.eq("a"), async () => void hello({ name: "if" })).else(async () => void hello({ name: "else" }));
      p.for("x", ["a", "b"], async () => void hello({ name: "loop" }));
      p.finally(async () => void hello({ name: "finally" }));
    });
    expect(codesAt({ blocks })).toEqual([
      "MLP2081 test/builder/diagnostics.test.ts:66:9",
      "MLP2081 test/builder/diagnostics.test.ts:66:75",
      "MLP2081 test/builder/diagnostics.test.ts:67:9",
      "MLP2081 test/builder/diagnostics.test.ts:68:9",
    ]);
  });
});
