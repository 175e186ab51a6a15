import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMlpc } from "./support.js";

// Inline suppressions through the CLI (issue 14 point 4): check, lint and compile honour the
// directives; SARIF keeps what they suppress; lint alone reports directives that suppress nothing.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const PIPELINE = [
  "component hello {", // 1
  '  description "Says hello."', // 2
  '  image "python:3.12"', // 3
  "  run [\"python\", \"-c\", \"print('# mlpc-disable-line MLP5003 -- a string, not a comment')\"]", // 4
  "}", // 5
  "", // 6
  "# mlpc-disable-next-line mlpc/artifact-root -- the platform sets the artifact root", // 7
  "pipeline p {", // 8
  '  description "One step."', // 9
  "  step = hello() # mlpc-disable-line MLP5003, mlpc/image-digest -- hello needs no requests", // 10
  "}", // 11
  "",
].join("\n");

/** A component whose ephemeral storage KFP cannot request (MLP4021, a target's warning). */
const STORAGE = [
  "component big {",
  '  description "Needs disk."',
  '  image "python:3.12"',
  '  run ["python", "-c", "pass"]',
  "  # mlpc-disable-next-line MLP4021 -- Argo gets the request",
  '  resources { cpu 1 memory "1Gi" ephemeralStorage "10Gi" }',
  "}",
  "",
  'pipeline q { description "Big." artifactRoot "s3://bucket/q" step = big() }',
  "",
].join("\n");

const COMPONENTS = [
  'import { component } from "mlpc";',
  "",
  "// mlpc-disable-next-line mlpc/component-description -- documented in the team's wiki",
  'export const hello = component("hello", { image: "python:3.12", run: () => ["echo", "hi"] });',
  "",
].join("\n");

const MODULE = [
  'import { pipeline } from "mlpc";',
  'import { hello } from "./components.ts";',
  "",
  'export default pipeline("m", { description: "Module.", artifactRoot: "s3://bucket/m" }, () => {',
  "  // mlpc-disable-next-line MLP5003, mlpc/unbounded-loop -- only the first is found",
  "  hello({});",
  "});",
  "",
].join("\n");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlpc-suppress-"));
  writeFileSync(join(dir, "p.mlpipe"), PIPELINE);
  writeFileSync(join(dir, "storage.mlpipe"), STORAGE);
  writeFileSync(join(dir, "components.ts"), COMPONENTS);
  writeFileSync(join(dir, "module.ts"), MODULE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = (stdout: string): string[] => (JSON.parse(stdout) as Json[]).map((d) => `${d.code} ${d.file}:${d.line}`);

describe("inline suppressions in the CLI", () => {
  it("lint hides the suppressed findings and reports the unused rule of a directive", () => {
    const r = runMlpc(["lint", "--format", "json", "p.mlpipe"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        code: "MLP5094",
        severity: "warning",
        message: "This directive suppresses nothing: no mlpc/image-digest finding starts on this line; remove it or the rule.",
        file: "p.mlpipe",
        line: 10,
        col: 18,
        endLine: 10,
        endCol: 91,
        related: [],
      },
    ]);
  });

  it("check runs fewer rules, so it reports no unused directive; suppressed findings count for neither exit code nor --max-warnings", () => {
    expect(runMlpc(["check", "--max-warnings", "0", "p.mlpipe"], dir)).toMatchObject({ code: 0, stdout: "" });
    // lint has one warning left (the unused directive): --max-warnings 0 fails, 1 passes.
    expect(runMlpc(["lint", "--max-warnings", "0", "p.mlpipe"], dir).code).toBe(1);
    expect(runMlpc(["lint", "--max-warnings", "1", "p.mlpipe"], dir).code).toBe(0);
  });

  it("SARIF keeps the suppressed results with their reasons", () => {
    const r = runMlpc(["lint", "--format", "sarif", "p.mlpipe"], dir);
    const results: Json[] = JSON.parse(r.stdout).runs[0].results;
    expect(results.map((x) => [x.ruleId, x.locations[0].physicalLocation.region.startLine, x.suppressions?.[0].justification])).toEqual([
      ["MLP5020", 8, "the platform sets the artifact root"],
      ["MLP5003", 10, "hello needs no requests"],
      ["MLP5094", 10, undefined],
    ]);
    expect(results[0].suppressions[0]).toMatchObject({ kind: "inSource", location: { physicalLocation: { region: { startLine: 7, startColumn: 1 } } } });
  });

  it("compile does not print a target warning a directive suppresses", () => {
    const r = runMlpc(["compile", "-t", "kfp", "-o", "-", "storage.mlpipe"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const check = runMlpc(["check", "--format", "sarif", "storage.mlpipe"], dir);
    expect(JSON.parse(check.stdout).runs[0].results.map((x: Json) => [x.ruleId, x.suppressions?.[0].kind])).toEqual([["MLP4021", "inSource"]]);
  });

  it("reads // directives in a pipeline module and in the modules it imports (sorted by line: the directive on 5, the step on 6)", () => {
    const r = runMlpc(["lint", "--format", "json", "module.ts"], dir);
    expect(r.code).toBe(0);
    expect(codes(r.stdout)).toEqual(["MLP5094 module.ts:5"]);
    expect(JSON.parse(r.stdout)[0].message).toBe("This directive suppresses nothing: no mlpc/unbounded-loop finding starts on the next line; remove it or the rule.");
    const sarif = runMlpc(["lint", "--format", "sarif", "module.ts"], dir);
    const results: Json[] = JSON.parse(sarif.stdout).runs[0].results;
    expect(results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.suppressions?.[0].justification])).toEqual([
      ["MLP5005", "components.ts", "documented in the team's wiki"],
      ["MLP5094", "module.ts", undefined],
      ["MLP5003", "module.ts", "only the first is found"],
    ]);
  });
});
