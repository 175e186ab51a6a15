import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/compiler.js";
import type { Loc } from "../../src/ir/types.js";
import { memoryHost } from "../../src/frontend/host.js";
import { irErrors } from "../ir/validator.js";
import { deepNesting, longLines, mutatedBytes, mutatedSource, tokenSoup, type FuzzInput } from "./arbitraries.js";

/*
 * The front end never throws, whatever it reads: for every input `checkFile` returns, every diagnostic
 * has a catalog code and 1-based locations, and every program it returns has the IR's shape. Inputs
 * come from fast-check with a fixed seed, so a run is the same everywhere; a failure prints the
 * shrunk input and the seed and path to replay it.
 */

const SEED = 20_261_126;
let inputs = 0;
/** Inputs whose front end got as far as a program (so lowering and validation ran too). */
let reachedIr = 0;
const started = performance.now();

function checkLoc(loc: Loc | undefined, what: string): void {
  if (loc === undefined) return;
  if (!(Number.isInteger(loc.line) && loc.line >= 1 && Number.isInteger(loc.col) && loc.col >= 1)) {
    throw new Error(`${what} has location ${JSON.stringify(loc)}; line and col must be whole numbers ≥ 1`);
  }
}

/** The property: checking `input` returns well-formed results. Throws (so fast-check shrinks) if not. */
function checksCleanly(input: FuzzInput): void {
  inputs++;
  const result = checkFile(input.root, memoryHost(input.files));
  for (const d of result.diagnostics) {
    if (!/^MLP\d{4}$/.test(d.code)) throw new Error(`diagnostic code '${d.code}' is not MLPnnnn: ${d.message}`);
    checkLoc(d.loc, d.code);
    for (const r of d.related) checkLoc(r.loc, `${d.code} (related)`);
  }
  if (result.program !== undefined) {
    reachedIr++;
    const errors = irErrors(JSON.parse(JSON.stringify(result.program)));
    if (errors.length > 0) throw new Error(`the program does not match the IR schema: ${errors.slice(0, 5).join("; ")}`);
  }
}

function run(arbitrary: fc.Arbitrary<FuzzInput>, numRuns: number, seedOffset: number): void {
  fc.assert(fc.property(arbitrary, checksCleanly), { seed: SEED + seedOffset, numRuns, endOnFailure: false });
}

describe("fuzz: checkFile never throws", () => {
  afterAll(() => {
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${inputs} inputs checked in ${seconds.toFixed(1)} s, ${reachedIr} of them reached the IR`);
  });

  // Inputs found by this test or worth pinning down; each must check cleanly like any other.
  const edgeCases: [string, string | Uint8Array][] = [
    ["an empty file", ""],
    ["only a BOM", Uint8Array.from([0xef, 0xbb, 0xbf])],
    ["only a NUL byte", Uint8Array.from([0])],
    ["a lone continuation byte", Uint8Array.from([0x80])],
    ["a lone surrogate", "pipeline p { a = f(x: \"\ud800\") }"],
    ["an integer too large for a double", `pipeline p { param x: Float = ${"9".repeat(309)} }`],
    ["an exponent too large for a double", "pipeline p { param x: Float = 1e400 }"],
    ["a toleration effect that is a number", 'component c { image "a:1" run ["x"] tolerations [{ key: "k", effect: 0 }] }\npipeline p { a = c() }'],
    ["a file that imports itself", 'import "main.mlpipe"\npipeline p { a = f() }'],
    ["an import cycle through another file", 'import "cyc.mlpipe"\npipeline p { a = cyc_step(data: b.out) }'],
  ];
  it.each(edgeCases)("%s", (_, root) => {
    checksCleanly({ files: { "main.mlpipe": root, "cyc.mlpipe": 'import "main.mlpipe"\n' }, root: "main.mlpipe" });
  });

  it("token soups from the grammar's vocabulary", () => run(tokenSoup, 3_500, 1));

  // 5,000 full checks take tens of seconds; the limit leaves room for a machine busy with other work.
  it("valid sources with character and token mutations", () => run(mutatedSource, 5_000, 2), 180_000);

  it("sources as bytes with invalid UTF-8, NUL bytes and BOMs", () => run(mutatedBytes, 1_500, 3));

  it("deep nesting", () => run(deepNesting, 500, 4));

  it("very long lines", () => run(longLines, 500, 5));

  it("ran at least 10,000 inputs", () => {
    expect(inputs).toBeGreaterThanOrEqual(10_000);
  });
});
