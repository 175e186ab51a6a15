import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/compiler.js";
import { LoadCache } from "../../src/frontend/dsl/load-cache.js";
import { loadDsl } from "../../src/frontend/dsl/load.js";
import { memoryHost, type SourceHost } from "../../src/frontend/host.js";

const C = (name: string) => `component ${name} { image "x/${name}:1" input i: String = "a" output o: Dataset run ["c", i, o.path] }\n`;

function codes(r: { diagnostics: readonly { code: string; loc?: { file: string; line: number; col: number } }[] }): string[] {
  return r.diagnostics.map((d) => `${d.loc?.file}:${d.loc?.line}:${d.loc?.col} ${d.code}`);
}

/** A host over `files` that counts reads. */
function countingHost(files: Record<string, string>): SourceHost & { reads: number } {
  const inner = memoryHost(files);
  const host = {
    reads: 0,
    readFile(path: string) {
      host.reads++;
      return inner.readFile(path);
    },
  };
  return host;
}

describe("the loader keeps each file's text, tree and comments", () => {
  it("gives every module read, with its comments attached to nodes", () => {
    const r = loadDsl(
      "main.mlpipe",
      memoryHost({ "main.mlpipe": `import "lib.mlpipe"\n# the pipeline\npipeline p { c() }`, "lib.mlpipe": C("c") + "# end\n" }),
    );
    expect([...r.modules.keys()]).toEqual(["main.mlpipe", "lib.mlpipe"]);
    const main = r.modules.get("main.mlpipe")!;
    expect(main.text).toContain("# the pipeline");
    expect(main.cst[0].children.topLevel).toHaveLength(2);
    expect(main.comments.map((c) => c.image)).toEqual(["# the pipeline"]);
    const [a] = main.trivia.comments;
    expect([a.placement, a.node]).toEqual(["leading", main.cst[0].children.topLevel![1]]);
    expect(r.modules.get("lib.mlpipe")!.trivia.comments.map((c) => c.placement)).toEqual(["trailing"]);
  });

  it("keeps the recovered tree of a file with a syntax error, broken declaration included", () => {
    const r = loadDsl("main.mlpipe", memoryHost({ "main.mlpipe": `component a { image = "a:1" }\n` + C("b") }));
    expect(codes(r)).toEqual(["main.mlpipe:1:21 MLP1004"]);
    const top = r.modules.get("main.mlpipe")!.cst[0].children.topLevel!;
    expect(top.map((t) => t.children.componentDecl![0].children.Identifier[0].image)).toEqual(["a", "b"]);
    expect(r.program!.components.map((c) => c.name)).toEqual(["b"]);
  });
});

describe("the loader cache", () => {
  const files = {
    "main.mlpipe": `import "a.mlpipe"\nimport "b.mlpipe"\npipeline p { a()  b() }`,
    "a.mlpipe": C("a"),
    "b.mlpipe": C("b"),
  };

  it("parses on a second load only the file whose bytes changed; the result equals a fresh load", () => {
    const cache = new LoadCache();
    const first = countingHost(files);
    const r1 = loadDsl("main.mlpipe", first, cache);
    expect(cache.stats).toEqual({ parses: 3, hits: 0 });
    expect(first.reads).toBe(3);

    const changed = { ...files, "b.mlpipe": C("b").replace("x/b:1", "x/b:2") };
    const second = countingHost(changed);
    const r2 = loadDsl("main.mlpipe", second, cache);
    // Every file is read again; only b.mlpipe is parsed.
    expect(second.reads).toBe(3);
    expect(cache.stats).toEqual({ parses: 4, hits: 2 });
    const fresh = loadDsl("main.mlpipe", memoryHost(changed));
    expect(r2.program).toEqual(fresh.program);
    expect(r2.diagnostics).toEqual(fresh.diagnostics);
    expect(r2.program).not.toEqual(r1.program);

    // Unchanged again: nothing is parsed, and the program is the same as before.
    const r3 = loadDsl("main.mlpipe", memoryHost(changed), cache);
    expect(cache.stats).toEqual({ parses: 4, hits: 5 });
    expect(r3.program).toEqual(fresh.program);
  });

  it("keys by path: the same bytes under another path are parsed (locations name the file)", () => {
    const cache = new LoadCache();
    loadDsl("a.mlpipe", memoryHost({ "a.mlpipe": C("a") }), cache);
    const r = loadDsl("copy.mlpipe", memoryHost({ "copy.mlpipe": C("a") }), cache);
    expect(cache.stats.parses).toBe(2);
    expect(r.program!.components[0].loc.file).toBe("copy.mlpipe");
  });

  it("replays the diagnostics of a cached file, syntax errors included", () => {
    const cache = new LoadCache();
    const host = memoryHost({ "main.mlpipe": `component a { image = "a:1" }\npipeline p { x = a() }` });
    const once = checkFile("main.mlpipe", host, cache);
    const twice = checkFile("main.mlpipe", host, cache);
    expect(cache.stats).toEqual({ parses: 1, hits: 1 });
    expect(twice.diagnostics).toEqual(once.diagnostics);
    expect(codes(twice)).toEqual(["main.mlpipe:1:21 MLP1004"]);
  });
});

