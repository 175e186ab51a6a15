import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The KFP back end is a pure function of the resolved IR: it imports only the IR, the resolution pass
 * (its input, `passes/resolve`, and the optimizer's plan, `passes/optimize`), the diagnostics, the YAML writer, the Kubernetes conventions (`src/kubernetes`), the back-end contract and the shared
 * Kubernetes helpers and KServe builder (for deployed serves) — never syntax, front ends, other passes
 * or the CLI — and touches no file, clock, randomness or environment. The YAML
 * writer it uses imports nothing but the number writer beside it (it prints YAML itself).
 */

const SRC = fileURLToPath(new URL("../../../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm), ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

const IMPURE = /\b(?:Date|Math\.random|process|performance|setTimeout|setInterval|crypto|require)\b/;

describe("KFP back end purity", () => {
  const files = sources(join(SRC, "backends", "kfp"));

  it("has source files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = relative(SRC, file);
    it(`${name} imports only src/ir, src/passes/resolve, src/passes/optimize, src/diagnostics, src/output, the back-end contract, the Kubernetes and KServe helpers and its own folder`, () => {
      for (const spec of imports(file)) {
        expect(spec.startsWith("."), `${name}: '${spec}' is a package or built-in module`).toBe(true);
        const target = relative(SRC, resolve(file, "..", spec));
        const allowed = /^(ir|diagnostics|output|kubernetes|passes[\\/](resolve|optimize)|backends[\\/](kfp|kubernetes|kserve))[\\/]/.test(target) || /^backends[\\/](contract|emit)\.js$/.test(target);
        expect(allowed, `${name}: imports ${target}`).toBe(true);
      }
    });
    it(`${name} uses no clock, randomness, process or environment`, () => {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code.match(IMPURE)?.[0], name).toBeUndefined();
    });
  }

  it("the Kubernetes conventions import nothing but the IR and their own folder", () => {
    for (const file of sources(join(SRC, "kubernetes"))) {
      for (const spec of imports(file)) expect(relative(SRC, resolve(file, "..", spec)), relative(SRC, file)).toMatch(/^(ir|kubernetes)[\\/]/);
    }
  });

  it("the YAML writer imports nothing but its own folder (it prints YAML itself)", () => {
    expect(imports(join(SRC, "output", "yaml.ts"))).toEqual(["./numbers.js"]);
    expect(imports(join(SRC, "output", "numbers.ts"))).toEqual([]);
  });
});
