import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
// @ts-expect-error plain ESM script without type declarations
import { cstSource } from "../../scripts/gen-cst.mjs";

it("src/syntax/cst.generated.ts matches the parser (run `node scripts/gen-cst.mjs` after `npm run build`)", () => {
  const committed = readFileSync(new URL("../../src/syntax/cst.generated.ts", import.meta.url), "utf8");
  expect(committed).toBe(cstSource());
});
