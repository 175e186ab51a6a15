import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { recordForSemcheck, semcheckTest } from "../backends/argo/semcheck.js";
import { requireTool, runValidator, SHARED, type ProducedFile, type Validator } from "../validators.js";

/**
 * The compile matrix (issue 13's acceptance): every example compiled with `-t all` with the optimizer,
 * without a cluster profile and on each example profile, and without the optimizer
 * (`--no-optimize`). Every file written passes `../shared/tools/conformance` (kfp-validate -W for KFP,
 * k8s-validate for Argo, Katib and KServe) in one run, and every Argo file argo-semcheck in one run.
 * Where an example asks for a GPU a profile lacks, the run fails with MLP3023 only (those pairs are
 * the ones test/cluster/examples.test.ts documents) and writes nothing.
 */

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = readdirSync(join(REPO, "examples")).filter((n) => n.endsWith(".mlpipe")).sort();
const VARIANTS: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: "optimized", args: [] },
  ...["gke", "eks", "onprem-mig"].map((p) => ({ name: p, args: ["--cluster", `examples/clusters/${p}.yaml`] })),
  { name: "no-optimize", args: ["--no-optimize"] },
];
/** The runs refused because a GPU request fits no pool of the profile. */
// kb_embeddings asks for MIG slices, which only the on-prem profile offers.
const NO_FIT = ["gke/vision_gpu.mlpipe", "eks/llm_finetune.mlpipe", "onprem-mig/vision_gpu.mlpipe", "gke/kb_embeddings.mlpipe", "eks/kb_embeddings.mlpipe"];

const CONFORMANCE = join(SHARED, "tools", "conformance");
const conformance: Validator = {
  label: "conformance",
  tool: CONFORMANCE,
  args: [],
  title: "every file of the matrix passes ../shared/tools/conformance",
  judge: (output, files) => expect(output.trim().split("\n").at(-1)).toBe(`${files.length} passed, 0 failed`),
};

const scratch = mkdtempSync(join(tmpdir(), "mlpc-matrix-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `mlpc compile EXAMPLE -t all` with `args`, in process: the exit code, stderr and the files written. */
async function compile(example: string, args: readonly string[]): Promise<{ code: number; stderr: string; files: ProducedFile[] }> {
  const out = mkdtempSync(join(scratch, "out-"));
  let stderr = "";
  const io: Io = { stdout: () => {}, stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: REPO, env: {} };
  const code = await main(["compile", `examples/${example}`, "-t", "all", "-o", out, "--no-pretty", ...args], io);
  const files = readdirSync(out).sort().map((name) => ({ name, content: readFileSync(join(out, name), "utf8") }));
  return { code, stderr, files };
}

describe("every example, with and without the optimizer, on each example profile", () => {
  const produced: ProducedFile[] = [];
  const refused: string[] = [];

  for (const example of EXAMPLES) {
    it(example, async () => {
      for (const variant of VARIANTS) {
        const r = await compile(example, variant.args);
        if (r.code !== 0) {
          expect([...r.stderr.matchAll(/ - (error|warning) (MLP\d{4})/g)].filter((m) => m[1] === "error").map((m) => m[2]).every((c) => c === "MLP3023"), r.stderr).toBe(true);
          expect(r.files, "a refused run writes nothing").toEqual([]);
          refused.push(`${variant.name}/${example}`);
          continue;
        }
        expect(r.files.length).toBeGreaterThan(1);
        const named = r.files.filter((f) => !f.name.endsWith(".ir.json")).map((f) => ({ name: `${variant.name}-${f.name}`, content: f.content }));
        produced.push(...named);
        recordForSemcheck(named.filter((f) => f.name.endsWith(".argo.yaml")));
      }
    });
  }

  it("refuses exactly the example and profile pairs that do not fit", () => {
    expect(refused.sort()).toEqual([...NO_FIT].sort());
  });

  requireTool(conformance.label, CONFORMANCE);
  it.runIf(existsSync(CONFORMANCE))(conformance.title, () => {
    // 5 variants of 5 examples, minus the refused runs, each with several files.
    expect(produced.length).toBeGreaterThan(50);
    runValidator(conformance, produced);
  });
});

semcheckTest();
