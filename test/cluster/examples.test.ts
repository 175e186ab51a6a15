import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { argoDocuments } from "../../src/backends/argo/index.js";
import { katibDocuments } from "../../src/backends/katib/index.js";
import { kserveDocuments } from "../../src/backends/kserve/index.js";
import { kfpDocuments } from "../../src/backends/kfp/index.js";
import { fileHost } from "../../src/cli/fs-host.js";
import { loadClusterProfile } from "../../src/cluster/load.js";
import { checkFile } from "../../src/compiler.js";
import { printDocument } from "../../src/output/documents.js";
import { place } from "../../src/passes/optimize/index.js";
import { resolve } from "../../src/passes/resolve/index.js";
import { k8sValidate, sharedAvailable, SKIP_REASON } from "../backends/katib/k8s-validate.js";
import { conformanceTest, recordForConformance } from "../backends/kfp/conformance.js";

/**
 * Every top-level example placed on each example cluster profile (examples/clusters): it compiles,
 * or, where the example asks for a GPU the profile lacks, MLP3023 says so. The placed Argo, Katib and
 * KServe manifests pass ../shared/tools/k8s-validate, the KFP files kfp-validate -W.
 */

const EXAMPLES = ["batch_scoring", "data_validation", "kb_embeddings", "llm_finetune", "tabular_training", "vision_gpu"];
const PROFILES = ["gke", "eks", "onprem-mig"];

/** The errors expected, as `line: message tail`, for the example and profile pairs that have any. */
const EXPECTED: Record<string, readonly string[]> = {
  // GKE's profile has A100 and L4 pools, no T4 (vision_gpu's embedding and line evaluation ask for T4s).
  "gke/vision_gpu": [
    "70: no pool has 'nvidia-tesla-t4' GPUs; the pools' GPU models are 'nvidia-a100-80gb', 'nvidia-l4'.",
    "187: no pool has 'nvidia-tesla-t4' GPUs; the pools' GPU models are 'nvidia-a100-80gb', 'nvidia-l4'.",
  ],
  // kb_embeddings asks for MIG slices of A100s: GKE's A100 pool has whole GPUs only, EKS has no A100 of 80 GB.
  "gke/kb_embeddings": [
    "20: needs 1 × MIG 1g.10gb on one node; no pool offers MIG slices.",
    "39: needs 1 × MIG 3g.40gb on one node; no pool offers MIG slices.",
  ],
  "eks/kb_embeddings": [20, 39].map(
    (line) => `${line}: no pool has 'nvidia-a100-80gb' GPUs; the pools' GPU models are 'nvidia-a100-40gb', 'nvidia-a10g', 'nvidia-l4', 'nvidia-tesla-t4'.`,
  ),
  // EKS's p4d nodes carry A100s of 40 GB; llm_finetune asks for the 80 GB model.
  "eks/llm_finetune": [61, 88, 112, 127].map(
    (line) => `${line}: no pool has 'nvidia-a100-80gb' GPUs; the pools' GPU models are 'nvidia-a100-40gb', 'nvidia-a10g', 'nvidia-l4', 'nvidia-tesla-t4'.`,
  ),
  // The on-prem cluster has A100s only.
  "onprem-mig/vision_gpu": [
    "70: no pool has 'nvidia-tesla-t4' GPUs; the pools' GPU models are 'nvidia-a100-80gb'.",
    "108: no pool has 'nvidia-l4' GPUs; the pools' GPU models are 'nvidia-a100-80gb'.",
    "142: no pool has 'nvidia-l4' GPUs; the pools' GPU models are 'nvidia-a100-80gb'.",
    "187: no pool has 'nvidia-tesla-t4' GPUs; the pools' GPU models are 'nvidia-a100-80gb'.",
  ],
};

const host = fileHost(process.cwd());

function compiled(profileName: string, example: string) {
  const path = `examples/clusters/${profileName}.yaml`;
  const profile = loadClusterProfile(path, readFileSync(path, "utf8")).profile!;
  const checked = checkFile(`examples/${example}.mlpipe`, host);
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return place(resolve(checked.program!), profile);
}

describe("the examples on each example cluster profile", () => {
  for (const profileName of PROFILES) {
    for (const example of EXAMPLES) {
      const key = `${profileName}/${example}`;
      it(`${key}: ${EXPECTED[key] ? "the documented MLP3023 errors" : "places every GPU step"}`, () => {
        const placed = compiled(profileName, example);
        const errors = placed.placement.diagnostics.map((d) => `${d.loc?.line}: ${d.message.replace(/^No node pool of the cluster profile fits the .*? of step '[^']*': /, "")}`);
        expect(placed.placement.diagnostics.every((d) => d.code === "MLP3023")).toBe(true);
        expect(errors).toEqual(EXPECTED[key] ?? []);
      });
    }
  }

  it("onprem-mig: the MIG slices go to the partitioned pool, whole GPUs to the pool of whole A100s", () => {
    const pools = (example: string) => [...new Set(compiled("onprem-mig", example).placement.pools.values())].map((p) => p.name);
    expect(pools("kb_embeddings")).toEqual(["a100-mig"]);
    expect(pools("llm_finetune")).toEqual(["a100-full"]);
  });

  it.skipIf(!sharedAvailable)(`placed manifests pass k8s-validate ${sharedAvailable ? "" : SKIP_REASON}`, () => {
    const files = [];
    for (const profileName of PROFILES) {
      for (const example of EXAMPLES) {
        if (EXPECTED[`${profileName}/${example}`]) continue;
        const placed = compiled(profileName, example);
        const kfp = kfpDocuments(placed);
        expect(kfp.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        recordForConformance(kfp.documents.map((doc) => {
          const file = printDocument(doc);
          return { name: `${profileName}-${file.name}`, content: file.content };
        }));
        for (const docs of [argoDocuments(placed), katibDocuments(placed), kserveDocuments(placed)]) {
          for (const doc of docs.documents) {
            const file = printDocument(doc);
            files.push({ name: `${profileName}-${file.name}`, content: file.content });
          }
        }
      }
    }
    expect(files.length).toBeGreaterThan(10);
    const report = k8sValidate(files);
    expect(report.ok, report.output).toBe(true);
  });
});

conformanceTest();
