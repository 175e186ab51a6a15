/**
 * docs/builder.md is generated from the builder's declarations and doc comments
 * (scripts/builder-docs.mjs, `npm run docs:builder`): it must equal what the generator writes now, so
 * the reference cannot drift from the code, and every function, value and option in it says what it is.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without type declarations.
import { builderReference } from "../../scripts/builder-docs.mjs";

const committed = readFileSync(new URL("../../docs/builder.md", import.meta.url), "utf8");
const generated: string = builderReference();

describe("docs/builder.md", () => {
  it("is what `npm run docs:builder` writes from the code today", () => {
    expect(committed).toBe(generated);
  });

  it("lists the builder's functions, among them every one the README uses", () => {
    for (const name of ["component", "pipeline", "tune", "serve", "importer", "range", "choice", "secret", "configMap", "pvc", "emptyDir", "collect", "oneOf"]) {
      expect(generated).toContain(`### \`${name}\``);
    }
  });
});
