import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/compiler.js";
import { fileHost } from "../../src/cli/fs-host.js";
import { parseSource } from "../../src/fmt/source.js";
import { programToJson } from "../../src/ir/json.js";
import { mlpipeLexer } from "../../src/syntax/lexer.js";
import { memoryHost } from "../../src/frontend/host.js";
import { literalMutant, mutatedSource, tokenSoup, type FuzzInput } from "../fuzz/arbitraries.js";
import { exampleFiles } from "../helpers.js";
import { commentTexts, format } from "./support.js";

/*
 * The formatter is the inverse of the parser (STYLE.md, habit 9): over every example, every .mlpipe
 * file of the test suite that parses, and fuzzed layouts of the examples, formatting is idempotent,
 * keeps every comment and leaves the IR (without locations) as it was.
 */

const REPO = process.cwd();

/** What a file means: its IR without locations, or the codes of what is wrong with it. */
function meaning(file: string, text: string): string {
  const disk = fileHost(REPO);
  const host = { readFile: (path: string) => (path === file ? new TextEncoder().encode(text) : disk.readFile(path)) };
  const result = checkFile(file, host);
  if (result.program !== undefined && !result.diagnostics.some((d) => d.severity === "error")) return programToJson(result.program, { withLoc: false });
  return result.diagnostics.map((d) => d.code).join(",");
}

/** Formats `text` and checks the three properties against `file`'s original meaning and comments. */
async function expectFaithful(file: string, text: string, original: { meaning: string; comments: string[] }): Promise<void> {
  const once = await format(text);
  expect(await format(once)).toBe(once);
  expect(commentTexts(once)).toEqual(original.comments);
  expect(meaning(file, once)).toBe(original.meaning);
}

function mlpipeFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".mlpipe"))
    .map((f) => relative(REPO, join(dir, f)))
    .sort();
}

const corpus = [...exampleFiles(), ...mlpipeFiles("test")].filter((f) => "source" in parseSource(readFileSync(f, "utf8"), f));

describe("formatting every .mlpipe file of the repository", () => {
  it("finds the examples and the test suite's sources", () => {
    // Every example parses, so none is left out.
    expect(corpus).toEqual(expect.arrayContaining(exampleFiles()));
    expect(corpus.length).toBeGreaterThan(150);
  });

  for (const file of corpus) {
    it(`is idempotent, keeps the comments and the IR of ${file}`, async () => {
      const text = readFileSync(file, "utf8");
      await expectFaithful(file, text, { meaning: meaning(file, text), comments: commentTexts(text) });
    });
  }
});

/** The tokens and comments of a valid file, in order, as texts. */
function pieces(text: string): { image: string; comment: boolean }[] {
  const lexed = mlpipeLexer().tokenize(text);
  return [...lexed.tokens, ...((lexed.groups.comments ?? []) as typeof lexed.tokens)]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => ({ image: t.image, comment: t.image.startsWith("#") }));
}

const SEPARATORS = [" ", "  ", "\n", "\n\n", "\n\n\n", "\t", " \n  ", "\r\n", "\r\n\r\n"];

/**
 * A new layout of the same tokens: random whitespace between them (a comment is always followed by a
 * line break) and new comments between random tokens, at the end of a line or on a line of their own.
 */
function relayout(original: string, separators: readonly number[], inserted: readonly number[]): string {
  const ps = pieces(original);
  const at = new Set(inserted.map((i) => i % (ps.length + 1)));
  let out = "";
  ps.forEach((p, i) => {
    const sep = SEPARATORS[separators[i % separators.length]];
    if (at.has(i)) out += `${i % 2 === 0 ? "\n" : " "}# fuzz ${i}\n`;
    out += p.image;
    out += p.comment && !sep.includes("\n") ? "\n" : sep;
  });
  return out;
}

describe("formatting fuzzed layouts of the examples", () => {
  const examples = exampleFiles().map((file) => {
    const text = readFileSync(file, "utf8");
    return { file, text, meaning: meaning(file, text) };
  });

  it("is idempotent, keeps every comment and the IR", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: examples.length - 1 }),
        fc.array(fc.nat({ max: SEPARATORS.length - 1 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (which, separators, inserted) => {
          const { file, text, meaning: original } = examples[which];
          const fuzzed = relayout(text, separators, inserted);
          expect("source" in parseSource(fuzzed, file)).toBe(true);
          await expectFaithful(file, fuzzed, { meaning: original, comments: commentTexts(fuzzed) });
        },
      ),
      { numRuns: Number(process.env.MLPC_FMT_FUZZ_RUNS ?? 60) },
    );
  }, 120_000);
});

describe("formatting the fuzz suite's inputs (test/fuzz)", () => {
  /** What `input.root` means with `text` in its place: its IR without locations, or its error codes. */
  function fuzzMeaning(input: FuzzInput, text: string): string {
    const result = checkFile(input.root, memoryHost({ ...input.files, [input.root]: text }));
    if (result.program !== undefined && !result.diagnostics.some((d) => d.severity === "error")) return programToJson(result.program, { withLoc: false });
    return result.diagnostics.map((d) => d.code).join(",");
  }

  it("either refuses a file with a SyntaxError or formats it idempotently, keeping its comments and meaning", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedSource, literalMutant, tokenSoup), async (input) => {
        const root = input.files[input.root];
        if (typeof root !== "string") return;
        let once: string;
        try {
          once = await format(root);
        } catch (err) {
          expect((err as Error).name).toBe("SyntaxError");
          expect("diagnostics" in parseSource(root, input.root)).toBe(true);
          return;
        }
        expect(await format(once)).toBe(once);
        expect(commentTexts(once)).toEqual(commentTexts(root));
        expect(fuzzMeaning(input, once)).toBe(fuzzMeaning(input, root));
      }),
      { numRuns: Number(process.env.MLPC_FMT_FUZZ_RUNS ?? 150), seed: 20_261_206 },
    );
  }, 120_000);
});
