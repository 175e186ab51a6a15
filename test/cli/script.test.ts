import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Pipeline modules (`.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) through the built CLI, run as users
 * run it: `node bin/mlpc.js …` in a child process (`npm test` builds first), in a temporary directory
 * outside the repository, without node_modules, so that `import … from "mlpc"` can only work through
 * the CLI's alias. Every run is checked for stack traces.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(REPO, "bin", "mlpc.js");
const FIXTURES = join(REPO, "test", "cli", "fixtures");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let root: string;
let cache: string;

function spawn(args: readonly string[], cwd: string, env: Record<string, string | undefined>): Run {
  const full: Record<string, string | undefined> = { ...process.env, MLPC_CACHE_DIR: cache, ...env };
  delete full.NO_COLOR;
  delete full.FORCE_COLOR;
  for (const k of Object.keys(full)) if (k.startsWith("JITI_") || full[k] === undefined) delete full[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: full as NodeJS.ProcessEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `mlpc ARGS` in `cwd`: never a stack trace, a code frame or an internal error. */
function run(args: readonly string[], cwd = root, env: Record<string, string | undefined> = {}): Run {
  const r = spawn(args, cwd, { MLPC_DEBUG: undefined, ...env });
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(/^\s+at .+/m);
  expect(all).not.toMatch(/^\s*> ?\d+ \|/m); // Babel's code frame
  expect(all).not.toContain("node_modules/jiti");
  expect(r.stderr).not.toContain("internal error");
  return r;
}

/** Writes `files` (path → text) under a fresh directory of the test root and returns its name. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return name;
}

/** A copy of the churn fixture (churn.ts, churn-components.ts, churn.mlpipe) in a fresh directory. */
function churn(name: string): string {
  mkdirSync(join(root, name), { recursive: true });
  for (const f of ["churn.ts", "churn-components.ts", "churn.mlpipe"]) cpSync(join(FIXTURES, f), join(root, name, f));
  return name;
}

/** 1-based line and column of the first `needle` in `text` at or after the line containing `after`. */
function position(text: string, needle: string, after = ""): { line: number; col: number } {
  const start = after === "" ? 0 : text.indexOf(after);
  expect(start, `'${after}' in the fixture`).toBeGreaterThanOrEqual(0);
  const at = text.indexOf(needle, start);
  expect(at, `'${needle}' in the fixture`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, col: at - before.lastIndexOf("\n") };
}

interface Loc {
  file: string;
  line: number;
  col: number;
}

/** Every object with a `kind` and a `loc` in the IR, in document order. */
function located(value: unknown, out: { kind: string; name?: string; loc: Loc }[] = []): { kind: string; name?: string; loc: Loc }[] {
  if (Array.isArray(value)) value.forEach((v) => located(v, out));
  else if (value !== null && typeof value === "object") {
    const o = value as { kind?: string; name?: string; loc?: Loc };
    if (typeof o.kind === "string" && o.loc !== undefined) out.push({ kind: o.kind, name: o.name, loc: o.loc });
    for (const [k, v] of Object.entries(value)) if (k !== "loc") located(v, out);
  }
  return out;
}

beforeAll(() => {
  if (!existsSync(join(REPO, "dist", "cli", "load-script.js"))) {
    throw new Error("dist/cli/load-script.js is missing; run `npm run build` first (`npm test` does).");
  }
  root = mkdtempSync(join(tmpdir(), "mlpc-script-"));
  cache = join(root, ".cache");
});

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe("a pipeline module importing 'mlpc', outside the repository and without node_modules", () => {
  it("checks: exit 0, no error (check runs every target's checks: their warnings are printed)", () => {
    const dir = churn("check-ok");
    expect(existsSync(join(root, dir, "node_modules"))).toBe(false);
    const r = run(["check", `${dir}/churn.ts`]);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/ - error /);
    expect(r.code).toBe(0);
  });

  it("compiles to the same IR as the .mlpipe of the same pipeline, byte for byte", () => {
    const dir = churn("same-ir");
    const ts = run(["compile", `${dir}/churn.ts`, "-t", "ir", "--no-loc"]);
    const dsl = run(["compile", `${dir}/churn.mlpipe`, "-t", "ir", "--no-loc"]);
    expect(ts.stderr).toBe("");
    expect(ts.code).toBe(0);
    expect(dsl.code).toBe(0);
    expect(ts.stdout.length).toBeGreaterThan(1000);
    expect(ts.stdout).toBe(dsl.stdout);
  });

  it("locates everything at the user's calls, in both modules, as the text reads (types stripped move nothing)", () => {
    const dir = churn("locations");
    const r = run(["compile", `${dir}/churn.ts`, "-t", "ir"]);
    expect(r.code).toBe(0);
    const nodes = located(JSON.parse(r.stdout));
    const files = new Set(nodes.map((n) => n.loc.file));
    expect([...files].sort()).toEqual([`${dir}/churn-components.ts`, `${dir}/churn.ts`]);

    const main = readFileSync(join(FIXTURES, "churn.ts"), "utf8");
    const components = readFileSync(join(FIXTURES, "churn-components.ts"), "utf8");
    const at = (kind: string, name?: string) => {
      const n = nodes.find((x) => x.kind === kind && (name === undefined || x.name === name));
      expect(n, `${kind} ${name ?? ""}`).toBeDefined();
      return { file: n!.loc.file, line: n!.loc.line, col: n!.loc.col };
    };
    // After `const rows: Step<{ … }> = `: the annotation Babel strips must not shift the column.
    expect(at("step", "rows")).toEqual({ file: `${dir}/churn.ts`, ...position(main, "extract(", "const rows") });
    expect(at("step", "model")).toEqual({ file: `${dir}/churn.ts`, ...position(main, "fit(", "const model") });
    expect(at("pipeline", "churn")).toEqual({ file: `${dir}/churn.ts`, ...position(main, "pipeline(", "export default") });
    expect(at("condition")).toEqual({ file: `${dir}/churn.ts`, ...position(main, "if(", "p.if") });
    expect(at("component", "extract")).toEqual({ file: `${dir}/churn-components.ts`, ...position(components, "component(", "export const extract") });
    expect(at("component", "report")).toEqual({ file: `${dir}/churn-components.ts`, ...position(components, "component(", "export const report") });
  });

  it("writes <name>.ir.json with -o DIR, equal to the stdout form", () => {
    const dir = churn("out");
    const toStdout = run(["compile", `${dir}/churn.ts`, "-t", "ir"]);
    const r = run(["compile", `${dir}/churn.ts`, "-t", "ir", "-o", `${dir}/build`]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toBe("");
    expect(readdirSync(join(root, dir, "build"))).toEqual(["churn.ir.json"]);
    expect(readFileSync(join(root, dir, "build", "churn.ir.json"), "utf8")).toBe(toStdout.stdout);
  });

  it("sends the module's console output to stderr, so that stdout stays the compiled output", () => {
    const dir = churn("console");
    const main = join(root, dir, "churn.ts");
    const original = readFileSync(main, "utf8");
    writeFileSync(main, `console.log("top-level print");\n${original.replace("(p) => {", '(p) => {\n    console.info("body print");')}`);
    const r = run(["compile", `${dir}/churn.ts`, "-t", "ir", "--no-loc"]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toContain("top-level print");
    expect(r.stderr).toContain("body print");
  });

  it("prints byte-identical output on every run, whether the compiled module comes from the cache or not", () => {
    const dir = churn("det");
    const fresh = join(root, "det-cache");
    const cold = run(["compile", `${dir}/churn.ts`, "-t", "ir"], root, { MLPC_CACHE_DIR: fresh });
    expect(readdirSync(join(fresh, "jiti")).length).toBeGreaterThan(0); // both modules were stored
    const warm = run(["compile", `${dir}/churn.ts`, "-t", "ir"], root, { MLPC_CACHE_DIR: fresh });
    const none = run(["compile", `${dir}/churn.ts`, "-t", "ir"], root, { MLPC_CACHE_DIR: "" });
    expect(cold.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(none.stdout).toBe(cold.stdout);
  });

  it("keeps its cache in ~/.cache/mlpc by default, and none when MLPC_CACHE_DIR is empty", () => {
    const dir = churn("cache-place");
    const home = join(root, "cache-home");
    mkdirSync(home);
    const none = run(["check", `${dir}/churn.ts`], root, { MLPC_CACHE_DIR: "", HOME: home, XDG_CACHE_HOME: undefined });
    expect(none.code).toBe(0);
    expect(readdirSync(home)).toEqual([]);
    const byDefault = run(["check", `${dir}/churn.ts`], root, { MLPC_CACHE_DIR: undefined, HOME: home, XDG_CACHE_HOME: undefined });
    expect(byDefault.code).toBe(0);
    expect(readdirSync(join(home, ".cache", "mlpc", "jiti")).length).toBe(2); // churn.ts and churn-components.ts
  });

  it("loads .mjs and .cjs modules (CommonJS require('mlpc') too) as the same pipeline", () => {
    const component = `component("hello", { image: "alpine:3.20", inputs: { name: Str }, run: ({ name }) => ["echo", name] })`;
    const body = `pipeline("greet", { params: { name: Str.default("world") } }, (p) => { hello({ name: p.params.name }); })`;
    const dir = project("module-kinds", {
      "greet.mlpipe": `component hello {\n  image "alpine:3.20"\n  input name: String\n  run ["echo", name]\n}\n\npipeline greet {\n  param name: String = "world"\n  hello(name: name)\n}\n`,
      "greet.mjs": `import { component, pipeline, Str } from "mlpc";\nexport const hello = ${component};\nexport default ${body};\n`,
      "greet.cjs": `const { component, pipeline, Str } = require("mlpc");\nconst hello = ${component};\nmodule.exports = ${body};\n`,
      "greet.mts": `import { component, pipeline, Str } from "mlpc";\nconst hello = ${component};\nconst name: string = "greet";\nexport const greet = ${body.replace('"greet"', "name")};\n`,
    });
    const expected = run(["compile", `${dir}/greet.mlpipe`, "-t", "ir", "--no-loc"]);
    expect(expected.code).toBe(0);
    for (const file of ["greet.mjs", "greet.cjs", "greet.mts"]) {
      const r = run(["compile", `${dir}/${file}`, "-t", "ir", "--no-loc"]);
      expect(r.stderr, file).toBe("");
      expect(r.stdout, file).toBe(expected.stdout);
    }
  });

  it("uses this mlpc, not a different one in the project's node_modules, for ES modules Node loads itself", () => {
    const dir = project("other-mlpc", {
      // Another installation, which loads fine but builds nothing: used anywhere, the output differs.
      "node_modules/mlpc/package.json": JSON.stringify({ name: "mlpc", version: "0.0.0", type: "module", exports: "./index.js" }),
      "node_modules/mlpc/index.js": `export const Str = {};\nexport const pipeline = () => ({});\nexport const component = () => () => ({ outputs: {} });\n`,
      "components.mjs": `import { component, Str } from "mlpc";\nexport const hello = component("hello", { image: "alpine:3.20", inputs: { name: Str }, run: ({ name }) => ["echo", name] });\n`,
      "greet.ts": `import { pipeline, Str } from "mlpc";\nimport { hello } from "./components.mjs";\nexport default pipeline("greet", { params: { name: Str.default("world") } }, (p) => {\n  hello({ name: p.params.name });\n});\n`,
      "greet.mlpipe": `component hello {\n  image "alpine:3.20"\n  input name: String\n  run ["echo", name]\n}\n\npipeline greet {\n  param name: String = "world"\n  hello(name: name)\n}\n`,
    });
    const r = run(["compile", `${dir}/greet.ts`, "-t", "ir", "--no-loc"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(run(["compile", `${dir}/greet.mlpipe`, "-t", "ir", "--no-loc"]).stdout);
  });
});

describe("the builder's own fixture, importing the repository's sources", () => {
  it("compile basic.ts -t ir --no-loc equals compile basic.mlpipe, byte for byte", () => {
    const ts = run(["compile", "test/builder/fixtures/basic.ts", "-t", "ir", "--no-loc"], REPO);
    const dsl = run(["compile", "test/builder/fixtures/basic.mlpipe", "-t", "ir", "--no-loc"], REPO);
    expect(ts.stderr).toBe("");
    expect(ts.code).toBe(0);
    expect(ts.stdout).toBe(dsl.stdout);
  });
});

describe("mistakes in a pipeline module: a diagnostic at the user's file:line:col, exit 1, nothing written", () => {
  it("a builder mistake has the language's code (a bad duration: MLP2013), at the option as written", () => {
    const text = `import { component, pipeline } from "mlpc";\n\nconst slow = component("slow", { image: "ghcr.io/acme/slow:1.0", run: () => ["sleep", "1"] });\n\nexport default pipeline("p", {}, () => {\n  const label: string = "x"; slow({}, { name: label, timeout: "4 hours" });\n});\n`;
    const dir = project("bad-duration", {
      "p.ts": text,
      "p.mlpipe": `component slow {\n  image "ghcr.io/acme/slow:1.0"\n  run ["sleep", "1"]\n}\n\npipeline p {\n  x = slow() { timeout "4 hours" }\n}\n`,
    });
    const { line, col } = position(text, `timeout: "4 hours"`);
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${dir}/p\\.ts:${line}:${col} - error MLP2013: Invalid duration '4 hours'`, "m"));
    // The whole property is underlined: \`timeout: "4 hours"\` is 18 characters.
    expect(r.stdout).toMatch(new RegExp(`\\n {${col + String(line).length}}~{18}\\n`));
    expect(r.stdout).toContain(`${line}   const label: string = "x"; slow({}, { name: label, timeout: "4 hours" });`);
    const dsl = run(["check", `${dir}/p.mlpipe`]);
    expect(dsl.code).toBe(1);
    expect(dsl.stdout).toContain("error MLP2013:");

    const c = run(["compile", `${dir}/p.ts`, "-t", "ir", "-o", `${dir}/out`]);
    expect(c.code).toBe(1);
    expect(c.stdout).toBe("");
    expect(c.stderr).toContain(`${dir}/p.ts:${line}:${col} - error MLP2013`);
    expect(existsSync(join(root, dir, "out"))).toBe(false);
  });

  it("a syntax error is MLP1012 at its position, in one line", () => {
    const dir = project("syntax", { "p.ts": `import { pipeline } from "mlpc";\n\nconst broken: number = ;\nexport default pipeline("p", {}, () => {});\n` });
    for (const format of ["text", "json"]) {
      const r = run(["check", `${dir}/p.ts`, "--format", format]);
      expect(r.code).toBe(1);
      if (format === "json") {
        const [d, ...rest] = JSON.parse(r.stdout) as Record<string, unknown>[];
        expect(rest).toEqual([]);
        expect(d).toMatchObject({ code: "MLP1012", severity: "error", file: `${dir}/p.ts`, line: 3, col: 24 });
        expect(d.message).not.toContain("\n");
      } else {
        expect(r.stdout).toMatch(new RegExp(`^${dir}/p\\.ts:3:24 - error MLP1012: Unexpected token\\.$`, "m"));
        expect(r.stdout).toContain("3 const broken: number = ;");
        expect(r.stdout).toMatch(/Found 1 error\.\n$/);
      }
    }
  });

  it("a syntax error in an imported module is reported in that module", () => {
    const dir = project("syntax-import", {
      "p.ts": `import { pipeline } from "mlpc";\nimport { helper } from "./helper.js";\nexport default pipeline("p", {}, () => { helper({}); });\n`,
      "helper.ts": `import { component } from "mlpc";\nexport const helper = component("helper", { image: "alpine:3.20", run: () => ["true"] }\n`,
    });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${dir}/helper\\.ts:3:1 - error MLP1012: `, "m"));
  });

  it("a module that exports nothing to compile is MLP9005", () => {
    const dir = project("nothing", { "p.ts": `export const answer: number = 42;\n` });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:1:1 - error MLP9005: '${dir}/p.ts' exports no pipeline, component, tune or serve`);
  });

  it("a module that throws while loading is MLP9006 at the throw", () => {
    const text = `import { pipeline } from "mlpc";\n\nfunction settings(): never {\n  throw new Error("no settings for 'prod'");\n}\nconst s = settings();\nexport default pipeline("p", {}, () => {});\n`;
    const dir = project("throws", { "p.ts": text });
    const { line, col } = position(text, `new Error`);
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:${line}:${col} - error MLP9006: Loading '${dir}/p.ts' failed: no settings for 'prod'.`);

    // MLPC_DEBUG=1 adds the stack trace, on stderr.
    const debug = spawn(["check", `${dir}/p.ts`], root, { MLPC_DEBUG: "1" });
    expect(debug.code).toBe(1);
    expect(debug.stdout).toBe(r.stdout);
    expect(debug.stderr).toMatch(/^\s+at .+p\.ts:\d+:\d+/m);
  });

  it("an import that cannot be resolved is MLP9006 at the import", () => {
    const dir = project("missing", { "p.ts": `import { pipeline } from "mlpc";\nimport { helper } from "./nowhere.js";\nexport default pipeline("p", {}, () => { helper(); });\n` });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:2:1 - error MLP9006: Loading '${dir}/p.ts' failed: Cannot find module './nowhere.js'`);
  });

  it("a misspelt import from mlpc is MLP9049 at the name in the import, with the nearest export", () => {
    const text = `import { component,\r\n  pipline, Str } from "mlpc";\r\nexport const c = component("c", { image: "x/c:1.0", inputs: { a: Str }, run: ({ a }) => ["echo", a] });\r\nexport default pipline("p", {}, () => { c({ a: "x" }); });\r\n`;
    const dir = project("typo", { "p.ts": text });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:2:3 - error MLP9049: The package 'mlpc' has no export 'pipline'. Did you mean 'pipeline'?`);
    expect(r.stdout).toContain("  pipline, Str }");
    expect(r.stdout).toMatch(/\n {4}~{7}\n/);
  });

  it("a renamed import of a name mlpc lacks, used with new, is MLP9049 without a suggestion when nothing is near", () => {
    const text = `import { pipeline, Zebra as Z } from "mlpc";\nconst z = new Z();\nexport default pipeline("p", {}, () => {});\n`;
    const dir = project("typo-new", { "p.ts": text });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:1:20 - error MLP9049: The package 'mlpc' has no export 'Zebra'.\n`);
  });

  it("a plain JavaScript module's misspelt options are MLP2034 at the property itself, as tsc would say", () => {
    const text = `import { component, pipeline, Str } from "mlpc";\nexport const c = component("c", {\n  image: "x/c:1.0",\n  inputs: { a: Str },\n  resourcs: { memory: "8Gb" },\n  run: ({ a }) => ["echo", a],\n});\nexport default pipeline("p", {}, () => {\n  c({ a: "x" }, { nmae: "first" });\n});\n`;
    const dir = project("plain-js", { "p.mjs": text });
    const r = run(["check", `${dir}/p.mjs`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.mjs:5:3 - error MLP2034: Unknown option 'resourcs' of component 'c'. Did you mean 'resources'?`);
    expect(r.stdout).toContain(`${dir}/p.mjs:9:19 - error MLP2034: Unknown option 'nmae' of step 'c'. Did you mean 'name'?`);
  });

  it("a bad quantity and an argument of the wrong type point at the property and the argument, the input's declaration too", () => {
    const text = `import { component, pipeline, Float, Dataset } from "mlpc";
export const prep = component("prep", { image: "x/p:1.0", outputs: { data: Dataset }, run: ({ data }) => ["p", data.path] });
export const fit = component("fit", {
  image: "x/f:1.0",
  inputs: { lr: Float },
  resources: { cpu: 2, memory: "8Gb" },
  run: ({ lr }) => ["f", lr],
});
export default pipeline("p", {}, () => {
  const a = prep({});
  fit({ lr: a.outputs.data });
});
`;
    const dir = project("spans", { "p.mjs": text });
    const r = run(["check", `${dir}/p.mjs`]);
    expect(r.code).toBe(1);
    const memory = position(text, `memory: "8Gb"`);
    const lr = position(text, "lr: a.outputs.data");
    const declared = position(text, "lr: Float");
    expect(r.stdout).toContain(`${dir}/p.mjs:${memory.line}:${memory.col} - error MLP2012: Invalid memory quantity '8Gb'.`);
    expect(r.stdout).toContain(`${dir}/p.mjs:${lr.line}:${lr.col} - error MLP2007: Input 'lr' of 'fit' expects Float but is given Dataset.`);
    expect(r.stdout).toContain(`  ${dir}/p.mjs:${declared.line}:${declared.col}\n`);
  });

  it("a builder error leaves out its declaration and what uses it; the rest is still validated, as tsc reports both", () => {
    const text = `import { component, pipeline, Float } from "mlpc";
export const slow = component("slow", { image: "x/s:1.0", timeout: "4 hours", run: () => ["s"] });
export const fit = component("fit", { image: "x/f:1.0", inputs: { lr: Float }, run: ({ lr }) => ["f", lr] });
export const usesSlow = pipeline("uses_slow", {}, () => {
  slow({ nothing: 1 });
});
export default pipeline("p", {}, () => {
  fit({ lr: "fast" });
});
`;
    const dir = project("confined", { "p.mjs": text });
    const r = run(["check", `${dir}/p.mjs`]);
    expect(r.code).toBe(1);
    const codes = [...r.stdout.matchAll(/ error (MLP\d+):/g)].map((m) => m[1]);
    // slow's duration, and p's argument; nothing about uses_slow, which calls the broken component.
    expect(codes).toEqual(["MLP2013", "MLP2007"]);
  });

  it("a function that is not a function for another reason stays MLP9006", () => {
    const text = `import { pipeline } from "mlpc";\nconst helpers: any = {};\nhelpers.make();\nexport default pipeline("p", {}, () => {});\n`;
    const dir = project("not-fn", { "p.ts": text });
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error MLP9006:");
    expect(r.stdout).toContain("helpers.make is not a function");
  });

  it("a component called outside a pipeline, at the top level, is its builder diagnostic (MLP2045) at the call", () => {
    const text = `import { component, Str } from "mlpc";\n\nexport const hello = component("hello", { image: "alpine:3.20", inputs: { name: Str }, run: ({ name }) => ["echo", name] });\nconst who: string = "top"; hello({ name: who });\n`;
    const dir = project("outside", { "p.ts": text });
    const { line, col } = position(text, "hello({ name: who");
    const r = run(["check", `${dir}/p.ts`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${dir}/p.ts:${line}:${col} - error MLP2045: 'hello(…)' adds a step, so it belongs inside a pipeline body.`);

    // The same from CommonJS: \`require("mlpc")\` gives the CLI's own module too, or its BuilderError
    // would not be recognised as one.
    const cjs = text.replace(`import { component, Str } from "mlpc";`, `const { component, Str } = require("mlpc");`).replace(`const who: string`, `const who`).replace("export const hello", "const hello");
    project("outside", { "p.cjs": cjs });
    const c = run(["check", `${dir}/p.cjs`]);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(`${dir}/p.cjs:${line}:${position(cjs, "hello({ name: who").col} - error MLP2045:`);
  });

  it("an error in one input does not hide the others; a missing .ts is MLP9001, exit 2", () => {
    const dir = churn("mixed");
    project("mixed", { "bad.ts": `export {};\n` });
    const r = run(["check", `${dir}/churn.ts`, `${dir}/bad.ts`, `${dir}/missing.ts`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error MLP9001: Cannot read 'mixed/missing.ts'");
    expect(r.stdout).toContain("error MLP9005:");
  });

  it("a directory is searched for .mlpipe files only", () => {
    const dir = project("dir", {
      "ok.mlpipe": `component c {\n  image "alpine:3.20"\n  run ["true"]\n}\n`,
      "broken.ts": `this is not TypeScript\n`,
      "lib/helpers.ts": `throw new Error("never loaded");\n`,
    });
    const r = run(["check", dir]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("the README", () => {
  it("compiles the first ts example under 'Pipelines in TypeScript'", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const section = readme.split(/^## Pipelines in TypeScript$/m)[1];
    expect(section, "a '## Pipelines in TypeScript' section").toBeDefined();
    const example = /^```ts\n([\s\S]*?)^```$/m.exec(section.split(/^## /m)[0])?.[1];
    expect(example, "a ```ts block in the section").toBeDefined();
    const dir = project("readme", { "pipelines/fraud.ts": example! });
    const check = run(["check", `${dir}/pipelines/fraud.ts`]);
    expect(check.stderr).toBe("");
    expect(check.stdout).not.toMatch(/ - error /);
    expect(check.code).toBe(0);
    const r = run(["compile", `${dir}/pipelines/fraud.ts`, "-t", "ir", "-o", `${dir}/out`]);
    expect(r.code).toBe(0);
    const program = JSON.parse(readFileSync(join(root, dir, "out", "fraud.ir.json"), "utf8")) as { pipelines: { name: string }[]; components: { name: string }[] };
    expect(program.pipelines.map((p) => p.name)).toEqual(["fraud_detection"]);
    expect(program.components.map((c) => c.name)).toEqual(["notify", "prepare", "train"]);
  });
});

describe("the examples' TypeScript twins, through the CLI", () => {
  const examples = readdirSync(join(REPO, "examples"))
    .filter((f) => f.endsWith(".mlpipe") && existsSync(join(REPO, "examples", f.replace(/\.mlpipe$/, ".ts"))))
    .sort();
  for (const example of examples) {
    const twin = example.replace(/\.mlpipe$/, ".ts");
    it(`compile examples/${twin} equals compile examples/${example}`, () => {
      const ts = run(["compile", `examples/${twin}`, "-t", "ir", "--no-loc"], REPO);
      const dsl = run(["compile", `examples/${example}`, "-t", "ir", "--no-loc"], REPO);
      expect(ts.stderr).toBe("");
      expect(ts.code).toBe(0);
      expect(ts.stdout).toBe(dsl.stdout);
    });
  }
});

describe("jiti is loaded only by runs that name a pipeline module", () => {
  // A resolve hook that fails any import of jiti: runs that never need it are unaffected.
  const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "jiti") throw new Error("jiti was loaded");
  return next(specifier, context);
}`;
  const setup = `import { register } from "node:module";\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});\n`;
  const withoutJiti = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(setup)}`, BIN, ...args], {
      cwd: root,
      env: { ...process.env, MLPC_CACHE_DIR: "" },
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("check and compile of a .mlpipe file, and --help, run without it", () => {
    const dir = churn("lazy");
    expect(withoutJiti(["check", `${dir}/churn.mlpipe`])).toMatchObject({ code: 0, stderr: "" });
    expect(withoutJiti(["compile", `${dir}/churn.mlpipe`, "-t", "ir"]).code).toBe(0);
    expect(withoutJiti(["--help"]).code).toBe(0);
  });

  it("a .ts file needs it (so the hook above does block it)", () => {
    const dir = churn("lazy-ts");
    const r = withoutJiti(["check", `${dir}/churn.ts`]);
    expect(r.code).toBe(70);
    expect(r.stderr).toContain("jiti was loaded");
  });
});
