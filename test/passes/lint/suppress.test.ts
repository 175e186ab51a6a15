import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { mlpipeComments, scriptComments } from "../../../src/passes/lint/suppress/comments.js";
import { applySuppressions, parseDirectives } from "../../../src/passes/lint/suppress/index.js";

/** `CODE line:col-endCol message` of each diagnostic. */
const show = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col}-${d.loc?.endCol} ${d.message}`);

/** A warning (or `severity`) with `code` on `line` of `file`. */
function finding(code: string, line: number, file = "main.mlpipe", severity: Diagnostic["severity"] = "warning"): Diagnostic {
  return { code, severity, message: `${code} here`, loc: { file, line, col: 3, endLine: line, endCol: 9 }, related: [] };
}

describe("comment scanning", () => {
  it("finds # comments in .mlpipe text, not a # in a string or a triple-quoted string", () => {
    const text = 'a "x # y" # one\n"""\n# not\n""" # two\n"esc \\" # still" # three\n';
    expect(mlpipeComments(text).map((c) => [c.text, c.line, c.col, c.endCol, c.ownLine])).toEqual([
      [" one", 1, 11, 16, false],
      [" two", 4, 5, 10, false],
      [" three", 5, 18, 25, false],
    ]);
  });

  it("counts CRLF and CR-only line ends as one line end each", () => {
    expect(mlpipeComments("x\r\n# a\r\ny # b\r# c\r").map((c) => [c.text, c.line, c.col, c.ownLine])).toEqual([
      [" a", 2, 1, true],
      [" b", 3, 3, false],
      [" c", 4, 1, true],
    ]);
  });

  it("an unterminated string ends at the line's end", () => {
    expect(mlpipeComments('a "open # no\n# yes\n').map((c) => c.line)).toEqual([2]);
  });

  it("finds // comments in scripts, not in strings, templates, regular expressions or block comments", () => {
    const text = [
      'const a = "//x"; // one',
      "const b = `// ${f('//')} //`; // two",
      "const r = /\\/\\/[/]/g; // three",
      "/* // no */ const d = 4 / 2; // four",
      "  // five",
    ].join("\n");
    expect(scriptComments(text).map((c) => [c.text, c.line, c.col, c.ownLine])).toEqual([
      [" one", 1, 18, false],
      [" two", 2, 31, false],
      [" three", 3, 23, false],
      [" four", 4, 30, false],
      [" five", 5, 3, true],
    ]);
  });

  it("a template literal may span lines and nest templates", () => {
    const text = "const t = `a\n// no ${`b ${c} // no`}\n`;\n// yes\n";
    expect(scriptComments(text).map((c) => [c.text, c.line])).toEqual([[" yes", 4]]);
  });
});

