import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatePipeline } from "../../bench/generate.js";
import { ALL_BACKENDS } from "../../src/cli/targets.js";
import type { Backend } from "../../src/backends/contract.js";
import { printDocument } from "../../src/output/documents.js";
import { resolve } from "../../src/passes/resolve/index.js";
import { checkFile } from "../../src/compiler.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/frontend/host.js";
import { HAVE_SHARED } from "../backends/kfp/conformance.js";
import { asSubmitted } from "../backends/argo/semcheck.js";
import { IN_CI, SHARED } from "../validators.js";
import { literalMutant, mutatedSource, type FuzzInput } from "./arbitraries.js";

/*
 * Programs the checker accepts compile to files the engines accept. Mutants of valid sources (and
 * generated pipelines) that check without an error are compiled with every back end (`-t all`), all
 * files go to one temporary directory, and each validator runs once over the files it reads:
 * `kfp-validate -W` (KFP), `k8s-validate` (Argo, Katib, KServe) and `argo-semcheck` (Argo). A file a
 * validator rejects is a failure that names the mutant and shows its source. A back-end error
 * (MLP4xxx) is fine: the program is refused, nothing is written.
 *
 * The seed is fixed; MLPC_FUZZ_VALIDATE_RUNS sets how many mutants (default 400), and outside CI
 * MLPC_FUZZ_VALIDATE_SEED another seed, for longer runs on a workstation. Without ../shared the test
 * is skipped (saying so), except under CI, where that is a failure.
 */

const SEED = 20_261_205;
const RUNS = Number(process.env.MLPC_FUZZ_VALIDATE_RUNS ?? 400);
const seed = IN_CI ? SEED : Number(process.env.MLPC_FUZZ_VALIDATE_SEED ?? SEED);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TOOLS = join(SHARED, "tools");

/** One program that checked cleanly: where it came from and its root source. */
interface Case {
  readonly label: string;
  readonly source: string;
  readonly files: Readonly<Record<string, string | Uint8Array>>;
}

/** The inputs: the mutants, then generated pipelines of several sizes (valid, every construct). */
function inputs(): Case[] {
  // Half with literals swapped (mostly still valid), half with any mutation (fewer check cleanly).
  const mutants = [
    ...fc.sample(literalMutant, { seed, numRuns: Math.ceil(RUNS / 2) }).map((m) => ["literalMutant", m] as const),
    ...fc.sample(mutatedSource, { seed, numRuns: Math.floor(RUNS / 2) }).map((m) => ["mutatedSource", m] as const),
  ];
  const cases: Case[] = mutants.map(([kind, m]: readonly [string, FuzzInput], i) => ({
    label: `mutant ${i} (${kind}, seed ${seed})`,
    source: text(m.files[m.root]),
    files: m.files,
  }));
  for (const [steps, s] of [[12, 1], [40, 2], [90, 3]] as const) {
    cases.push({ label: `generatePipeline(${steps}, { seed: ${s} })`, source: generatePipeline(steps, { seed: s }), files: { "main.mlpipe": generatePipeline(steps, { seed: s }) } });
  }
  return cases;
}

function text(content: string | Uint8Array | undefined): string {
  return typeof content === "string" ? content : new TextDecoder().decode(content ?? new Uint8Array());
}

/** Runs a validator; its output whatever its exit status (1 means some file failed). */
function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    if (e.status !== 1) throw new Error(`${command} could not run (exit ${e.status}): ${e.stderr ?? ""}`);
    return `${e.stdout ?? ""}\n${e.stderr ?? ""}`;
  }
}

/** Problems per file from validator output lines that start with the file's path (after a marker). */
function problems(output: string, paths: readonly string[], prefix: RegExp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of output.split("\n")) {
    const m = prefix.exec(line);
    if (m === null) continue;
    const path = paths.find((p) => m[1].startsWith(p));
    if (path === undefined) continue;
    out.set(path, [...(out.get(path) ?? []), line]);
  }
  return out;
}

