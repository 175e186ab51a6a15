import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { main, type Io } from "../../src/cli/main.js";

/** Set when anything imports prettier (the formatter) or its document builders (the plugin). */
const state = vi.hoisted(() => ({ loaded: [] as string[] }));
vi.mock("prettier", async (importOriginal) => {
  state.loaded.push("prettier");
  return importOriginal();
});
vi.mock("prettier/doc", async (importOriginal) => {
  state.loaded.push("prettier/doc");
  return importOriginal();
});

const EXAMPLE = fileURLToPath(new URL("../../examples/tabular_training.mlpipe", import.meta.url));

function io(): Io {
  return { stdout: () => undefined, stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, cwd: process.cwd(), env: {} };
}

describe("prettier is loaded by fmt only", () => {
  it("check, lint and compile do not load it; fmt does", async () => {
    expect(await main(["check", EXAMPLE], io())).toBe(0);
    expect(await main(["lint", EXAMPLE], io())).toBe(0);
    expect(await main(["compile", "-t", "all", "-o", "-", EXAMPLE], io())).toBe(2);
    expect(await main(["compile", "-t", "kfp", "--pipeline", "fraud_training", EXAMPLE], io())).toBe(0);
    expect(state.loaded).toEqual([]);
    expect(await main(["fmt", "--check", EXAMPLE], io())).toBe(0);
    expect(state.loaded.sort()).toEqual(["prettier", "prettier/doc"]);
  });
});
