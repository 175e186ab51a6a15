import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { fileUri, formatDiagnostics, repositoryRoot, rootRelative } from "../../src/cli/report.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { escapeData, escapeProperty, githubCommand, renderGithub } from "../../src/diagnostics/formats/github.js";
import { fingerprint, toSarif } from "../../src/diagnostics/formats/sarif.js";
import { REPO } from "../cli/support.js";
import { FIXTURE, ODD_NAME, SOURCES } from "./formats-fixture.js";
import { sarifErrors } from "./sarif-schema.js";

const uri = (f: string) => fileUri(f);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function sarif(diagnostics: readonly Diagnostic[], maxResults?: number): Json {
  return toSarif(diagnostics, SOURCES, { version: "9.9.9", uri, maxResults });
}

describe("sarif", () => {
  it("is valid SARIF 2.1.0 for the fixture", () => {
    expect(sarifErrors(sarif(FIXTURE))).toEqual([]);
  });

  it("the schema check can fail: a log without its version is refused", () => {
    const { version: _drop, ...log } = sarif(FIXTURE);
    expect(sarifErrors(log)).not.toEqual([]);
  });

  it("lists the rules the results use, sorted, and points each result at its rule", () => {
    const run = sarif(FIXTURE).runs[0];
    const ids = run.tool.driver.rules.map((r: Json) => r.id);
    expect(ids).toEqual(["MLP2001", "MLP2003", "MLP2050", "MLP4004", "MLP5094", "MLP9001"]);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    expect(run.tool.driver.rules[2].defaultConfiguration).toEqual({ level: "warning" });
    expect(run.results.map((r: Json) => r.level)).toEqual(["error", "error", "warning", "warning", "note", "error", "warning", "warning"]);
  });

  it("counts columns in UTF-16 code units (an astral character counts 2)", () => {
    const run = sarif(FIXTURE).runs[0];
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.results[1].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 12, endLine: 2, endColumn: 17 });
    expect(SOURCES.get("lib/unicode.mlpipe")!.split("\n")[1].slice(11, 16)).toBe("train");
  });

  it("gives related locations, percent-encodes URIs relative to %SRCROOT%, and no location when there is none", () => {
    const results = sarif(FIXTURE).runs[0].results;
    expect(results[0].relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: "lib/unicode.mlpipe", uriBaseId: "%SRCROOT%" }, region: { startLine: 1, startColumn: 10, endLine: 1, endColumn: 11 } },
        message: { text: "Step 'prep' is declared here." },
      },
    ]);
    expect(results[4].locations[0].physicalLocation.artifactLocation.uri).toBe("a%25b%3Ac%2Cd.mlpipe");
    expect(results[5].locations).toBeUndefined();
    expect(results[5].partialFingerprints).toBeUndefined();
  });

  it("fingerprints by code, file and the trimmed line, not the line number, CR-only and CRLF lines alike", () => {
    const moved: Diagnostic = { ...FIXTURE[0], loc: { ...FIXTURE[0].loc!, line: 3, endLine: 3 } };
    const sources = new Map([["main.mlpipe", "\n" + SOURCES.get("main.mlpipe")!]]);
    const a = toSarif([FIXTURE[0]], SOURCES, { version: "1", uri }) as Json;
    const b = toSarif([moved], sources, { version: "1", uri }) as Json;
    expect(a.runs[0].results[0].partialFingerprints).toEqual(b.runs[0].results[0].partialFingerprints);
    const results = sarif(FIXTURE).runs[0].results;
    expect(results[2].partialFingerprints["mlpc/v1"]).toBe(fingerprint("MLP2050", "crlf.mlpipe", 'image "python:latest"') + ":1");
    expect(results[3].partialFingerprints["mlpc/v1"]).toBe(fingerprint("MLP2050", "cr.mlpipe", 'image "python"') + ":1");
    const twice = toSarif([FIXTURE[2], { ...FIXTURE[2], message: "other" }], SOURCES, { version: "1", uri }) as Json;
    expect(twice.runs[0].results.map((r: Json) => r.partialFingerprints["mlpc/v1"].split(":")[1])).toEqual(["1", "2"]);
  });

  it("keeps at most maxResults results and says so in the invocation", () => {
    const full = sarif(FIXTURE, 8).runs[0];
    expect(full.results).toHaveLength(8);
    expect(full.invocations).toEqual([{ executionSuccessful: true }]);
    const cut = sarif(FIXTURE, 7);
    expect(sarifErrors(cut)).toEqual([]);
    expect(cut.runs[0].results).toHaveLength(7);
    expect(cut.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toBe(
      "Only the first 7 of 8 results are reported; fix or suppress some and run again to see the rest.",
    );
  });
});

