import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { generatePipeline } from "../../bench/generate.js";

/*
 * Inputs for the fuzz test: token soups from the language's vocabulary, valid sources with random
 * mutations (characters, tokens, bytes), deep nesting and very long lines. Each input is a set of
 * in-memory files and the root to check.
 */

export interface FuzzInput {
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly root: string;
}

const ROOT = "main.mlpipe";
const repo = new URL("../../", import.meta.url);
const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, repo)), "utf8");

/** A small library the fuzzed sources may import, valid on its own. */
const LIB = `component lib_step {
  image "ghcr.io/fuzz/lib:1.0.0"
  input  data: Dataset
  input  n: Int = 3
  output out: Dataset
  run    ["lib", data.path, "--n=\${n}", out.path]
}
`;

/** Every terminal of grammar/mlpipe.ebnf (keywords and punctuation), so new syntax is fuzzed too. */
function ebnfTerminals(): string[] {
  const ebnf = read("grammar/mlpipe.ebnf");
  const terminals = new Set<string>();
  for (const m of ebnf.matchAll(/"([^"\s]+)"|'([^'\s]+)'/g)) terminals.add(m[1] ?? m[2]);
  const header = /RESERVED words can never be names:([\s\S]*?)\*\)/.exec(ebnf)?.[1] ?? "";
  for (const w of header.split(/\s+/)) if (/^[A-Za-z]+$/.test(w) && !/^[A-Z]/.test(w)) terminals.add(w);
  return [...terminals].filter((t) => !t.includes("?")).sort();
}

/** Words and fragments that are not terminals: names, literals, comments, odd characters. */
const EXTRA = [
  "x", "y", "a_1", "_", "Z9", "step1", "data", "model", "String", "Int", "Float", "Bool", "List", "Struct", "Dataset",
  "Model", "Metrics", "Artifact", "HTML", "Markdown", "Status", "secret", "configmap", "pvc", "emptyDir", "collect",
  "0", "1", "42", "1.5", "0.001", "2e-4", "1e", "1.", "99999999999999999999999", "1e400",
  '"s"', '""', '"${x}"', '"${a.b}"', '"${"', '"${}"', '"${1}"', '"\\q"', '"\\u{1F600}"', '"\\u{110000}"', '"\\u{}"', '"unterminated',
  '"""', '"""a\nb"""', '"""${x}"""', '"lib.mlpipe"', '"main.mlpipe"', '"missing.mlpipe"', '"/abs.mlpipe"', '"../up.mlpipe"',
  '"ghcr.io/a/b:1"', '"8Gi"', '"500m"', '"30s"', '"0 3 * * *"', '"s3://b/k"', '"models:/m/1"',
  "# comment", "#", "\n", "\t", "\r\n", "\r", " ", "@", "$", "!", "&", "\\", "`", "é", "日本", "😀", "\u0000", "\u200b", "\ufeff", "\u2028",
];

export const VOCABULARY = [...new Set([...ebnfTerminals(), ...EXTRA])];

/** Valid sources to mutate: generated pipelines, small hand-written ones and the examples. */
function corpus(): string[] {
  const small = [
    `import "lib.mlpipe"
component train {
  image "ghcr.io/fuzz/train:1.0.0"
  input  data: Dataset
  input  lr: Float = 0.01
  input  tag: String?
  output model: Model
  output acc: Float
  run    ["train", data.path, "--lr=\${lr}", if tag ["--tag", tag] else ["--no-tag"], model.path, acc.path]
  env    { A: "1", B: secret("s", "k"), C: configmap("c", "k") }
  volumes { "/data": pvc("claim"), "/tmp": emptyDir() }
  resources { cpu 1 .. 2  memory "1Gi"  gpu 1 "nvidia-a100" }
  retry 2 backoff "10s" factor 2 max "1m"
  timeout "1h"
  nodeSelector { pool: "gpu" }
  tolerations [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }]
}
pipeline p {
  description "fuzz base"
  param uri: String = "s3://b/k"
  param shards: List<Int> = [1, 2]
  output best: Model = fit.model
  schedule "0 3 * * *" timezone "UTC" concurrency Forbid
  cache off
  d = import Dataset from uri { reimport  metadata { k: "v" } }
  l = lib_step(data: d.artifact, n: 2)
  fit = train(data: l.out, lr: 0.1) { cache on maxAge "24h"  displayName "fit"  resources { gpu 2 "nvidia-a100" mig "1g.10gb" } }
  if fit.acc >= 0.9 and not (fit.acc > 1.0) {
    deploy_it = train(data: l.out) after fit
  } elif fit.acc < 0.1 {
    serve fraud { model sklearn from fit.model }
  } else {
    for s in shards parallel 2 { t = train(data: l.out, lr: 0.5) }
  }
  finally { done = train(data: d.artifact) { always } }
}
tune hpo of train {
  objective maximize acc goal 0.95
  algorithm bayesianoptimization { random_state: 1 }
  search lr: Float in 0.001 .. 0.1 log
  search tag: String in ["a", "b"]
  trials 10 parallel 2 failures 1
  with { data: "s3://b/d" }
  collector file "/m.txt"
}
serve srv {
  model sklearn from "s3://b/m" version "1"
  runtime "kserve-sklearnserver"
  replicas 1 .. 3
  scale rps 10
  canary 10%
  mode raw
  transformer { image "ghcr.io/fuzz/t:1"  args ["--x"] }
}
`,
    `pipeline tiny { a = lib_step(data: b.out) }\n`,
  ];
  const examples = readdirSync(fileURLToPath(new URL("examples/", repo)), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".mlpipe"))
    .sort()
    .map((f) => read(`examples/${f}`));
  return [...small, generatePipeline(8, { seed: 1 }), generatePipeline(16, { seed: 2 }), generatePipeline(24, { seed: 3 }), ...examples];
}

