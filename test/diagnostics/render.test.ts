import { describe, expect, it } from "vitest";
import type { Diagnostic, Severity } from "../../src/diagnostics/diagnostic.js";
import {
  renderDiagnostic,
  renderDiagnostics,
  renderJson,
  renderSummary,
  underlineSpan,
} from "../../src/diagnostics/render.js";
import type { Loc } from "../../src/ir/types.js";

function loc(file: string, line: number, col: number, endLine: number, endCol: number): Loc {
  return { file, line, col, endLine, endCol };
}

function diag(code: string, message: string, at?: Loc, severity: Severity = "error", related: Diagnostic["related"] = []): Diagnostic {
  return { code, severity, message, loc: at, related };
}

const MAIN = [
  "pipeline p {", //
  "  fit = train(data: prep.tran)",
  "}",
  "",
].join("\n");
const LIB = ["component train {", "  input data: Dataset", "}", ""].join("\n");
const sources = new Map([
  ["main.mlpipe", MAIN],
  ["lib/train.mlpipe", LIB],
]);

describe("renderDiagnostic", () => {
  it("prints the header, the source line and ~ under the span", () => {
    const d = diag("MLP2003", "Step 'prep' has no output 'tran'.", loc("main.mlpipe", 2, 21, 2, 30));
    expect(renderDiagnostic(d, sources)).toBe(
      [
        "main.mlpipe:2:21 - error MLP2003: Step 'prep' has no output 'tran'.",
        "",
        "2   fit = train(data: prep.tran)",
        "                      ~~~~~~~~~",
        "",
      ].join("\n"),
    );
  });

  it("names warnings and infos by their severity", () => {
    const w = diag("MLP2029", "Nothing is used.", loc("main.mlpipe", 1, 1, 1, 9), "warning");
    const i = diag("MLP3001", "Cached.", loc("main.mlpipe", 1, 1, 1, 9), "info");
    expect(renderDiagnostic(w, sources).split("\n")[0]).toBe("main.mlpipe:1:1 - warning MLP2029: Nothing is used.");
    expect(renderDiagnostic(i, sources).split("\n")[0]).toBe("main.mlpipe:1:1 - info MLP3001: Cached.");
  });

  it("gives an empty span one ~", () => {
    const d = diag("MLP1005", "Unexpected end of file; expected '}'.", loc("main.mlpipe", 3, 2, 3, 2));
    expect(renderDiagnostic(d, sources).split("\n").slice(2, 4)).toEqual(["3 }", "   ~"]);
  });

  it("underlines a span that goes on to further lines up to the end of its first line", () => {
    const d = diag("MLP2028", "Pipeline 'p' has no steps.", loc("main.mlpipe", 1, 10, 3, 2));
    expect(renderDiagnostic(d, sources).split("\n").slice(2, 4)).toEqual(["1 pipeline p {", "           ~~~"]);
  });

  it("keeps tabs before the span so the ~ line up whatever the tab width", () => {
    const src = new Map([["t.mlpipe", "\t\tx = y(\tz)\n"]]);
    const u = underlineSpan("\t\tx = y(\tz)", loc("t.mlpipe", 1, 8, 1, 10));
    expect(u).toEqual({ prefix: "\t\t     ", squiggle: "~~" });
    const d = diag("MLP2002", "Unknown name 'z'.", loc("t.mlpipe", 1, 8, 1, 10));
    expect(renderDiagnostic(d, src).split("\n").slice(2, 4)).toEqual(["1 \t\tx = y(\tz)", "  \t\t     ~~"]);
  });

  it("widens the gutter to the line number", () => {
    const text = Array.from({ length: 120 }, (_, i) => `line${i + 1}`).join("\n");
    const d = diag("MLP1004", "Unexpected x.", loc("big.mlpipe", 105, 1, 105, 5));
    expect(renderDiagnostic(d, new Map([["big.mlpipe", text]])).split("\n").slice(2, 4)).toEqual([
      "105 line105",
      "    ~~~~",
    ]);
  });

  it("shows a window of a very long line, with the span in it", () => {
    const line = "a".repeat(100_000) + "BAD" + "b".repeat(100_000);
    const d = diag("MLP1001", "Unexpected character 'B'.", loc("long.mlpipe", 1, 100_001, 1, 100_004));
    const [, , shown, under] = renderDiagnostic(d, new Map([["long.mlpipe", line]])).split("\n");
    expect(shown.length).toBeLessThan(260);
    expect(shown.startsWith("1 …")).toBe(true);
    expect(shown.endsWith("…")).toBe(true);
    const at = under.indexOf("~");
    expect(shown.slice(at, at + 3)).toBe("BAD");
    expect(under.slice(at)).toBe("~~~");
  });

  it("shows control characters of a source line as U+FFFD, one column each", () => {
    const src = new Map([["bin.mlpipe", "ab\u0000\u001b[31mcd\n"]]);
    const d = diag("MLP1001", "Unexpected character '\\u0000'.", loc("bin.mlpipe", 1, 3, 1, 4));
    const out = renderDiagnostic(d, src);
    expect(out).not.toMatch(/[\u0000\u001b]/);
    expect(out.split("\n").slice(2, 4)).toEqual(["1 ab\ufffd\ufffd[31mcd", "    ~"]);
  });

  it("escapes control characters in messages", () => {
    const d = diag("MLP1001", "Unexpected character '\u001b'.", loc("main.mlpipe", 1, 1, 1, 2));
    expect(renderDiagnostic(d, sources).split("\n")[0]).toBe(
      "main.mlpipe:1:1 - error MLP1001: Unexpected character '\\u001b'.",
    );
  });

  it("renders a diagnostic without a location as one line", () => {
    expect(renderDiagnostic(diag("MLP9001", "Cannot read 'x': no such file or directory."), sources)).toBe(
      "error MLP9001: Cannot read 'x': no such file or directory.\n",
    );
  });

  it("prints only the header when the source is not known", () => {
    const d = diag("MLP2001", "Unknown component 'x'.", loc("gone.mlpipe", 4, 1, 4, 2));
    expect(renderDiagnostic(d, sources)).toBe("gone.mlpipe:4:1 - error MLP2001: Unknown component 'x'.\n");
  });

  it("prints the excerpt of the line after the last newline (end of file)", () => {
    const d = diag("MLP1005", "Unexpected end of file; expected '}'.", loc("main.mlpipe", 4, 1, 4, 1));
    expect(renderDiagnostic(d, sources).split("\n").slice(2, 4)).toEqual(["4 ", "  ~"]);
  });

  it("prints each related location indented, with its excerpt and message", () => {
    const d = diag("MLP2004", "'train' has no input 'dta'.", loc("main.mlpipe", 2, 15, 2, 19), "error", [
      { message: "'train' is declared here.", loc: loc("lib/train.mlpipe", 1, 11, 1, 16) },
      { message: "Its inputs are declared here.", loc: loc("lib/train.mlpipe", 2, 3, 2, 22) },
    ]);
    expect(renderDiagnostic(d, sources)).toBe(
      [
        "main.mlpipe:2:15 - error MLP2004: 'train' has no input 'dta'.",
        "",
        "2   fit = train(data: prep.tran)",
        "                ~~~~",
        "",
        "  lib/train.mlpipe:1:11",
        "    1 component train {",
        "                ~~~~~",
        "    'train' is declared here.",
        "",
        "  lib/train.mlpipe:2:3",
        "    2   input data: Dataset",
        "        ~~~~~~~~~~~~~~~~~~~",
        "    Its inputs are declared here.",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked, with every escape reset", () => {
    const d = diag("MLP2003", "Bad.", loc("main.mlpipe", 2, 3, 2, 6));
    const plain = renderDiagnostic(d, sources);
    const colored = renderDiagnostic(d, sources, { color: true });
    expect(plain).not.toContain("\u001b");
    expect(colored).toContain("\u001b[91merror\u001b[0m");
    // Without the escapes the text is the same.
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });
});

describe("renderSummary", () => {
  const a = loc("a.mlpipe", 1, 1, 1, 2);
  const b = loc("b.mlpipe", 1, 1, 1, 2);
  it("counts errors and the files they are in", () => {
    expect(renderSummary([diag("MLP1", "x", a)])).toBe("Found 1 error.");
    expect(renderSummary([diag("MLP1", "x", a), diag("MLP1", "y", a)])).toBe("Found 2 errors.");
    expect(renderSummary([diag("MLP1", "x", a), diag("MLP1", "y", a), diag("MLP1", "z", b)])).toBe(
      "Found 3 errors in 2 files.",
    );
  });
  it("counts warnings, not infos", () => {
    expect(renderSummary([diag("MLP1", "x", a), diag("MLP2", "w", b, "warning")])).toBe(
      "Found 1 error and 1 warning in 2 files.",
    );
    expect(renderSummary([diag("MLP2", "w", a, "warning"), diag("MLP2", "w", a, "warning")])).toBe("Found 2 warnings.");
    expect(renderSummary([diag("MLP3", "i", a, "info")])).toBe("");
    expect(renderSummary([])).toBe("");
  });
  it("does not count diagnostics without a location as files", () => {
    expect(renderSummary([diag("MLP9001", "x"), diag("MLP1", "y", a)])).toBe("Found 2 errors.");
  });
});

describe("renderDiagnostics", () => {
  it("separates blocks by a blank line and ends with the summary", () => {
    const out = renderDiagnostics(
      [diag("MLP9002", "No .mlpipe files found in 'x'."), diag("MLP2003", "Bad.", loc("main.mlpipe", 3, 1, 3, 2))],
      sources,
    );
    expect(out).toBe(
      [
        "error MLP9002: No .mlpipe files found in 'x'.",
        "",
        "main.mlpipe:3:1 - error MLP2003: Bad.",
        "",
        "3 }",
        "  ~",
        "",
        "Found 2 errors.",
        "",
      ].join("\n"),
    );
  });
  it("prints nothing for no diagnostics", () => {
    expect(renderDiagnostics([], sources)).toBe("");
  });
});

describe("renderJson", () => {
  it("writes every field in a fixed order, with null for a missing location", () => {
    const d = diag("MLP2004", "m", loc("main.mlpipe", 2, 15, 2, 19), "warning", [
      { message: "here", loc: loc("lib/train.mlpipe", 1, 11, 1, 16) },
    ]);
    const text = renderJson([d, diag("MLP9001", "n")]);
    expect(text.endsWith("]\n")).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed).toEqual([
      {
        code: "MLP2004",
        severity: "warning",
        message: "m",
        file: "main.mlpipe",
        line: 2,
        col: 15,
        endLine: 2,
        endCol: 19,
        related: [{ message: "here", file: "lib/train.mlpipe", line: 1, col: 11, endLine: 1, endCol: 16 }],
      },
      { code: "MLP9001", severity: "error", message: "n", file: null, line: null, col: null, endLine: null, endCol: null, related: [] },
    ]);
    expect(Object.keys(parsed[0])).toEqual(["code", "severity", "message", "file", "line", "col", "endLine", "endCol", "related"]);
  });
  it("is an empty array for no diagnostics", () => {
    expect(renderJson([])).toBe("[]\n");
  });
});