describe("suppressed diagnostics", () => {
  it("SARIF keeps a suppressed result with an inSource suppression, its reason and the directive's location", () => {
    const log = sarif(FIXTURE);
    expect(sarifErrors(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results.filter((r: Json) => r.suppressions !== undefined)).toHaveLength(1);
    expect(results[6].suppressions).toEqual([
      {
        kind: "inSource",
        justification: "the nightly base image is meant to change",
        location: {
          physicalLocation: { artifactLocation: { uri: "suppressing.mlpipe", uriBaseId: "%SRCROOT%" }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 80 } },
        },
      },
    ]);
    expect(results[7].ruleId).toBe("MLP5094");
    expect(results[7].suppressions).toBeUndefined();
  });

  it("the schema check sees suppressions: an unknown kind is refused", () => {
    const log = sarif(FIXTURE);
    log.runs[0].results[6].suppressions[0].kind = "inComment";
    expect(sarifErrors(log)).not.toEqual([]);
  });

  it("text, json and github leave a suppressed diagnostic out and print the unused directive's warning", () => {
    for (const format of ["text", "json", "github"] as const) {
      const text = formatDiagnostics(FIXTURE, SOURCES, { format }, "/");
      expect(text, format).not.toContain("suppressing.mlpipe:3");
      expect(text, format).not.toContain("line=3,col=9,endLine=3,endColumn=24");
      expect(text.match(/suppressing\.mlpipe/g)?.length, format).toBe(1);
      expect(text, format).toContain("MLP5094");
    }
    expect((JSON.parse(formatDiagnostics(FIXTURE, SOURCES, { format: "json" }, "/")) as Json[]).map((d) => d.code)).toEqual([
      "MLP2003",
      "MLP2001",
      "MLP2050",
      "MLP2050",
      "MLP4004",
      "MLP9001",
      "MLP5094",
    ]);
  });
});

describe("github", () => {
  it("escapes data: % CR LF", () => {
    expect(escapeData("100% a\rb\nc:d,e")).toBe("100%25 a%0Db%0Ac:d,e");
  });

  it("escapes properties: also : and ,", () => {
    expect(escapeProperty("a%b:c,d\r\n")).toBe("a%25b%3Ac%2Cd%0D%0A");
  });

  it("writes ::error/::warning/::notice with the span, the code as title and escaped text", () => {
    const path = (f: string) => f;
    expect(githubCommand(FIXTURE[2], { path })).toBe(
      "::warning file=crlf.mlpipe,line=2,col=9,endLine=2,endColumn=24,title=MLP2050::" + FIXTURE[2].message,
    );
    expect(githubCommand(FIXTURE[4], { path })).toBe(
      "::notice file=a%25b%3Ac%2Cd.mlpipe,line=2,col=3,endLine=3,endColumn=2,title=MLP4004::100%25 of it, line one%0D%0Aline two: a, b",
    );
    expect(githubCommand(FIXTURE[5], { path })).toBe("::error title=MLP9001::No input files match 'nothing/*.mlpipe'.");
    expect(githubCommand(FIXTURE[0], { path })).toBe(
      "::error file=main.mlpipe,line=2,col=26,endLine=2,endColumn=30,title=MLP2003::Step 'prep' has no output 'tran'. Did you mean 'train'?%0Alib/unicode.mlpipe:1:10: Step 'prep' is declared here.",
    );
    expect(renderGithub(FIXTURE, { path }).split("\n")).toHaveLength(FIXTURE.length + 1);
    expect(ODD_NAME).toContain(",");
  });
});