describe("directive parsing", () => {
  const parse = (text: string, file = "main.mlpipe") => parseDirectives(file, text);

  it("reads the kind, the rules (ids and codes) and the reason", () => {
    const r = parse("# mlpc-disable-next-line mlpc/image-digest, MLP4021 -- the reason -- with dashes\nx\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.directives).toEqual([
      {
        kind: "next-line",
        file: "main.mlpipe",
        loc: { file: "main.mlpipe", line: 1, col: 1, endLine: 1, endCol: 81 },
        rules: [
          { name: "mlpc/image-digest", code: "MLP5001" },
          { name: "MLP4021", code: "MLP4021" },
        ],
        reason: "the reason -- with dashes",
      },
    ]);
  });

  it("ignores comments that do not start with mlpc-disable", () => {
    expect(parse("# see mlpc-disable-line MLP5001 -- x\n# mlpc is fine\n")).toEqual({ directives: [], diagnostics: [] });
  });

  const MALFORMED: [string, string][] = [
    ["# mlpc-disable MLP5001 -- r", "This is not a valid suppression directive: 'mlpc-disable' is not one of mlpc-disable-next-line, mlpc-disable-line, mlpc-disable-file"],
    ["# mlpc-disable-nextline MLP5001 -- r", "'mlpc-disable-nextline' is not one of"],
    ["# mlpc-disable-next-lineMLP5001 -- r", "'mlpc-disable-next-lineMLP5001' is not one of"],
    ["# mlpc-disable-next-line", "it names no rule"],
    ["# mlpc-disable-next-line -- r", "it names no rule"],
    ["# mlpc-disable-next-line MLP5001,, MLP5002 -- r", "rules are separated by commas"],
    ["# mlpc-disable-next-line MLP5001 MLP5002 -- r", "rules are separated by commas"],
    ["# mlpc-disable-next-line MLP5001, -- r", "rules are separated by commas"],
    ["# mlpc-disable-line MLP5001 -- r", "on a line of its own, use mlpc-disable-next-line"],
    ["x # mlpc-disable-next-line MLP5001 -- r", "mlpc-disable-next-line goes on a line of its own"],
    ["x # mlpc-disable-file MLP5001 -- r", "mlpc-disable-file goes on a line of its own"],
  ];
  it.each(MALFORMED)("%s is malformed (MLP5090) and suppresses nothing", (line, part) => {
    const r = parse(`${line}\n`);
    expect(r.directives).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["MLP5090"]);
    expect(r.diagnostics[0]!.message).toContain(part);
    expect(r.diagnostics[0]!.loc).toEqual({ file: "main.mlpipe", line: 1, col: line.indexOf("#") + 1, endLine: 1, endCol: line.length + 1 });
  });

  const NO_REASON = ["# mlpc-disable-next-line MLP5001", "# mlpc-disable-next-line MLP5001 --", "# mlpc-disable-next-line MLP5001 --   ", "# mlpc-disable-next-line MLP5001 -- \t"];
  it.each(NO_REASON)("%j has no reason (MLP5091) and suppresses nothing", (line) => {
    const r = parse(`${line}\r\nx\r\n`);
    expect(r.directives).toEqual([]);
    expect(show(r.diagnostics)).toEqual([
      `MLP5091 1:1-${line.length + 1} This suppression directive gives no reason, so it suppresses nothing; add ' -- ' and why the finding does not apply.`,
    ]);
  });

  it("a one-character reason is a reason; '--' glued to a word is not the separator", () => {
    expect(parse("# mlpc-disable-file MLP5001 -- x\n").directives[0]!.reason).toBe("x");
    expect(parse("# mlpc-disable-file MLP5001 --x\n").diagnostics.map((d) => d.code)).toEqual(["MLP5090"]);
  });

  it("an unknown rule or code is MLP5092; the directive keeps the rules it knows", () => {
    const r = parse("# mlpc-disable-next-line mlpc/no-such-rule, MLP9999, MLP2029, image-digest, MLP5001 -- r\n");
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "'mlpc/no-such-rule' is neither a lint rule id nor a catalog code, so this directive cannot suppress it.",
      "'MLP9999' is neither a lint rule id nor a catalog code, so this directive cannot suppress it.",
      "'MLP2029' is neither a lint rule id nor a catalog code, so this directive cannot suppress it.",
      "'image-digest' is neither a lint rule id nor a catalog code, so this directive cannot suppress it.",
    ]);
    expect(r.directives[0]!.rules).toEqual([{ name: "MLP5001", code: "MLP5001" }]);
  });

  it("a code that is always an error is MLP5093; a lint rule's code is not (a config may raise it)", () => {
    const r = parse("# mlpc-disable-next-line MLP2003, mlpc/literal-credential -- r\n");
    expect(show(r.diagnostics)).toEqual(["MLP5093 1:1-63 MLP2003 is an error, and errors cannot be suppressed (a target would refuse the file); fix it instead."]);
    expect(r.directives[0]!.rules).toEqual([{ name: "mlpc/literal-credential", code: "MLP5007" }]);
  });

  it("reads // directives in scripts and not in other files", () => {
    expect(parse("// mlpc-disable-next-line MLP5001 -- r\n", "p.ts").directives).toHaveLength(1);
    expect(parse("# mlpc-disable-next-line MLP5001 -- r\n", "p.ts").directives).toHaveLength(0);
    expect(parse("// mlpc-disable-next-line MLP5001 -- r\n", "main.mlpipe").directives).toHaveLength(0);
    expect(parse("# mlpc-disable-next-line MLP5001 -- r\n", "notes.txt").directives).toHaveLength(0);
  });
});

