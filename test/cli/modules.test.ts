import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMlpc, writeTree } from "./support.js";

/**
 * Issue 11, points 4 to 6: pipeline modules that are async, end the process or never finish loading,
 * and the compiled-module cache, which must not run code someone else could plant.
 */

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-modules-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const HEAD = `import { component, pipeline, Str } from "mlpc";

export const hello = component("hello", { image: "alpine:3.20", inputs: { name: Str }, run: ({ name }) => ["echo", name] });
`;

/** `mlpc ARGS` in a fresh folder holding `files`, with no module cache unless `cache` is given. */
function runIn(name: string, files: Record<string, string>, args: readonly string[], cache = "") {
  const dir = writeTree(join(root, name), files);
  return { dir, ...runMlpc(args, dir, { env: { MLPC_CACHE_DIR: cache }, timeout: 60_000 }) };
}

describe("an async pipeline body (point 4)", () => {
  it("is MLP2081 at the pipeline() call: exit 1, nothing written, no stack trace", () => {
    const source = `${HEAD}
export default pipeline("later", {}, async () => {
  hello({ name: "before" });
  await Promise.resolve();
  hello({ name: "after" });
});
`;
    const r = runIn("async", { "p.ts": source }, ["compile", "p.ts", "-t", "kfp", "-o", "out"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^p\.ts:5:16 - error MLP2081: The body of pipeline 'later' returns a promise/m);
    expect(r.stderr).not.toContain("BuilderError");
    expect(r.stderr).toMatch(/Found 1 error\.\n$/);
    expect(existsSync(join(r.dir, "out"))).toBe(false);
  });
});

describe("a module that ends the process or never finishes loading (point 5)", () => {
  it("process.exit(0) at the top level is MLP9008 at the call, exit 1", () => {
    const r = runIn("exit-top", { "p.ts": `${HEAD}\nexport default pipeline("p", {}, () => void hello({ name: "x" }));\nprocess.exit(0);\n` }, ["check", "p.ts", "--format", "json"]);
    expect(r.code).toBe(1);
    const [d] = JSON.parse(r.stdout) as { code: string; file: string; line: number; col: number; message: string }[];
    expect([d.code, d.file, d.line, d.col]).toEqual(["MLP9008", "p.ts", 6, 9]);
    expect(d.message).toContain("process.exit(0)");
  });

  it("process.exit() in a pipeline body is MLP9008 at the call, exit 1, nothing written", () => {
    const r = runIn("exit-body", { "p.ts": `${HEAD}\nexport default pipeline("p", {}, () => {\n  hello({ name: "x" });\n  process.exit();\n});\n` }, ["compile", "p.ts", "-t", "ir", "-o", "out"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^p\.ts:7:11 - error MLP9008: The pipeline module calls process\.exit\(\), /m);
    expect(existsSync(join(r.dir, "out"))).toBe(false);
  });

  it("a top-level await that never settles is MLP9009, exit 1 (not Node's 13)", () => {
    const r = runIn("stalled", { "p.ts": `${HEAD}\nawait new Promise(() => {});\nexport default pipeline("p", {}, () => void hello({ name: "x" }));\n` }, ["check", "p.ts"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^p\.ts:1:1 - error MLP9009: Loading 'p\.ts' cannot finish: /m);
  });

  it("other sources are still checked after a module that never settles", () => {
    const r = runIn(
      "stalled-and-more",
      { "a.ts": `${HEAD}\nawait new Promise(() => {});\n`, "b.mlpipe": "pipeline p {\n" },
      ["check", "a.ts", "b.mlpipe", "--format", "json"],
    );
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { code: string }[]).map((d) => d.code)).toEqual(["MLP9009", "MLP1005"]);
  });
});

describe("the compiled-module cache (point 6)", () => {
  const MODULE = `${HEAD}\nexport default pipeline("p", {}, () => void hello({ name: "x" }));\n`;

  /** Fills a fresh cache for p.ts and plants code in its entry; returns the project and the cache. */
  function planted(name: string): { files: Record<string, string>; cache: string } {
    const cache = join(root, `${name}-cache`);
    const first = runIn(name, { "p.ts": MODULE }, ["check", "p.ts"], cache);
    expect(first.code).toBe(0);
    const jiti = join(cache, "jiti");
    const entries = readdirSync(jiti);
    expect(entries).toHaveLength(1);
    const entry = join(jiti, entries[0]);
    const text = readFileSync(entry, "utf8");
    const header = text.slice(0, text.indexOf("\n") + 1);
    writeFileSync(entry, `${header}console.error("PLANTED");\n${text.slice(header.length)}`);
    // The planted entry runs when the cache is trusted: this is what the checks below must prevent.
    const trusted = runIn(name, {}, ["check", "p.ts"], cache);
    expect(trusted.stderr).toContain("PLANTED");
    return { files: {}, cache };
  }

  it("keeps its folder 0700 and its entries 0600", () => {
    const cache = join(root, "fresh-cache");
    expect(runIn("fresh", { "p.ts": MODULE }, ["check", "p.ts"], cache).code).toBe(0);
    expect(statSync(join(cache, "jiti")).mode & 0o777).toBe(0o700);
    for (const e of readdirSync(join(cache, "jiti"))) expect(statSync(join(cache, "jiti", e)).mode & 0o777).toBe(0o600);
  });

  it("is not used when group or others can write to it: one line on stderr, nothing planted runs", () => {
    const { cache } = planted("writable");
    chmodSync(cache, 0o777);
    const r = runIn("writable", {}, ["check", "p.ts"], cache);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `mlpc: not using the module cache '${cache}': group or others can write to it; fix that, or set MLPC_CACHE_DIR to a directory of yours (empty: no cache).\n`,
    );
  });

  it("does not run an entry that group or others can write to", () => {
    const { cache } = planted("entry");
    for (const e of readdirSync(join(cache, "jiti"))) chmodSync(join(cache, "jiti", e), 0o666);
    const r = runIn("entry", {}, ["check", "p.ts"], cache);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it.skipIf(process.getuid?.() !== 0)("is not used when another user owns it (run as root to chown)", () => {
    const { cache } = planted("owner");
    chownSync(cache, 65534, 65534);
    const r = runIn("owner", {}, ["check", "p.ts"], cache);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `mlpc: not using the module cache '${cache}': it belongs to another user (uid 65534); fix that, or set MLPC_CACHE_DIR to a directory of yours (empty: no cache).\n`,
    );
  });

  it("an empty MLPC_CACHE_DIR keeps no cache", () => {
    const home = join(root, "home");
    mkdirSync(home);
    const r = runMlpc(["check", "p.ts"], writeTree(join(root, "nocache"), { "p.ts": MODULE }), { env: { MLPC_CACHE_DIR: "", HOME: home, XDG_CACHE_HOME: undefined } });
    expect(r.code).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