export const CORPUS = corpus();

const COMMON = read("examples/components/common.mlpipe");

/** The files every input sees beside its root: a library, a file importing the root (cycles), the examples' components. */
function withLibraries(root: string | Uint8Array): Record<string, string | Uint8Array> {
  return {
    [ROOT]: root,
    "lib.mlpipe": LIB,
    "cyc.mlpipe": `import "main.mlpipe"\n${LIB.replace("lib_step", "cyc_step")}`,
    "components/common.mlpipe": COMMON,
  };
}
const TOKEN = /\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"?|#[^\n]*|\.\.|[=!<>]=|[\s\S]/gu;
const tokens = (text: string): string[] => text.match(TOKEN) ?? [];

/** Unicode text that may contain anything: astral characters, controls, lone surrogates. */
const anyText = fc.string({ unit: "binary", maxLength: 8 });
const fragment = fc.oneof(fc.constantFrom(...VOCABULARY), anyText);

type Mutation =
  | { op: "delete"; at: number; len: number }
  | { op: "insert"; at: number; text: string }
  | { op: "duplicate"; at: number; len: number }
  | { op: "swap"; at: number; other: number; len: number }
  | { op: "truncate"; at: number }
  | { op: "deleteToken"; at: number }
  | { op: "insertToken"; at: number; text: string }
  | { op: "duplicateToken"; at: number; len: number }
  | { op: "swapTokens"; at: number; other: number }
  | { op: "replaceToken"; at: number; pick: number; expr: string };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: position, len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("insert" as const), at: position, text: fragment }),
  fc.record({ op: fc.constant("duplicate" as const), at: position, len: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ op: fc.constant("swap" as const), at: position, other: position, len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: position }),
  fc.record({ op: fc.constant("deleteToken" as const), at: position }),
  fc.record({ op: fc.constant("insertToken" as const), at: position, text: fc.constantFrom(...VOCABULARY) }),
  fc.record({ op: fc.constant("duplicateToken" as const), at: position, len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant("swapTokens" as const), at: position, other: position }),
);

/** Expressions that fit where a value goes, to keep mutated sources parseable and reach validation. */
const EXPRESSIONS = [
  "0", "-1", "1.5", "1e3", '"s"', '""', '"${x}"', "true", "false", "null", "[]", "{}", "[1, 2]", '["a"]', "{ a: 1 }",
  "x", "x.y", "pipeline.status", "collect(x.y)", "not true", "1 < 2", "(1 == 1) and false", "secret(\"s\", \"k\")",
];

/** Replacements that usually keep the syntax valid: a name for another name, a literal for an expression. */
const semanticMutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constant("replaceToken" as const),
  at: position,
  pick: position,
  expr: fc.constantFrom(...EXPRESSIONS),
});

