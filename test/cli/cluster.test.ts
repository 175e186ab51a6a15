import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMlpc, writeTree } from "./support.js";

/** `--cluster <profile>` on compile, check and lint (issue 13 point 2). */

const dir = mkdtempSync(join(tmpdir(), "mlpc-cluster-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeTree(dir, {
  "gpu.mlpipe": `component g {
  image "ghcr.io/acme/g:1.0"
  resources { gpu 2 "nvidia-l4" }
  run ["g"]
}
pipeline p {
  a = g()
}
`,
  "big.mlpipe": `component g {
  image "ghcr.io/acme/g:1.0"
  resources { gpu 8 "nvidia-l4" }
  run ["g"]
}
pipeline p {
  a = g()
}
`,
  "cluster.yaml": `pools:
  - name: l4
    gpu: { model: nvidia-l4, count: 4 }
    cpu: "48"
    memory: 180Gi
    labels: { cloud.google.com/gke-accelerator: nvidia-l4 }
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 4
`,
  "bad.yaml": `pools:
  - name: l4
    cpu: "48"
    memory: 180Gi
    cost: four
`,
});

describe("--cluster", () => {
  it("check: without a profile the GPU model warns (MLP2080); placed, it does not", () => {
    expect(runMlpc(["check", "gpu.mlpipe"], dir).stdout).toContain("warning MLP2080");
    const r = runMlpc(["check", "--cluster", "cluster.yaml", "gpu.mlpipe"], dir);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
  });

  it("compile writes the pool's selector", () => {
    const r = runMlpc(["compile", "-t", "argo", "--cluster", "cluster.yaml", "gpu.mlpipe"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`    nodeSelector:
      cloud.google.com/gke-accelerator: nvidia-l4
    tolerations:
    - key: nvidia.com/gpu
      operator: Equal
      value: present
      effect: NoSchedule
`);
  });

  it("a request no pool fits: exit 1 at the GPU, no file written", () => {
    const out = join(dir, "out-big");
    const r = runMlpc(["compile", "-t", "all", "-o", out, "--cluster", "cluster.yaml", "big.mlpipe"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "big.mlpipe:3:15 - error MLP3023: No node pool of the cluster profile fits the 8 GPUs of step 'a': needs 8 × nvidia-l4 on one node; pool 'l4' has 4 per node.",
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(runMlpc(["lint", "--cluster", "cluster.yaml", "big.mlpipe"], dir).stdout).toContain("error MLP3023");
  });

  it("a MIG slice no pool offers: exit 1 at the GPU, no file written; a malformed profile name: exit 1 before placement", () => {
    writeTree(dir, {
      "mig.mlpipe": `component g {\n  image "ghcr.io/acme/g:1.0"\n  resources { gpu 1 "nvidia-l4" mig "1g.10gb" }\n  run ["g"]\n}\npipeline p {\n  a = g()\n}\n`,
      "mig-bad.mlpipe": `component g {\n  image "ghcr.io/acme/g:1.0"\n  resources { gpu 1 mig "1g10gb" }\n  run ["g"]\n}\npipeline p {\n  a = g()\n}\n`,
    });
    const out = join(dir, "out-mig");
    const r = runMlpc(["compile", "-t", "all", "-o", out, "--cluster", "cluster.yaml", "mig.mlpipe"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mig.mlpipe:3:15 - error MLP3023: No node pool of the cluster profile fits the 1 MIG 1g.10gb slice of step 'a': needs 1 × MIG 1g.10gb on one node; no pool offers MIG slices.",
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    const bad = runMlpc(["compile", "-t", "argo", "-o", out, "--cluster", "cluster.yaml", "mig-bad.mlpipe"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("mig-bad.mlpipe:3:15 - error MLP2150: Invalid MIG profile '1g10gb'");
    expect(bad.stderr).not.toContain("MLP3023");
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("an invalid or unreadable profile: exit 2 with the diagnostic at its line", () => {
    const r = runMlpc(["compile", "-t", "argo", "--cluster", "bad.yaml", "gpu.mlpipe"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("bad.yaml:5:11 - error MLP9015: 'pools[0].cost' must be a number.");
    const c = runMlpc(["check", "--cluster", "missing.yaml", "gpu.mlpipe"], dir);
    expect(c.code).toBe(2);
    expect(c.stdout).toContain("error MLP9001: Cannot read 'missing.yaml'");
  });
});