describe("paths relative to the repository root", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlpc-formats-"));
    mkdirSync(join(dir, "repo", ".git"), { recursive: true });
    mkdirSync(join(dir, "repo", "sub", "deep"), { recursive: true });
    mkdirSync(join(dir, "plain"), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the nearest folder up with .git, else the cwd", () => {
    expect(repositoryRoot(join(dir, "repo", "sub", "deep"))).toBe(join(dir, "repo"));
    // tmpdir has no .git above it on the test machine, so the cwd is the root.
    expect(repositoryRoot(join(dir, "plain"))).toBe(join(dir, "plain"));
  });

  it("names a file relative to the root with /, and keeps <stdin> and files outside", () => {
    const root = join(dir, "repo");
    expect(rootRelative("x.mlpipe", root, join(root, "sub"))).toBe("sub/x.mlpipe");
    expect(rootRelative(join(root, "sub", "deep", "y.mlpipe"), root, root)).toBe("sub/deep/y.mlpipe");
    expect(rootRelative("<stdin>", root, root)).toBe("<stdin>");
    expect(rootRelative("../z.mlpipe", root, root)).toBe("../z.mlpipe");
    expect(fileUri("sub/a b#.mlpipe")).toBe("sub/a%20b%23.mlpipe");
  });
});

function fakeIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, cwd, env: {}, out: () => out, err: () => err };
}

describe("mlpc lint --format sarif on every example", () => {
  const examples = [
    ...readdirSync(join(REPO, "examples")).filter((f) => /\.(mlpipe|ts)$/.test(f)),
    ...readdirSync(join(REPO, "examples", "components")).map((f) => join("components", f)),
  ].sort();
  it.each(examples)("%s validates against the SARIF schema", async (file) => {
    const io = fakeIo(REPO);
    await main(["lint", "--format", "sarif", join("examples", file)], io);
    const log = JSON.parse(io.out()) as Json;
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].tool.driver.name).toBe("mlpc");
  });

  it("lint of every example, module and component library is clean: no finding, no unused directive", async () => {
    const io = fakeIo(REPO);
    const code = await main(["lint", "examples/", ...examples.filter((f) => f.endsWith(".ts")).map((f) => join("examples", f))], io);
    expect({ code, out: io.out(), err: io.err() }).toEqual({ code: 0, out: "", err: "" });
  });
});

describe("--quiet and --max-warnings", () => {
  let dir: string;
  const WARN = 'component c {\n  image "python:latest"\n  run ["echo", "hi"]\n}\npipeline p {\n  a = c()\n}\n';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlpc-maxw-"));
    writeFileSync(join(dir, "warn.mlpipe"), WARN);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = fakeIo(dir);
    const code = await main(["check", "--format", "json", ...args, "warn.mlpipe"], io);
    return { code, out: io.out(), err: io.err() };
  }

  it("the fixture has warnings and no errors", async () => {
    const r = await run();
    const found = JSON.parse(r.out) as Json[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.severity === "warning")).toBe(true);
    expect(r.code).toBe(0);
  });

  it("exits 1 when warnings exceed --max-warnings, and says so on stderr", async () => {
    const n = (JSON.parse((await run()).out) as Json[]).length;
    const over = await run("--max-warnings", String(n - 1));
    expect(over.code).toBe(1);
    expect(over.err).toBe(`mlpc: too many warnings (${n}); --max-warnings allows ${n - 1}.\n`);
    const at = await run("--max-warnings", String(n));
    expect(at.code).toBe(0);
    expect(at.err).toBe("");
  });

  it("--quiet prints errors only and its hidden warnings do not count", async () => {
    const r = await run("--quiet", "--max-warnings", "0");
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("refuses a --max-warnings that is no whole number", async () => {
    const r = await run("--max-warnings", "-1");
    expect(r.code).toBe(2);
  });
});

describe("mlpc check --format github|sarif names files relative to the repository root", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mlpc-root-"));
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "pipes"));
    writeFileSync(join(dir, "pipes", "w.mlpipe"), 'component c {\n  image "python:latest"\n  run ["echo", "hi"]\n}\npipeline p {\n  a = c()\n}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("from a folder below the root", async () => {
    const io = fakeIo(join(dir, "pipes"));
    expect(await main(["check", "--format", "github", "w.mlpipe"], io)).toBe(0);
    expect(io.out()).toMatch(/^::warning file=pipes\/w\.mlpipe,line=2,col=9,endLine=2,endColumn=24,title=MLP2050::/);
    const sarifIo = fakeIo(join(dir, "pipes"));
    await main(["check", "--format", "sarif", "w.mlpipe"], sarifIo);
    const log = JSON.parse(sarifIo.out()) as Json;
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "pipes/w.mlpipe", uriBaseId: "%SRCROOT%" });
    expect(sarifErrors(log)).toEqual([]);
  });
});