describe("applying suppressions", () => {
  const SOURCE = [
    "# mlpc-disable-next-line mlpc/image-digest -- pinned by the registry's policy", // 1
    "image one", // 2: MLP5001 suppressed by rule id
    "image two # mlpc-disable-line MLP5001 -- same", // 3: suppressed by code
    "image three", // 4: not suppressed
    "# mlpc-disable-next-line MLP5001, MLP5002 -- both", // 5
    "gpu", // 6: MLP5001 and MLP5002 suppressed
    "", // 7
    "# mlpc-disable-next-line MLP5001 -- a blank line follows", // 8
    "", // 9
    "image four", // 10: not suppressed (the directive covers line 9 only)
  ].join("\n");
  const sources = new Map([["main.mlpipe", SOURCE]]);
  const found = [finding("MLP5001", 2), finding("MLP5001", 3), finding("MLP5001", 4), finding("MLP5001", 6), finding("MLP5002", 6), finding("MLP5001", 10)];

  it("suppresses on the next line and on the same line, by rule id and by code, several rules at once", () => {
    const out = applySuppressions(found, sources, { reportUnused: true });
    expect(out.map((d) => [d.loc?.line, d.code, d.suppressed?.justification, d.suppressed?.loc.line])).toEqual([
      [2, "MLP5001", "pinned by the registry's policy", 1],
      [3, "MLP5001", "same", 3],
      [4, "MLP5001", undefined, undefined],
      [6, "MLP5001", "both", 5],
      [6, "MLP5002", "both", 5],
      [10, "MLP5001", undefined, undefined],
      [8, "MLP5094", undefined, undefined],
    ]);
    expect(out[6]!.message).toBe("This directive suppresses nothing: no MLP5001 finding starts on the next line; remove it or the rule.");
  });

  it("reports unused directives only when asked (lint), one per unused rule", () => {
    expect(applySuppressions(found, sources).map((d) => d.code)).toEqual(["MLP5001", "MLP5001", "MLP5001", "MLP5001", "MLP5002", "MLP5001"]);
    const partly = applySuppressions([finding("MLP5001", 6)], sources, { reportUnused: true }).filter((d) => d.code === "MLP5094");
    expect(partly.map((d) => `${d.loc?.line} ${d.message}`)).toEqual([
      "1 This directive suppresses nothing: no mlpc/image-digest finding starts on the next line; remove it or the rule.",
      "3 This directive suppresses nothing: no MLP5001 finding starts on this line; remove it or the rule.",
      "5 This directive suppresses nothing: no MLP5002 finding starts on the next line; remove it or the rule.",
      "8 This directive suppresses nothing: no MLP5001 finding starts on the next line; remove it or the rule.",
    ]);
  });

  it("a file directive covers the whole file, anywhere in it, and only that file", () => {
    const src = new Map([
      ["a.mlpipe", "x\ny\n# mlpc-disable-file MLP5020 -- the platform sets the artifact root\n"],
      ["b.mlpipe", "x\n"],
    ]);
    const out = applySuppressions([finding("MLP5020", 1, "a.mlpipe"), finding("MLP5020", 40, "a.mlpipe"), finding("MLP5020", 1, "b.mlpipe")], src, { reportUnused: true });
    expect(out.map((d) => [d.loc?.file, d.loc?.line, d.suppressed !== undefined])).toEqual([
      ["a.mlpipe", 1, true],
      ["a.mlpipe", 40, true],
      ["b.mlpipe", 1, false],
    ]);
    const unused = applySuppressions([], src, { reportUnused: true });
    expect(unused.map((d) => d.message)).toEqual(["This directive suppresses nothing: no MLP5020 finding is in this file; remove it or the rule."]);
  });

  it("never suppresses an error: the directive reports MLP5093 once and the error stays", () => {
    const src = new Map([["main.mlpipe", "# mlpc-disable-file mlpc/literal-credential -- test data\nx\ny\n"]]);
    const errors = [finding("MLP5007", 2, "main.mlpipe", "error"), finding("MLP5007", 3, "main.mlpipe", "error")];
    const out = applySuppressions(errors, src, { reportUnused: true });
    expect(show(out)).toEqual([
      "MLP5007 2:3-9 MLP5007 here",
      "MLP5007 3:3-9 MLP5007 here",
      "MLP5093 1:1-57 mlpc/literal-credential is an error, and errors cannot be suppressed (a target would refuse the file); fix it instead.",
    ]);
    expect(out.every((d) => d.suppressed === undefined)).toBe(true);
  });

  it("an info is suppressed like a warning; a diagnostic without a location is not", () => {
    const src = new Map([["main.mlpipe", "# mlpc-disable-file MLP4004 -- r\n"]]);
    const info = finding("MLP4004", 1, "main.mlpipe", "info");
    const bare: Diagnostic = { code: "MLP4004", severity: "info", message: "m", related: [] };
    const out = applySuppressions([info, bare], src);
    expect(out.map((d) => d.suppressed !== undefined)).toEqual([true, false]);
  });

  it("applies // directives of a pipeline module to diagnostics in it", () => {
    const src = new Map([["p.ts", "export const c = component({\n  // mlpc-disable-next-line mlpc/retry-side-effects -- idempotent\n  retry: 3,\n});\n"]]);
    const out = applySuppressions([finding("MLP5008", 3, "p.ts")], src, { reportUnused: true });
    expect(out.map((d) => d.suppressed)).toEqual([{ justification: "idempotent", loc: { file: "p.ts", line: 2, col: 3, endLine: 2, endCol: 66 } }]);
  });

  it("counts lines in CRLF and CR-only files as the locations do", () => {
    for (const eol of ["\r\n", "\r"]) {
      const src = new Map([["main.mlpipe", `a${eol}# mlpc-disable-next-line MLP5001 -- r${eol}image x${eol}`]]);
      expect(applySuppressions([finding("MLP5001", 3)], src, { reportUnused: true }).map((d) => d.suppressed?.loc.line)).toEqual([2]);
    }
  });
});
