import { spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cliEnv, REPO, runMlpc, writeTree } from "../cli/support.js";

const MESSY = 'pipeline p {\n    s = c(a: 1)\n\n\n    longer = c()   # why\n}\n';
const TIDY = "pipeline p {\n  s = c(a: 1)\n\n  longer = c()  # why\n}\n";
const BROKEN = "pipeline p {\n  s = c(a: 1\n}\n";

let root: string;
const roots: string[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-fmt-"));
  roots.push(root);
});
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe("mlpc fmt", () => {
  it("rewrites the files of a directory that are not formatted and leaves no temporary file", () => {
    writeTree(root, { "a.mlpipe": MESSY, "sub/b.mlpipe": TIDY, "notes.txt": "x" });
    const r = runMlpc(["fmt", "."], root);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(root, "a.mlpipe"), "utf8")).toBe(TIDY);
    expect(readFileSync(join(root, "sub", "b.mlpipe"), "utf8")).toBe(TIDY);
    expect(readdirSync(root).sort()).toEqual(["a.mlpipe", "notes.txt", "sub"]);
  });

  it("with --check lists the files that would change, exits 1 and writes nothing", () => {
    writeTree(root, { "a.mlpipe": MESSY, "b.mlpipe": TIDY, "c.mlpipe": MESSY });
    const r = runMlpc(["fmt", "--check", "c.mlpipe", "b.mlpipe", "a.mlpipe"], root);
    expect(r).toEqual({ code: 1, stdout: "c.mlpipe\na.mlpipe\n", stderr: "" });
    expect(readFileSync(join(root, "a.mlpipe"), "utf8")).toBe(MESSY);
    expect(runMlpc(["fmt", "--check", "b.mlpipe"], root)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("leaves a file with a syntax error as it is, reports the error with its location and exits 1, formatting the others", () => {
    writeTree(root, { "bad.mlpipe": BROKEN, "good.mlpipe": MESSY });
    const r = runMlpc(["fmt", "bad.mlpipe", "good.mlpipe"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bad\.mlpipe:3:1 - error MLP1004: /);
    expect(readFileSync(join(root, "bad.mlpipe"), "utf8")).toBe(BROKEN);
    expect(readFileSync(join(root, "good.mlpipe"), "utf8")).toBe(TIDY);
  });

  it("formats standard input to standard output", () => {
    expect(runMlpc(["fmt", "-"], root, { input: MESSY })).toEqual({ code: 0, stdout: TIDY, stderr: "" });
    expect(runMlpc(["fmt", "--check", "-"], root, { input: MESSY })).toEqual({ code: 1, stdout: "<stdin>\n", stderr: "" });
  });

  it("refuses a pipeline module with MLP9050 and a missing path with MLP9001 (exit 2)", () => {
    writeTree(root, { "p.ts": "export {};\n" });
    const ts = runMlpc(["fmt", "p.ts"], root);
    expect(ts.code).toBe(2);
    expect(ts.stderr).toContain("error MLP9050: 'p.ts' is a pipeline module; mlpc fmt formats .mlpipe files");
    const missing = runMlpc(["fmt", "nope.mlpipe"], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error MLP9001: Cannot read 'nope.mlpipe'");
  });

  it("uses the prettier options of the file's .prettierrc", () => {
    writeTree(root, { ".prettierrc": '{ "tabWidth": 4 }\n', "a.mlpipe": MESSY });
    expect(runMlpc(["fmt", "a.mlpipe"], root).code).toBe(0);
    expect(readFileSync(join(root, "a.mlpipe"), "utf8")).toBe(TIDY.replace(/^ {2}/gm, "    "));
  });

  it("reports a prettier configuration it cannot use with MLP9051 (exit 2) and leaves the file alone", () => {
    writeTree(root, { ".prettierrc": '{ "printWidth": "wide" }\n', "a.mlpipe": MESSY, "neg/.prettierrc": '{ "tabWidth": -3 }\n', "neg/b.mlpipe": MESSY });
    const r = runMlpc(["fmt", "a.mlpipe", "neg/b.mlpipe"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error MLP9051: Cannot use the prettier configuration for 'a.mlpipe': Invalid printWidth value. Expected an integer, but received "wide".`);
    expect(r.stderr).toContain("error MLP9051: Cannot use the prettier configuration for 'neg/b.mlpipe': ");
    expect(readFileSync(join(root, "a.mlpipe"), "utf8")).toBe(MESSY);
    expect(readFileSync(join(root, "neg", "b.mlpipe"), "utf8")).toBe(MESSY);
    // Where prettier would colour its message (a CI, FORCE_COLOR), the diagnostic carries no escapes.
    const coloured = runMlpc(["fmt", "a.mlpipe"], root, { env: { FORCE_COLOR: "1", CI: "true" } });
    expect(coloured.stderr).toContain(`'a.mlpipe': Invalid printWidth value. Expected an integer, but received "wide".`);
    expect(coloured.stderr).not.toContain("\u001b[");
  });

  it("formats a symbolic link's file and keeps the link", () => {
    writeTree(root, { "real/a.mlpipe": MESSY });
    symlinkSync(join(root, "real", "a.mlpipe"), join(root, "link.mlpipe"));
    expect(runMlpc(["fmt", "link.mlpipe"], root)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lstatSync(join(root, "link.mlpipe")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, "real", "a.mlpipe"), "utf8")).toBe(TIDY);
  });

  it("finds the examples formatted", () => {
    expect(runMlpc(["fmt", "--check", "examples/"], REPO)).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("prettier --plugin mlpc/prettier", () => {
  it("checks the examples from the command line", () => {
    const r = spawnSync(process.execPath, [join(REPO, "node_modules", "prettier", "bin", "prettier.cjs"), "--plugin", "mlpc/prettier", "--check", "examples/**/*.mlpipe"], {
      cwd: REPO,
      env: cliEnv(),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Checking formatting...\nAll matched files use Prettier code style!\n");
    expect(r.status).toBe(0);
  });

  it("writes a file as mlpc fmt does", () => {
    writeTree(root, { "a.mlpipe": MESSY });
    const r = spawnSync(process.execPath, [join(REPO, "node_modules", "prettier", "bin", "prettier.cjs"), "--plugin", "mlpc/prettier", "--write", join(root, "a.mlpipe")], {
      cwd: REPO,
      env: cliEnv(),
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(readFileSync(join(root, "a.mlpipe"), "utf8")).toBe(TIDY);
  });
});
