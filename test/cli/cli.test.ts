import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../../src/cli/targets.js";
import { VALID } from "./support.js";

/**
 * The built CLI, run as users run it: `node bin/mlpc.js …` in a child process (`npm test` builds
 * first). Every run is also checked for stack traces, which users must never see.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(REPO, "bin", "mlpc.js");


/** A syntax error on line 3 (the call is never closed). */
const BROKEN = `pipeline greet {
  param name: String = "world"
  say = hello(name: name
}
`;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let root: string;

function run(args: readonly string[], cwd = root): Run {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.MLPC_DEBUG;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const result = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  // No run, whatever its input, may show a stack trace.
  expect(result.stdout + result.stderr).not.toMatch(/^\s+at .+/m);
  expect(result.stderr).not.toContain("internal error");
  return result;
}

/** Writes `files` (path → text or bytes) under a fresh directory inside the test root. */
function project(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function hasKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKeyDeep(v, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k === key || hasKeyDeep(v, key));
  }
  return false;
}

beforeAll(() => {
  if (!existsSync(join(REPO, "dist", "cli", "main.js"))) {
    throw new Error("dist/cli/main.js is missing; run `npm run build` first (`npm test` does).");
  }
  root = mkdtempSync(join(tmpdir(), "mlpc-cli-"));
});

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe("mlpc (global)", () => {
  it("--version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const r = run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it("--help lists the commands", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check/);
    expect(r.stdout).toMatch(/compile/);
  });

  it("help for a command exits 0", () => {
    for (const args of [["compile", "--help"], ["help", "compile"]]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("--target");
    }
  });

  it("no command is a usage error", () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage:");
  });

  it("an unknown command is a usage error", () => {
    const r = run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mlpc: unknown command 'frobnicate'");
  });

  it("an unknown option is a usage error", () => {
    const r = run(["check", "--frobnicate", "x.mlpipe"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mlpc: unknown option '--frobnicate'");
  });
});