describe("checks after a syntax error", () => {
  const check = (files: Record<string, string>) => codes(checkFile("main.mlpipe", memoryHost(files)));

  it("checks the declarations that parsed: a semantic error beside a syntax error is reported", () => {
    expect(check({ "main.mlpipe": C("c") + `pipeline a { c(i: ) }\npipeline b { c(j: "x") }` })).toEqual([
      "main.mlpipe:2:19 MLP1004",
      "main.mlpipe:3:16 MLP2004",
    ]);
  });

  it("says nothing about a pipeline that calls a broken component, directly or through a pipeline", () => {
    expect(check({ "main.mlpipe": `component c { image = "x:1" }\npipeline a { c() }\npipeline b { a() }\ntune t of b { trials 2 }` })).toEqual([
      "main.mlpipe:1:21 MLP1004",
    ]);
  });

  it("leaves out a pipeline calling an imported pipeline that calls a broken component, and what it deploys", () => {
    const files = {
      "main.mlpipe": `import { inner, c2 } from "lib.mlpipe"\npipeline outer {\n  x = inner()\n  serve s { model sklearn from "s3://m" replicas 5 .. 1 }\n}\ntune t of c2 {\n  objective maximize acc  search lr: Float in 0.1 .. 0.2  trials 0\n}`,
      "lib.mlpipe": `component c2 { image = "x:1" }\npipeline inner { c2() }`,
    };
    expect(check(files)).toEqual(["lib.mlpipe:1:22 MLP1004"]);
    const r = loadDsl("main.mlpipe", memoryHost(files));
    expect(r.program).toMatchObject({ pipelines: [], tunes: [], serves: [] });
    expect(r.recovered?.omitted.map((l) => `${l.file}:${l.line}-${l.endLine}`)).toEqual(["main.mlpipe:2-5", "main.mlpipe:6-8", "lib.mlpipe:2-2"]);
  });

  it("checks a declaration right after a broken one (recovery resumes there)", () => {
    expect(check({ "main.mlpipe": C("c") + `pipeline a { c(i: "x" }\n` + C("d") + `pipeline b { d(j: "x") }` })).toEqual([
      "main.mlpipe:2:23 MLP1004",
      "main.mlpipe:4:16 MLP2004",
    ]);
  });

  it("reports no unknown name when the syntax error hides a declaration's name or an import", () => {
    expect(check({ "main.mlpipe": `component { }\npipeline p { c() }` })).toEqual(["main.mlpipe:1:11 MLP1004"]);
    expect(check({ "main.mlpipe": `import { c } "lib.mlpipe"\npipeline p { c() }`, "lib.mlpipe": C("c") })).toEqual(["main.mlpipe:1:14 MLP1004"]);
  });

  it("reports no unknown name in a file importing everything from a file whose syntax error hides a name", () => {
    expect(check({ "main.mlpipe": `import "lib.mlpipe"\npipeline p { c() }`, "lib.mlpipe": `component { }` })).toEqual(["lib.mlpipe:1:11 MLP1004"]);
  });

  it("still reports an unknown name that no syntax error can explain", () => {
    expect(check({ "main.mlpipe": C("c") + `pipeline a { c(i: ) }\npipeline b { e() }` })).toEqual([
      "main.mlpipe:2:19 MLP1004",
      "main.mlpipe:3:14 MLP2001",
    ]);
  });

  it("leaves out a declaration with a lowering error beside the syntax error, and validates the rest", () => {
    expect(check({ "main.mlpipe": C("c") + `pipeline a { c(i: ) }\npipeline b { c(i: "x") timeout "soon" }\npipeline e { }` })).toEqual([
      "main.mlpipe:2:19 MLP1004",
      "main.mlpipe:3:32 MLP2013",
      "main.mlpipe:4:10 MLP2028",
    ]);
    const r = loadDsl("main.mlpipe", memoryHost({ "main.mlpipe": C("c") + `pipeline a { c(i: ) }\npipeline b { c(i: "x") timeout "soon" }\npipeline e { c(i: "x") }` }));
    expect(r.program?.pipelines.map((p) => p.name)).toEqual(["e"]);
  });

  it("validates the declarations a lowering error does not touch, and says nothing of those that use it", () => {
    const text = C("c") + `component d { image "x:1" timeout "4 hours" run ["d"] }\npipeline a { d() }\npipeline b { c(j: "x") }\ntune t of a { objective maximize m algorithm random search x: Float in 0.1 .. 0.2 trials 0 }`;
    expect(check({ "main.mlpipe": text })).toEqual(["main.mlpipe:2:35 MLP2013", "main.mlpipe:4:16 MLP2004"]);
    const r = loadDsl("main.mlpipe", memoryHost({ "main.mlpipe": text }));
    expect(r.program?.components.map((c) => c.name)).toEqual(["c"]);
    expect(r.program?.pipelines.map((p) => p.name)).toEqual(["b"]);
    expect(r.program?.tunes).toEqual([]);
  });

  it("stops before validation when a lowering error lies outside every declaration", () => {
    const files = { "main.mlpipe": `import { c, zz } from "lib.mlpipe"\npipeline p { c(j: 1) }`, "lib.mlpipe": C("c") };
    // No MLP2004 for `j`: nothing was validated.
    expect(check(files)).toEqual(["main.mlpipe:1:13 MLP2030"]);
    expect(loadDsl("main.mlpipe", memoryHost(files)).recovered).toBeUndefined();
  });

  it("treats a lexical error like a syntax error: its declaration is left out, the others are checked", () => {
    expect(check({ "main.mlpipe": C("c") + `pipeline a { c(i: 8Gi) }\npipeline b { c(j: "x") }` })).toEqual([
      "main.mlpipe:2:19 MLP1009",
      "main.mlpipe:3:16 MLP2004",
    ]);
    // An unterminated string that runs over a declaration hides its name: no name is unknown.
    expect(check({ "main.mlpipe": `pipeline a { c(i: """x) }\ncomponent d { image "d:1" }\npipeline b { d() }` })).toEqual(["main.mlpipe:1:19 MLP1002"]);
  });
});
