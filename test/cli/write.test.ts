import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFilesAtomically, type WriteFs } from "../../src/cli/write.js";
import { runMlpc, VALID, WITH_SERVE, writeTree } from "./support.js";

/** Issue 11, points 1 and 3: a compile writes all its files or none, and never hangs on a folder. */

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-write-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const files = [
  { name: "a.ir.json", content: "new a\n" },
  { name: "b.kfp.yaml", content: "new b\n" },
  { name: "c.argo.yaml", content: "new c\n" },
];

/** Renames that fail, with `code`, on the `nth` call; `renames()` counts the calls. */
function failingRename(nth: number, code: string): WriteFs & { renames: () => number } {
  let calls = 0;
  return {
    rename: (from, to) => {
      if (++calls === nth) throw Object.assign(new Error(code), { code });
      renameSync(from, to);
    },
    renames: () => calls,
  };
}

/** Every file under `dir` with its text. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("writeFilesAtomically", () => {
  it("puts the old files back and leaves no new one when a rename fails midway", async () => {
    const dir = writeTree(join(root, "midway"), { "a.ir.json": "old a\n", "c.argo.yaml": "old c\n" });
    const before = snapshot(dir);
    // Two files moved aside, then two renamed into place: the fifth rename fails.
    const fs = failingRename(5, "ENOSPC");
    const diagnostics = await writeFilesAtomically("midway", files, root, fs);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["MLP9003", "Cannot write 'midway/c.argo.yaml': no space left on the device."]]);
    expect(fs.renames()).toBeGreaterThan(5); // the two old files were renamed back
    expect(snapshot(dir)).toEqual(before);
  });

  it("puts the old files back when moving one aside fails", async () => {
    const dir = writeTree(join(root, "aside"), { "a.ir.json": "old a\n", "c.argo.yaml": "old c\n" });
    const before = snapshot(dir);
    const diagnostics = await writeFilesAtomically("aside", files, root, failingRename(2, "EACCES"));
    expect(diagnostics.map((d) => d.code)).toEqual(["MLP9003"]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("checks every target path before writing anything", async () => {
    const dir = writeTree(join(root, "check"), { "a.ir.json": "old a\n" });
    mkdirSync(join(dir, "b.kfp.yaml"));
    mkdirSync(join(dir, "c.argo.yaml"));
    const diagnostics = await writeFilesAtomically("check", files, root);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "Cannot write 'check/b.kfp.yaml': is a directory.",
      "Cannot write 'check/c.argo.yaml': is a directory.",
    ]);
    expect(readdirSync(dir).sort()).toEqual(["a.ir.json", "b.kfp.yaml", "c.argo.yaml"]);
    expect(readFileSync(join(dir, "a.ir.json"), "utf8")).toBe("old a\n");
  });

  it("replaces existing files and leaves no temporary or backup file", async () => {
    const dir = writeTree(join(root, "replace"), { "a.ir.json": "old a\n", "keep.txt": "mine\n" });
    expect(await writeFilesAtomically("replace", files, root)).toEqual([]);
    expect(snapshot(dir)).toEqual({ "a.ir.json": "new a\n", "b.kfp.yaml": "new b\n", "c.argo.yaml": "new c\n", "keep.txt": "mine\n" });
  });
});

describe("mlpc compile -o DIR", () => {
  it("writes nothing when one target path of -t all is a directory (MLP9003, exit 2)", () => {
    const dir = writeTree(join(root, "blocked"), { "a.mlpipe": WITH_SERVE, "out/greet.kfp.yaml": "old\n" });
    mkdirSync(join(dir, "out", "scorer.kserve.yaml"));
    const r = runMlpc(["compile", "a.mlpipe", "-t", "all", "-o", "out"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9003: Cannot write 'out/scorer.kserve.yaml': is a directory.");
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["greet.kfp.yaml", "scorer.kserve.yaml"]);
    expect(readFileSync(join(dir, "out", "greet.kfp.yaml"), "utf8")).toBe("old\n");
  });

  it("an output folder that cannot be created is MLP9003, exit 2, without hanging (/proc/nope)", () => {
    const dir = writeTree(join(root, "proc"), { "a.mlpipe": VALID });
    const r = runMlpc(["compile", "a.mlpipe", "-t", "kfp", "-o", "/proc/nope"], dir, { timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9003: Cannot write '/proc/nope': no such file or directory.");
    expect(existsSync("/proc/nope")).toBe(false);
  }, 30_000);

  it("an output folder under a file is MLP9003, exit 2", () => {
    const dir = writeTree(join(root, "underfile"), { "a.mlpipe": VALID, "f": "a file\n" });
    const r = runMlpc(["compile", "a.mlpipe", "-t", "kfp", "-o", "f/out"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9003: Cannot write 'f/out': a part of the path is not a directory.");
  });

  it("creates missing parent folders", () => {
    const dir = writeTree(join(root, "parents"), { "a.mlpipe": VALID });
    const r = runMlpc(["compile", "a.mlpipe", "-t", "kfp", "-o", "x/y/z"], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "x/y/z"))).toEqual(["greet.kfp.yaml"]);
  });
});
