import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("the package", () => {
  it("checks a source through the public API", () => {
    const r = api.checkFile("a.mlpipe", api.memoryHost({ "a.mlpipe": `component c { image "x/c:1" run ["true"] }` }));
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.components.map((c) => c.name)).toEqual(["c"]);
  });

  it("has unique catalog codes in their phase's range", () => {
    const entries = api.catalogEntries();
    expect(new Set(entries.map((e) => e.code)).size).toBe(entries.length);
    for (const e of entries) expect(e.code).toMatch(/^MLP[1-9]\d{3}$/);
  });

  it("declares an ESM entry with types, a bin and the Node version", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    expect(pkg.bin).toEqual({ mlpc: "bin/mlpc.js" });
    expect(pkg.engines.node).toBe(">=20.19");
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, version] of Object.entries(deps)) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