function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.op) {
    case "delete":
      return text.slice(0, at) + text.slice(at + m.len);
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "duplicate":
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    case "swap": {
      const other = text.length === 0 ? 0 : m.other % (text.length + 1);
      const [a, b] = at <= other ? [at, other] : [other, at];
      const len = Math.min(m.len, b - a);
      return text.slice(0, a) + text.slice(b, b + len) + text.slice(a + len, b) + text.slice(a, a + len) + text.slice(b + len);
    }
    case "truncate":
      return text.slice(0, at);
  }
  const ts = tokens(text);
  const i = ts.length === 0 ? 0 : m.at % ts.length;
  switch (m.op) {
    case "deleteToken":
      ts.splice(i, 1);
      break;
    case "insertToken":
      ts.splice(i, 0, m.text);
      break;
    case "duplicateToken":
      ts.splice(i, 0, ...ts.slice(i, i + m.len));
      break;
    case "swapTokens": {
      const j = ts.length === 0 ? 0 : m.other % ts.length;
      [ts[i], ts[j]] = [ts[j], ts[i]];
      break;
    }
    case "replaceToken": {
      // Find the next name or literal from `i` on and replace it with one of its kind.
      const name = /^[A-Za-z_]\w*$/;
      const literal = /^(?:\d|")/;
      const k = ts.findIndex((t, j) => j >= i && (name.test(t) || literal.test(t)));
      if (k < 0) break;
      if (name.test(ts[k])) {
        const names = ts.filter((t) => name.test(t));
        ts[k] = names[m.pick % names.length];
      } else ts[k] = m.expr;
      break;
    }
  }
  return ts.join("");
}

/** Random sequences of the language's words and punctuation, with random spacing. */
export const tokenSoup: fc.Arbitrary<FuzzInput> = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(" ", " ", "", "\n", "\t")), { maxLength: 80 })
  .map((parts) => ({ files: withLibraries(parts.map(([t, sep]) => t + sep).join("")), root: ROOT }));

/** Valid sources with a few character- and token-level mutations; sometimes in an imported file. */
export const mutatedSource: fc.Arbitrary<FuzzInput> = fc
  .record({
    base: fc.nat({ max: CORPUS.length - 1 }),
    mutations: fc.oneof(
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.array(semanticMutation, { minLength: 1, maxLength: 4 }),
    ),
    inLibrary: fc.boolean(),
  })
  .map(({ base, mutations, inLibrary }) => {
    const text = mutations.reduce(applyMutation, CORPUS[base]);
    if (!inLibrary) return { files: withLibraries(text), root: ROOT };
    // The mutated text is imported by a valid root.
    const files = withLibraries(`import "lib2.mlpipe"\npipeline r { a = lib_step(data: b.out) }\n`);
    return { files: { ...files, "lib2.mlpipe": text }, root: ROOT };
  });

/**
 * Strings and numbers that test how back ends write user text and numbers: engine placeholders and
 * expressions, control characters, YAML look-alikes, quotes, exponents.
 */
const TEXTS = [
  '"{{workflow.name}}"', '"{{"', '"}}"', '"a { b"', '"{ {x} }"', '"\\u{1b}[0m"', '"\\u{0}"', '"\\u{7f}\\u{85}\\u{2028}"', '"\\u{feff}"',
  '"yes"', '"1e3"', '"0x1F"', '"null"', '"~"', '"- x"', '"#x"', '": x"', '"it\'s"', '"a\\"b"', '"\\\\"', '"  "', '"a\\nb "', '"\\t"',
  "\"' || 'a' == 'a\"", '"$(HOME) $$ \\${x}"', '"é日本😀"', '"x".repeat(70)', '""',
].map((t) => (t === '"x".repeat(70)' ? `"${"x".repeat(70)}"` : t));
const NUMBERS = ["0", "1", "0.0000001", "100000000000000000000000", "1.5", "0.1", "2e-4", "1e21", "123456789.125", "3"];

/** Valid sources with string and number literals swapped for others: mostly still valid, values vary. */
export const literalMutant: fc.Arbitrary<FuzzInput> = fc
  .record({
    base: fc.nat({ max: CORPUS.length - 1 }),
    swaps: fc.array(fc.record({ at: position, pick: position }), { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, swaps }) => {
    const ts = tokens(CORPUS[base]);
    // Not the strings after `import` and `image`, whose change only makes a checking error.
    const literals = ts.flatMap((t, i) => {
      const before = ts.slice(Math.max(0, i - 2), i).join("").trim();
      return (/^"/.test(t) && !t.startsWith('"""') && !/^(?:import|image)$/.test(before)) || /^\d/.test(t) ? [i] : [];
    });
    for (const w of swaps) {
      if (literals.length === 0) break;
      const i = literals[w.at % literals.length];
      ts[i] = ts[i].startsWith('"') ? TEXTS[w.pick % TEXTS.length] : NUMBERS[w.pick % NUMBERS.length];
    }
    return { files: withLibraries(ts.join("")), root: ROOT };
  });

const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80], // overlong NUL
  [0xc3], // truncated two-byte sequence
  [0xe2, 0x82], // truncated three-byte sequence
  [0xed, 0xa0, 0x80], // UTF-16 surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80], // five-byte form
  [0x80], // lone continuation byte
  [0x00],
  [0xef, 0xbb, 0xbf], // BOM (valid, but only at the start)
];