describe("fuzz: what checks cleanly compiles to files every validator accepts", () => {
  const have = HAVE_SHARED && ["kfp-validate", "k8s-validate", "argo-semcheck"].every((t) => existsSync(join(TOOLS, t)));
  if (!have && !IN_CI) {
    it.skip(`skipped: the validators in ${TOOLS} are not there (outside this repository's CI)`, () => {});
    return;
  }

  it(`${RUNS} mutants and 3 generated pipelines, compiled with -t all, pass kfp-validate -W, k8s-validate and argo-semcheck`, async () => {
    expect(have, `${TOOLS} must hold kfp-validate, k8s-validate and argo-semcheck under CI`).toBe(true);
    const backends: Backend[] = await Promise.all(ALL_BACKENDS.map((b) => b.load()));
    const started = performance.now();
    const dir = mkdtempSync(join(tmpdir(), "mlpc-fuzz-"));
    try {
      /** Each written file's case. */
      const owner = new Map<string, Case>();
      let clean = 0;
      const cases = inputs();
      cases.forEach((c, i) => {
        const checked = checkFile("main.mlpipe", memoryHost(c.files));
        if (checked.program === undefined || hasErrors(checked.diagnostics)) return;
        clean++;
        const resolved = resolve(checked.program);
        for (const backend of backends) {
          const result = backend.emit(resolved);
          if (hasErrors(result.diagnostics)) continue; // refused, with a reason: nothing is written
          for (const f of result.documents.map(printDocument)) {
            const path = join(dir, `${String(i).padStart(5, "0")}-${f.name}`);
            writeFileSync(path, f.content);
            owner.set(path, c);
          }
        }
      });
      const paths = [...owner.keys()];
      const kfp = paths.filter((p) => p.endsWith(".kfp.yaml"));
      const argo = paths.filter((p) => p.endsWith(".argo.yaml"));
      const k8s = paths.filter((p) => /\.(argo|katib|kserve)\.yaml$/.test(p));
      const failed = new Map<string, string[]>();
      const add = (found: Map<string, string[]>): void => found.forEach((lines, p) => failed.set(p, [...(failed.get(p) ?? []), ...lines]));
      if (kfp.length > 0) add(problems(run(join(TOOLS, "kfp-validate"), ["-W", ...kfp]), kfp, /^(?:FAIL|warn):? (\S+)/));
      if (k8s.length > 0) add(problems(run("node", [join(TOOLS, "k8s-validate"), ...k8s]), k8s, /^FAIL:? (\S+)/));
      if (argo.length > 0) {
        // argo-semcheck reads a Workflow as it is submitted: a required parameter gets its value from `-p`.
        mkdirSync(join(dir, "submitted"));
        const submitted = new Map(argo.map((p) => [join(dir, "submitted", basename(p)), p]));
        for (const [to, from] of submitted) writeFileSync(to, asSubmitted({ name: basename(from), content: readFileSync(from, "utf8") }).content);
        const found = problems(run("node", [join(TOOLS, "argo-semcheck"), "--no-warn", ...submitted.keys()]), [...submitted.keys()], /^(\S+?): /);
        add(new Map([...found].map(([p, lines]) => [submitted.get(p)!, lines])));
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`fuzz/validate: ${cases.length} inputs, ${clean} checked cleanly, ${paths.length} files (${kfp.length} KFP, ${argo.length} Argo, ${k8s.length - argo.length} Katib/KServe) validated in ${seconds} s`);

      const report = [...failed].map(([path, lines]) => {
        const c = owner.get(path)!;
        return `${c.label}: ${path.slice(dir.length + 1)}\n  ${lines.slice(0, 5).join("\n  ")}\n--- source ---\n${c.source}\n--- end ---`;
      });
      expect(report, `${failed.size} files rejected`).toEqual([]);
      expect(clean, "mutants that check cleanly (the test would prove nothing without them)").toBeGreaterThan(RUNS / 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
