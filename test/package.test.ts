import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
    expect(pkg.exports["./prettier"]).toEqual({ types: "./dist/fmt/plugin.d.ts", import: "./dist/fmt/plugin.js" });
    expect(pkg.bin).toEqual({ mlpc: "bin/mlpc.js" });
    expect(pkg.engines.node).toBe(">=20.19");
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, version] of Object.entries(deps)) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

describe("the packed manifest", () => {
  const script = fileURLToPath(new URL("../scripts/pack-manifest.mjs", import.meta.url));
  const run = (mode: string, dir: string) => spawnSync(process.execPath, [script, mode, dir], { encoding: "utf8" });

  it("is built and stripped of `prepare` when packed, so installing the tarball runs no script", () => {
    expect(pkg.scripts.prepack).toBe("npm run build && node scripts/pack-manifest.mjs strip");
    expect(pkg.scripts.postpack).toBe("node scripts/pack-manifest.mjs restore");
    expect(pkg.files).toContain("dist");
    const dir = mkdtempSync(join(tmpdir(), "mlpc-pack-"));
    try {
      const original = readFileSync(new URL("../package.json", import.meta.url), "utf8");
      writeFileSync(join(dir, "package.json"), original);
      expect(run("strip", dir).status).toBe(0);
      const stripped = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const { prepare, ...rest } = pkg.scripts;
      expect(prepare).toBe("npm run build");
      expect(stripped.scripts).toEqual(rest);
      expect({ ...stripped, scripts: pkg.scripts }).toEqual(pkg);
      // A second strip before a restore would lose the original: refused.
      const again = run("strip", dir);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toContain("an earlier pack did not finish");
      expect(run("restore", dir).status).toBe(0);
      expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(original);
      expect(existsSync(join(dir, "package.json.orig"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
