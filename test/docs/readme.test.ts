/**
 * The README's examples do what the README says: every fenced `ts` or `mlpipe` block that is a whole
 * file compiles to every target with no diagnostic at all, and the suppression example lints clean.
 * A newcomer copies these first; a warning in one is a promise the docs break.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runMlpc } from "../cli/support.js";

export interface FencedBlock {
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/** The fenced code blocks of a Markdown text, with their info string's first word. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (open === null) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    const closes = (line: string): boolean => {
      const m = /^(`{3,}|~{3,})\s*$/.exec(line);
      return m !== null && m[1][0] === fence[0] && m[1].length >= fence.length;
    };
    while (j < lines.length && !closes(lines[j])) body.push(lines[j++]);
    blocks.push({ lang: open[2], text: body.join("\n") + "\n", line: i + 1 });
    i = j;
  }
  return blocks;
}

/** A block is a whole file when it declares what a source file exports: a pipeline module or a `.mlpipe` file with a pipeline. */
function isWholeFile(block: FencedBlock): boolean {
  if (block.lang === "ts") return /from "mlpc"/.test(block.text) && /^export /m.test(block.text);
  if (block.lang === "mlpipe") return /^pipeline\s/m.test(block.text);
  return false;
}

const readme = readFileSync(join(REPO, "README.md"), "utf8");
const whole = fencedBlocks(readme).filter(isWholeFile);
const dir = mkdtempSync(join(tmpdir(), "mlpc-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fencedBlocks", () => {
  it("finds each block with its language and the line of its fence, and nothing outside fences", () => {
    const md = "text\n```ts\nconst a = 1;\n```\nmore ``` inline\n````mlpipe\n```\nx\n````\n";
    expect(fencedBlocks(md)).toEqual([
      { lang: "ts", text: "const a = 1;\n", line: 2 },
      { lang: "mlpipe", text: "```\nx\n", line: 6 },
    ]);
  });
});

describe("the README's whole-file examples", () => {
  it("has the TypeScript pipeline and the suppression example among them", () => {
    expect(whole.map((b) => b.lang).sort()).toEqual(["mlpipe", "ts"]);
  });

  for (const block of whole) {
    it(`the ${block.lang} block at README.md:${block.line} compiles to every target without a diagnostic`, () => {
      const file = join(dir, `block-${block.line}.${block.lang}`);
      writeFileSync(file, block.text);
      const run = runMlpc(["compile", file, "-t", "all", "-o", join(dir, `out-${block.line}`)], dir);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    });
  }

  it("the suppression example lints clean, as the README says", () => {
    const block = whole.find((b) => b.lang === "mlpipe")!;
    expect(block.text).toContain("mlpc-disable-next-line");
    const file = join(dir, "suppress.mlpipe");
    writeFileSync(file, block.text);
    const run = runMlpc(["lint", "--no-config", file], dir);
    expect(run.stdout + run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