/** Valid sources as bytes, with invalid UTF-8, NUL bytes, BOMs or random bytes spliced in. */
export const mutatedBytes: fc.Arbitrary<FuzzInput> = fc
  .record({
    base: fc.nat({ max: CORPUS.length - 1 }),
    edits: fc.array(
      fc.record({
        at: position,
        bytes: fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 })),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    truncate: fc.option(position, { nil: undefined }),
  })
  .map(({ base, edits, truncate }) => {
    let bytes = Array.from(new TextEncoder().encode(CORPUS[base]));
    for (const e of edits) {
      const at = e.at % (bytes.length + 1);
      bytes = [...bytes.slice(0, at), ...e.bytes, ...bytes.slice(at)];
    }
    if (truncate !== undefined) bytes = bytes.slice(0, truncate % (bytes.length + 1));
    return { files: withLibraries(Uint8Array.from(bytes)), root: ROOT };
  });

/** Brackets, blocks, `not`s and type arguments nested deeply, closed or not. */
export const deepNesting: fc.Arbitrary<FuzzInput> = fc
  .record({
    depth: fc.integer({ min: 1, max: 5_000 }),
    shape: fc.constantFrom("paren", "list", "struct", "not", "minus", "if", "for", "type", "interp", "call"),
    closed: fc.boolean(),
  })
  .map(({ depth, shape, closed }) => {
    const rep = (s: string, n = depth): string => s.repeat(n);
    const close = (s: string): string => (closed ? rep(s) : "");
    let body: string;
    switch (shape) {
      case "paren":
        body = `pipeline p { a = f(x: ${rep("(")}1${close(")")}) }`;
        break;
      case "list":
        body = `pipeline p { param l: List<Int> = ${rep("[")}1${close("]")} }`;
        break;
      case "struct":
        body = `component c { env ${rep("{ a: ")}1${close(" }")} }`;
        break;
      case "not":
        body = `pipeline p { if ${rep("not ")}true { a = f() } }`;
        break;
      case "minus":
        body = `pipeline p { a = f(x: ${rep("-")}1) }`;
        break;
      case "if":
        body = `pipeline p { ${rep("if true { ")}a = f()${close(" }")} }`;
        break;
      case "for":
        body = `pipeline p { ${Array.from({ length: depth }, (_, i) => `for v${i} in [1] { `).join("")}a = f()${close(" }")} }`;
        break;
      case "type":
        body = `component c { input x: ${rep("List<")}Int${close(">")} }`;
        break;
      case "interp":
        body = `pipeline p { a = f(x: "${rep("${")}x${close("}")}") }`;
        break;
      case "call":
        body = `pipeline p { a = ${rep("f(x: ")}1${close(")")} }`;
        break;
    }
    return { files: withLibraries(body), root: ROOT };
  });

/** Single lines of tens of thousands of characters: strings, names, lists, comments, references. */
export const longLines: fc.Arbitrary<FuzzInput> = fc
  .record({
    length: fc.integer({ min: 1_000, max: 12_000 }),
    shape: fc.constantFrom("string", "name", "list", "comment", "reference", "args", "number", "steps", "triple"),
  })
  .map(({ length, shape }) => {
    const n = (unit: number): number => Math.max(1, Math.floor(length / unit));
    let body: string;
    switch (shape) {
      case "string":
        body = `pipeline p { a = f(x: "${"a".repeat(length)}") }`;
        break;
      case "name":
        body = `pipeline p { ${"n".repeat(length)} = f() }`;
        break;
      case "list":
        body = `pipeline p { param l: List<Int> = [${Array(n(3)).fill("1").join(", ")}] }`;
        break;
      case "comment":
        body = `# ${"c".repeat(length)}\npipeline p { a = f() }`;
        break;
      case "reference":
        body = `pipeline p { a = f(x: a${".b".repeat(n(2))}) }`;
        break;
      case "args":
        body = `pipeline p { a = f(${Array.from({ length: n(8) }, (_, i) => `x${i}: ${i}`).join(", ")}) }`;
        break;
      case "number":
        body = `pipeline p { a = f(x: ${"9".repeat(length)}.${"9".repeat(10)}) }`;
        break;
      case "steps":
        body = `import "lib.mlpipe" pipeline p { ${Array.from({ length: n(40) }, (_, i) => `s${i} = lib_step(data: d.out)`).join(" ")} }`;
        break;
      case "triple":
        body = `component c { image "i:1" run ["sh", "-c", """${"${x}".repeat(n(4))}"""] }`;
        break;
    }
    return { files: withLibraries(body), root: ROOT };
  });
