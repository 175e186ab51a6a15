import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogEntries } from "../../src/diagnostics/catalog.js";
import { codesMarkdown } from "../../src/diagnostics/reference.js";
import { IN_CI, UPDATE, writeAtomically } from "./update.js";

/**
 * docs/codes.md is generated from the catalog: `npm run docs:codes` (or `npm run golden:update`)
 * rewrites it, and this test fails when the committed file differs from what the catalog gives.
 */
const PATH = fileURLToPath(new URL("../../docs/codes.md", import.meta.url));

describe("docs/codes.md", () => {
  it("is what the catalog generates", () => {
    const expected = codesMarkdown();
    if (UPDATE && !IN_CI) writeAtomically(PATH, expected);
    const committed = existsSync(PATH) ? readFileSync(PATH, "utf8") : "";
    expect(committed, "docs/codes.md differs from the catalog; run npm run docs:codes").toBe(expected);
  });

  it("lists every code of the catalog (a code outside the documented ranges would be left out)", () => {
    const doc = codesMarkdown();
    expect(catalogEntries().filter((e) => !doc.includes(`| ${e.code} |`)).map((e) => e.code)).toEqual([]);
  });
});
