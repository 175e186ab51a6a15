import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/**
 * Diagnostics of every shape the formats must carry: an error with a related location, a warning, an
 * info, one without a location, a column after an astral character (UTF-16: 2 code units), files with
 * CRLF and CR-only line ends, a file name with `%`, `:` and `,`, a warning an `mlpc-disable-next-line`
 * directive suppresses (only SARIF prints it) and the warning of a directive that suppresses nothing.
 */

export const MAIN = "pipeline p {\n  fit = train(data: prep.tran)\n}\n";
/** `🚀` is one code point and two UTF-16 code units, so `train` starts at column 12, not 11. */
export const UNICODE = 'pipeline p { # 🚀\n  x = "🚀" train()\n}\n';
export const CRLF = "component c {\r\n  image \"python:latest\"\r\n}\r\n";
export const CR_ONLY = "component d {\r  image \"python\"\r}\r";
export const ODD_NAME = "a%b:c,d.mlpipe";
export const SUPPRESSING = [
  "component e {",
  "  # mlpc-disable-next-line MLP2050 -- the nightly base image is meant to change",
  '  image "python:latest"',
  "  # mlpc-disable-next-line mlpc/image-digest -- pinned by the registry",
  "}",
  "",
].join("\n");

export const SOURCES: ReadonlyMap<string, string> = new Map([
  ["main.mlpipe", MAIN],
  ["lib/unicode.mlpipe", UNICODE],
  ["crlf.mlpipe", CRLF],
  ["cr.mlpipe", CR_ONLY],
  [ODD_NAME, MAIN],
  ["suppressing.mlpipe", SUPPRESSING],
]);

export const FIXTURE: readonly Diagnostic[] = [
  {
    code: "MLP2003",
    severity: "error",
    message: "Step 'prep' has no output 'tran'. Did you mean 'train'?",
    loc: { file: "main.mlpipe", line: 2, col: 26, endLine: 2, endCol: 30 },
    related: [{ message: "Step 'prep' is declared here.", loc: { file: "lib/unicode.mlpipe", line: 1, col: 10, endLine: 1, endCol: 11 } }],
  },
  {
    code: "MLP2001",
    severity: "error",
    message: "Unknown component or pipeline 'train'.",
    loc: { file: "lib/unicode.mlpipe", line: 2, col: 12, endLine: 2, endCol: 17 },
    related: [],
  },
  {
    code: "MLP2050",
    severity: "warning",
    message: "Image 'python:latest' uses the tag 'latest', so it can change between runs and its steps are never cached; pin a version tag or a digest.",
    loc: { file: "crlf.mlpipe", line: 2, col: 9, endLine: 2, endCol: 24 },
    related: [],
  },
  {
    code: "MLP2050",
    severity: "warning",
    message: "Image 'python' has no tag, so it can change between runs and its steps are never cached; pin a version tag or a digest.",
    loc: { file: "cr.mlpipe", line: 2, col: 9, endLine: 2, endCol: 17 },
    related: [],
  },
  {
    code: "MLP4004",
    severity: "info",
    message: "100% of it, line one\r\nline two: a, b",
    loc: { file: ODD_NAME, line: 2, col: 3, endLine: 3, endCol: 2 },
    related: [],
  },
  { code: "MLP9001", severity: "error", message: "No input files match 'nothing/*.mlpipe'.", related: [] },
  {
    code: "MLP2050",
    severity: "warning",
    message: "Image 'python:latest' uses the tag 'latest', so it can change between runs and its steps are never cached; pin a version tag or a digest.",
    loc: { file: "suppressing.mlpipe", line: 3, col: 9, endLine: 3, endCol: 24 },
    related: [],
    suppressed: {
      justification: "the nightly base image is meant to change",
      loc: { file: "suppressing.mlpipe", line: 2, col: 3, endLine: 2, endCol: 80 },
    },
  },
  {
    code: "MLP5094",
    severity: "warning",
    message: "This directive suppresses nothing: no mlpc/image-digest finding starts on the next line; remove it or the rule.",
    loc: { file: "suppressing.mlpipe", line: 4, col: 3, endLine: 4, endCol: 71 },
    related: [],
  },
];