describe("mlpc check", () => {
  it("exits 0 and prints nothing for a valid file", () => {
    project("valid", { "hello.mlpipe": VALID });
    const r = run(["check", "valid/hello.mlpipe"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("exits 1 with tsc-style diagnostics for an invalid file", () => {
    project("broken", { "greet.mlpipe": BROKEN });
    const r = run(["check", "broken/greet.mlpipe"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken\/greet\.mlpipe:\d+:\d+ - error MLP1\d{3}: /m);
    expect(r.stdout).toMatch(/^\d+ .*\n *~+$/m);
    expect(r.stdout).toMatch(/^Found \d+ errors?\.\n$/m);
    expect(r.stdout).not.toContain("\u001b"); // not a terminal: no colour
  });

  it("searches directories recursively, in order, skipping node_modules and dot-directories", () => {
    project("tree", {
      "b.mlpipe": VALID,
      "a/broken.mlpipe": BROKEN,
      "c/d/broken.mlpipe": BROKEN,
      "node_modules/pkg/broken.mlpipe": BROKEN,
      ".cache/broken.mlpipe": BROKEN,
      "notes.txt": "not a pipeline",
    });
    const r = run(["check", "tree", "--format", "json"]);
    expect(r.code).toBe(1);
    const files = [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file))];
    expect(files).toEqual(["tree/a/broken.mlpipe", "tree/c/d/broken.mlpipe"]);
  });

  it("--format json prints a stable array of diagnostics", () => {
    project("json", { "greet.mlpipe": BROKEN });
    const r = run(["check", "--format", "json", "json/greet.mlpipe"]);
    expect(r.code).toBe(1);
    expect(r.stdout.endsWith("]\n")).toBe(true);
    const diags = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(diags.length).toBeGreaterThan(0);
    for (const d of diags) {
      expect(Object.keys(d)).toEqual(["code", "severity", "message", "file", "line", "col", "endLine", "endCol", "related"]);
      expect(d.code).toMatch(/^MLP\d{4}$/);
      expect(d.file).toBe("json/greet.mlpipe");
    }
  });

  it("--format json prints [] for a valid file", () => {
    project("json-ok", { "hello.mlpipe": VALID });
    const r = run(["check", "--format", "json", "json-ok"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("[]\n");
  });

  it("a path that does not exist is MLP9001, exit 2", () => {
    const r = run(["check", "nowhere.mlpipe"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error MLP9001: Cannot read 'nowhere.mlpipe'");
  });

  it("a directory without sources is MLP9002, exit 2", () => {
    mkdirSync(join(root, "empty-dir"), { recursive: true });
    const r = run(["check", "empty-dir"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error MLP9002:");
  });

  it("a directory of pipeline modules only is MLP9048, naming the first module to pass instead", () => {
    project("ts-only", { "b/train.ts": "export {};\n", "a.mts": "export {};\n", "types.d.ts": "export {};\n", "notes.txt": "x" });
    const r = run(["check", "ts-only"]);
    expect(r.code).toBe(2);
    const first = join("ts-only", "a.mts");
    expect(r.stdout).toContain(
      `error MLP9048: No .mlpipe files found in 'ts-only'; pipeline modules such as '${first}' are read only when named on the command line, since most TypeScript in a project is not a pipeline: name them ('${first}').`,
    );
  });

  it("a directory whose only module is a declaration file is plain MLP9002", () => {
    project("dts-only", { "types.d.ts": "export {};\n" });
    const r = run(["check", "dts-only"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error MLP9002: No .mlpipe files found in 'dts-only'.");
  });

  it("a file that is not .mlpipe is MLP9004, exit 2", () => {
    project("txt", { "notes.txt": "hello" });
    const r = run(["check", "txt/notes.txt"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error MLP9004:");
  });

  it("an unreadable path wins over errors in other files: exit 2, all reported", () => {
    project("mixed", { "greet.mlpipe": BROKEN });
    const r = run(["check", "mixed/greet.mlpipe", "missing.mlpipe"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("MLP9001");
    expect(r.stdout).toMatch(/mixed\/greet\.mlpipe:\d+:\d+ - error MLP1/);
  });

  it("prints byte-identical output on every run", () => {
    project("det", { "a.mlpipe": BROKEN, "b/b.mlpipe": BROKEN, "c.mlpipe": VALID });
    for (const args of [["check", "det"], ["check", "det", "--format", "json"]]) {
      const first = run(args);
      const second = run(args);
      expect(second.stdout).toBe(first.stdout);
      expect(second.code).toBe(first.code);
    }
  });
});

describe("mlpc compile", () => {
  it("-t ir prints the program as JSON on stdout", () => {
    project("ir", { "hello.mlpipe": VALID });
    const r = run(["compile", "ir/hello.mlpipe", "-t", "ir"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith("}\n")).toBe(true);
    expect(r.stdout.startsWith('{\n  "kind": "program",')).toBe(true);
    const program = JSON.parse(r.stdout) as { kind: string; pipelines: { name: string }[] };
    expect(program.pipelines.map((p) => p.name)).toEqual(["greet"]);
    expect(hasKeyDeep(program, "loc")).toBe(true);
  });

  it("--no-loc leaves no loc key anywhere", () => {
    project("noloc", { "hello.mlpipe": VALID });
    const r = run(["compile", "noloc/hello.mlpipe", "-t", "ir", "--no-loc"]);
    expect(r.code).toBe(0);
    expect(hasKeyDeep(JSON.parse(r.stdout), "loc")).toBe(false);
    expect(r.stdout).not.toContain('"loc"');
  });

  it("-o DIR writes <name>.ir.json atomically, equal to the stdout form", () => {
    project("out", { "hello.mlpipe": VALID });
    const toStdout = run(["compile", "out/hello.mlpipe", "-t", "ir"]);
    const r = run(["compile", "out/hello.mlpipe", "-t", "ir", "-o", "out/build"]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toBe("");
    expect(readdirSync(join(root, "out/build"))).toEqual(["hello.ir.json"]); // no temporary files left
    expect(readFileSync(join(root, "out/build/hello.ir.json"), "utf8")).toBe(toStdout.stdout);
  });

  it("-t all -o DIR writes the IR and one file set per available back end", () => {
    project("all", { "hello.mlpipe": VALID });
    const r = run(["compile", "all/hello.mlpipe", "-t", "all", "-o", "all/out"]);
    expect(r.code).toBe(0);
    const written = readdirSync(join(root, "all/out"));
    expect(written).toContain("hello.ir.json");
    const extensions = ["ir.json", ...BACKENDS.map((b) => b.extension)];
    for (const f of written) expect(extensions.some((e) => f.endsWith(`.${e}`)), f).toBe(true);
  });

  it("-t all without -o DIR is a usage error", () => {
    project("all-stdout", { "hello.mlpipe": VALID });
    const r = run(["compile", "all-stdout/hello.mlpipe", "-t", "all"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-o DIR");
    expect(r.stdout).toBe("");
  });

  it("an unknown target is a usage error", () => {
    project("badtarget", { "hello.mlpipe": VALID });
    const r = run(["compile", "badtarget/hello.mlpipe", "-t", "yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mlpc: option '-t, --target <target>' argument 'yaml' is invalid");
  });

  it("a known target this build does not have yet is a usage error", () => {
    project("later", { "hello.mlpipe": VALID });
    const missing = (["kfp", "argo", "katib", "kserve"] as const).filter((t) => !BACKENDS.some((b) => b.name === t));
    for (const target of missing) {
      const r = run(["compile", "later/hello.mlpipe", "-t", target, "-o", "later/out"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`target '${target}' is not implemented`);
      expect(existsSync(join(root, "later/out"))).toBe(false);
    }
  });

  it("a missing -t is a usage error", () => {
    project("notarget", { "hello.mlpipe": VALID });
    const r = run(["compile", "notarget/hello.mlpipe"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--target");
  });

  it("with errors prints diagnostics on stderr, exits 1 and writes nothing", () => {
    project("fail", { "hello.mlpipe": VALID, "greet.mlpipe": BROKEN });
    const r = run(["compile", "fail/hello.mlpipe", "fail/greet.mlpipe", "-t", "all", "-o", "fail/out"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/fail\/greet\.mlpipe:\d+:\d+ - error MLP1/);
    expect(existsSync(join(root, "fail/out"))).toBe(false);
  });

  it("writes nothing when a syntax error is in one pipeline and the file's other declarations are valid", () => {
    project("partly", { "both.mlpipe": `${VALID}\npipeline broken {\n  say = hello(name: "x"\n}\n` });
    const r = run(["compile", "partly/both.mlpipe", "-t", "all", "-o", "partly/out"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/partly\/both\.mlpipe:14:1 - error MLP1004/);
    expect(r.stderr).toContain("Found 1 error.");
    expect(existsSync(join(root, "partly/out"))).toBe(false);
  });

  it("with errors leaves an existing output directory as it was", () => {
    project("keep", { "greet.mlpipe": BROKEN, "out/old.ir.json": "{}\n" });
    const r = run(["compile", "keep/greet.mlpipe", "-t", "ir", "-o", "keep/out"]);
    expect(r.code).toBe(1);
    expect(readdirSync(join(root, "keep/out"))).toEqual(["old.ir.json"]);
  });

  it("an output directory that is a file is MLP9003, exit 2", () => {
    project("blocked", { "hello.mlpipe": VALID, "out": "a file" });
    const r = run(["compile", "blocked/hello.mlpipe", "-t", "ir", "-o", "blocked/out"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9003:");
  });

  it("two inputs writing different files of one name is an error, and nothing is written", () => {
    project("clash", { "a/hello.mlpipe": VALID, "b/hello.mlpipe": VALID.replace("world", "moon") });
    const r = run(["compile", "clash/a/hello.mlpipe", "clash/b/hello.mlpipe", "-t", "ir", "-o", "clash/out"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error MLP9003: Cannot write 'clash/out/hello.ir.json'");
    expect(existsSync(join(root, "clash/out"))).toBe(false);
  });

  it("several inputs to stdout is a usage error", () => {
    project("many", { "a.mlpipe": VALID, "b.mlpipe": VALID.replace("pipeline greet", "pipeline greet2") });
    const r = run(["compile", "many/a.mlpipe", "many/b.mlpipe", "-t", "ir"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("ends quietly when the reader of stdout goes away (| head)", () => {
    const steps = Array.from({ length: 400 }, (_, i) => `  s${i} = hello(name: name)`).join("\n");
    project("pipe", { "big.mlpipe": VALID.replace("  say = hello(name: name)", steps) });
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" compile pipe/big.mlpipe -t ir | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("0\n");
    expect(run(["compile", "pipe/big.mlpipe", "-t", "ir"]).stdout.length).toBeGreaterThan(256 * 1024); // more than a pipe holds
  });

  it("writes byte-identical files on every run", () => {
    project("det2", { "hello.mlpipe": VALID });
    run(["compile", "det2/hello.mlpipe", "-t", "all", "-o", "det2/one"]);
    run(["compile", "det2/hello.mlpipe", "-t", "all", "-o", "det2/two"]);
    const one = readdirSync(join(root, "det2/one"));
    expect(readdirSync(join(root, "det2/two"))).toEqual(one);
    for (const f of one) {
      expect(readFileSync(join(root, "det2/two", f))).toEqual(readFileSync(join(root, "det2/one", f)));
    }
  });
});

describe("robustness: hostile input gives diagnostics and exit 1, never a crash", () => {
  const nested = (n: number): string => `pipeline p {\n  x = f(v: ${"{a: ".repeat(n)}1${"}".repeat(n)})\n}\n`;
  const cases: Record<string, string | Uint8Array> = {
    "empty.mlpipe": "",
    "garbage.mlpipe": Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
    "invalid-utf8.mlpipe": Uint8Array.from([...Buffer.from('pipeline p {\n  x = f(v: "'), 0xc3, 0x28, 0xff, 0xfe, ...Buffer.from('")\n}\n')]),
    "nested-braces.mlpipe": "{".repeat(10_000),
    "nested-structs.mlpipe": nested(10_000),
    "long-line.mlpipe": `pipeline p {\n  x = ${"a".repeat(1024 * 1024)} !\n}\n`,
    "self-import.mlpipe": `import "self-import.mlpipe"\n\n${VALID}`,
  };

  for (const [name, content] of Object.entries(cases)) {
    it(name, () => {
      project("hostile", { [name]: content });
      for (const format of ["text", "json"]) {
        const r = run(["check", `hostile/${name}`, "--format", format]);
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(/MLP\d{4}/);
        // Rendering a huge line shows a window around the span, not the megabyte.
        expect(r.stdout.length).toBeLessThan(64 * 1024);
      }
      const c = run(["compile", `hostile/${name}`, "-t", "ir", "-o", "hostile/out"]);
      expect(c.code).toBe(1);
      expect(existsSync(join(root, "hostile/out"))).toBe(false);
    });
  }
});
