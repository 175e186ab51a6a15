import { describe, expect, it } from "vitest";
import { argoDocuments } from "../../../src/backends/argo/index.js";
import { katibDocuments } from "../../../src/backends/katib/index.js";
import { kfpDocuments } from "../../../src/backends/kfp/index.js";
import { kserveDocuments } from "../../../src/backends/kserve/index.js";
import type { EmitResult } from "../../../src/backends/contract.js";
import { loadClusterProfile } from "../../../src/cluster/load.js";
import type { ClusterProfile } from "../../../src/cluster/types.js";
import { printDocument } from "../../../src/output/documents.js";
import { place, placeSteps } from "../../../src/passes/optimize/index.js";
import { resolve, type ResolvedProgram } from "../../../src/passes/resolve/index.js";
import { checkTargets } from "../../../src/passes/targets/index.js";
import { checkSource } from "../../helpers.js";

/** GPU placement against a cluster profile (issue 13 point 2). */

function profile(text: string): ClusterProfile {
  const r = loadClusterProfile("c.yaml", text);
  expect(r.diagnostics).toEqual([]);
  return r.profile!;
}

// Two tainted GPU pools of one model at different costs, a bigger one, an untainted A100 pool.
const CLUSTER = profile(`poolLabel: example.com/pool
pools:
  - name: l4-big
    gpu: { model: nvidia-l4, count: 8 }
    cpu: "96"
    memory: 360Gi
    labels: { gpu: l4 }
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 8
  - name: l4
    gpu: { model: nvidia-l4, count: 4 }
    cpu: "48"
    memory: 180Gi
    labels: { gpu: l4 }
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 4
  - name: a100
    gpu: { model: nvidia-a100-80gb, count: 4 }
    cpu: "64"
    memory: 900Gi
    cost: 20
  - name: cpu
    cpu: "32"
    memory: 120Gi
    cost: 1
`);

function resolved(resources: string): ResolvedProgram {
  const r = checkSource(`component g {
  image "ghcr.io/acme/g:1.0"
  ${resources}
  run ["g"]
}
pipeline p {
  a = g()
}
`);
  expect(r.diagnostics).toEqual([]);
  return resolve(r.program!);
}

/** The pool the step of `resources` goes to, or the error. */
function placed(resources: string, cluster = CLUSTER): string {
  const res = resolved(resources);
  const placement = placeSteps(res, cluster);
  if (placement.diagnostics.length > 0) return placement.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col} ${d.message}`).join("\n");
  return [...placement.pools.values()].map((p) => p.name).join(",");
}

describe("placeSteps", () => {
  it("puts a GPU request on the cheapest pool of its model that fits", () => {
    expect(placed(`resources { gpu 2 "nvidia-l4" }`)).toBe("l4");
    expect(placed(`resources { gpu 1 "nvidia-a100-80gb" }`)).toBe("a100");
  });

  it("counts GPUs per node: 4 fit the small pool, 5 need the big one, 9 fit none", () => {
    expect(placed(`resources { gpu 4 "nvidia-l4" }`)).toBe("l4");
    expect(placed(`resources { gpu 5 "nvidia-l4" }`)).toBe("l4-big");
    expect(placed(`resources { gpu 9 "nvidia-l4" }`)).toBe(
      "MLP3023 3:15 No node pool of the cluster profile fits the 9 GPUs of step 'a': needs 9 × nvidia-l4 on one node; pool 'l4-big' has 8 per node.",
    );
  });

  it("checks CPU and memory per node, with the request (or the limit without one)", () => {
    expect(placed(`resources { cpu 48  gpu 1 "nvidia-l4" }`)).toBe("l4");
    expect(placed(`resources { cpu 49  gpu 1 "nvidia-l4" }`)).toBe("l4-big");
    expect(placed(`resources { memory "180Gi"  gpu 1 "nvidia-l4" }`)).toBe("l4");
    expect(placed(`resources { memory "181Gi"  gpu 1 "nvidia-l4" }`)).toBe("l4-big");
    expect(placed(`resources { cpu 100  gpu 1 "nvidia-l4" }`)).toBe(
      "MLP3023 3:24 No node pool of the cluster profile fits the 1 GPU of step 'a': needs 100 CPU on one node; pool 'l4-big' has 96.",
    );
    expect(placed(`resources { memory "1Ti"  gpu 1 "nvidia-a100-80gb" }`)).toBe(
      "MLP3023 3:29 No node pool of the cluster profile fits the 1 GPU of step 'a': needs 1Ti of memory on one node; pool 'a100' has 900Gi.",
    );
  });

  it("names the pools' models when none has the one asked for", () => {
    expect(placed(`resources { gpu 1 "nvidia-tesla-t4" }`)).toBe(
      "MLP3023 3:15 No node pool of the cluster profile fits the 1 GPU of step 'a': no pool has 'nvidia-tesla-t4' GPUs; the pools' GPU models are 'nvidia-l4', 'nvidia-a100-80gb'.",
    );
  });

  it("puts a GPU without a model on the cheapest GPU pool with enough per node", () => {
    expect(placed(`resources { gpu 1 }`)).toBe("l4");
    expect(placed(`resources { gpu 6 }`)).toBe("l4-big");
  });

  it("takes the first pool in the profile on a tie of cost", () => {
    const tie = profile(`pools:
  - { name: b, gpu: { model: m, count: 1 }, cpu: "8", memory: 8Gi, cost: 2, taints: [{ key: g, effect: NoSchedule }] }
  - { name: a, gpu: { model: m, count: 1 }, cpu: "8", memory: 8Gi, cost: 2, taints: [{ key: g, effect: NoSchedule }] }
`);
    expect(placed(`resources { gpu 1 "m" }`, tie)).toBe("b");
  });

  it("reports a profile without GPU pools", () => {
    const cpuOnly = profile(`pools:\n  - { name: cpu, cpu: "8", memory: 8Gi, cost: 1 }\n`);
    expect(placed(`resources { gpu 1 }`, cpuOnly)).toBe(
      "MLP3023 3:15 No node pool of the cluster profile fits the 1 GPU of step 'a': the profile has no pool with GPUs.",
    );
  });
});

const PROGRAM = `component train {
  image "ghcr.io/acme/train:1.0"
  input  lr: Float = 0.1
  output loss: Float
  resources { cpu 8  memory "32Gi"  gpu 2 "nvidia-l4" }
  run ["train", "--lr", lr, "--loss", loss.path]
}
component prep {
  image "ghcr.io/acme/prep:1.0"
  run ["prep"]
}
pipeline p {
  a = prep()
  b = train() after a
}
tune t of train {
  objective minimize loss
  algorithm random
  search lr: Float in 0.01 .. 0.5
}
serve s {
  model sklearn from "s3://acme/m/1"
  resources { gpu 1 "nvidia-a100-80gb" }
}
`;

function emitted(result: EmitResult): string {
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.documents.map((d) => printDocument(d).content).join("\n---\n");
}

describe("placement on every target", () => {
  const checked = checkSource(PROGRAM);
  const res = resolve(checked.program!);
  const placedProgram = place(res, CLUSTER);

  it("is clean and leaves the resolved program without a profile alone", () => {
    expect(checked.diagnostics).toEqual([]);
    expect(placedProgram.placement.diagnostics).toEqual([]);
    expect(emitted(argoDocuments(resolve(checked.program!)))).not.toContain("example.com/pool");
  });

  it("drops MLP2080 for placed GPUs", () => {
    expect(checkTargets(checked.program!, res).map((d) => d.code)).toEqual(["MLP2080", "MLP2080"]);
    expect(checkTargets(checked.program!, placedProgram)).toEqual([]);
  });

  it("Argo: the GPU step selects its pool and tolerates its taint; the CPU step stays off the untainted GPU pool", () => {
    const text = emitted(argoDocuments(placedProgram));
    expect(text).toContain(`    nodeSelector:
      gpu: l4
      example.com/pool: l4
    tolerations:
    - key: nvidia.com/gpu
      operator: Equal
      value: present
      effect: NoSchedule
`);
    expect(text).toContain(`    affinity:
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchExpressions:
            - key: example.com/pool
              operator: NotIn
              values:
              - a100
`);
  });

  it("KFP: the platform spec carries the selector, toleration and affinity", () => {
    const text = emitted(kfpDocuments(placedProgram));
    expect(text).toMatch(/nodeSelector:\n\s+labels:\n\s+example\.com\/pool: l4\n\s+gpu: l4\n/);
    expect(text).toMatch(/tolerations:\n\s+- effect: NoSchedule\n\s+key: nvidia\.com\/gpu\n\s+operator: Equal\n\s+value: present\n/);
    expect(text).toMatch(/key: example\.com\/pool\n\s+operator: NotIn\n\s+values:\n\s+- a100\n/);
  });

  it("Katib: the trial template's pod is placed like the step", () => {
    const text = emitted(katibDocuments(placedProgram));
    expect(text).toMatch(/nodeSelector:\n\s+gpu: l4\n\s+example\.com\/pool: l4\n/);
    expect(text).toMatch(/tolerations:\n\s+- key: nvidia\.com\/gpu\n\s+operator: Equal\n\s+value: present\n\s+effect: NoSchedule\n/);
  });

  it("KServe: the predictor goes to the A100 pool, which has no taint (the toleration is every GPU pod's own)", () => {
    expect(emitted(kserveDocuments(placedProgram))).toContain(`  predictor:
    nodeSelector:
      example.com/pool: a100
    tolerations:
    - key: nvidia.com/gpu
      operator: Exists
      effect: NoSchedule
    model:
`);
  });
});

// Whole A100s, A100s partitioned into two MIG profiles, H100s partitioned into one; a CPU pool.
const MIG_CLUSTER = profile(`poolLabel: example.com/pool
pools:
  - name: a100-full
    gpu: { model: nvidia-a100-80gb, count: 8 }
    cpu: "128"
    memory: 1900Gi
    cost: 10
  - name: a100-mig
    gpu: { model: nvidia-a100-80gb, count: 4, mig: [{ profile: 1g.10gb, count: 14 }, { profile: 3g.40gb, count: 4 }] }
    cpu: "64"
    memory: 900Gi
    labels: { nvidia.com/mig.strategy: mixed }
    cost: 6
  - name: h100-mig
    gpu: { model: nvidia-h100-80gb, count: 8, mig: [{ profile: 1g.10gb, count: 56 }] }
    cpu: "96"
    memory: 1900Gi
    cost: 12
  - name: cpu
    cpu: "32"
    memory: 120Gi
    cost: 1
`);

describe("placeSteps with MIG slices", () => {
  const mig = (resources: string): string => placed(resources, MIG_CLUSTER);
  const noFit = (what: string, why: string, col = 15): string => `MLP3023 3:${col} No node pool of the cluster profile fits ${what} of step 'a': ${why}.`;

  it("puts a slice request on the cheapest pool offering enough of that profile per node, of the model when given", () => {
    expect(mig(`resources { gpu 2 "nvidia-a100-80gb" mig "1g.10gb" }`)).toBe("a100-mig");
    expect(mig(`resources { gpu 1 mig "1g.10gb" }`)).toBe("a100-mig");
    expect(mig(`resources { gpu 14 mig "1g.10gb" }`)).toBe("a100-mig");
    expect(mig(`resources { gpu 15 mig "1g.10gb" }`)).toBe("h100-mig");
    expect(mig(`resources { gpu 1 "nvidia-h100-80gb" mig "1g.10gb" }`)).toBe("h100-mig");
    expect(mig(`resources { gpu 4 mig "3g.40gb" }`)).toBe("a100-mig");
  });

  it("names the slices the pools offer when none offers the profile asked for", () => {
    expect(mig(`resources { gpu 1 "nvidia-a100-80gb" mig "2g.20gb" }`)).toBe(
      noFit("the 1 MIG 2g.20gb slice", "needs 1 × MIG 2g.20gb on one node; the pools offer 1g.10gb (a100-mig: 14 per node), 3g.40gb (a100-mig: 4 per node)"),
    );
    expect(mig(`resources { gpu 2 mig "2g.20gb" }`)).toBe(
      noFit("the 2 MIG 2g.20gb slices", "needs 2 × MIG 2g.20gb on one node; the pools offer 1g.10gb (a100-mig: 14 per node, h100-mig: 56 per node), 3g.40gb (a100-mig: 4 per node)"),
    );
    expect(placed(`resources { gpu 1 "nvidia-l4" mig "1g.10gb" }`)).toBe(noFit("the 1 MIG 1g.10gb slice", "needs 1 × MIG 1g.10gb on one node; no pool offers MIG slices"));
  });

  it("reports too few slices per node with the pool that has the most", () => {
    expect(mig(`resources { gpu 5 mig "3g.40gb" }`)).toBe(noFit("the 5 MIG 3g.40gb slices", "needs 5 × MIG 3g.40gb on one node; pool 'a100-mig' has 4 per node"));
    expect(mig(`resources { gpu 57 mig "1g.10gb" }`)).toBe(noFit("the 57 MIG 1g.10gb slices", "needs 57 × MIG 1g.10gb on one node; pool 'h100-mig' has 56 per node"));
  });

  it("keeps to the model: its pools' slices only, or no pool of that model", () => {
    expect(mig(`resources { gpu 1 "nvidia-h100-80gb" mig "3g.40gb" }`)).toBe(
      noFit("the 1 MIG 3g.40gb slice", "needs 1 × MIG 3g.40gb on one node; the pools offer 1g.10gb (h100-mig: 56 per node)"),
    );
    expect(mig(`resources { gpu 1 "nvidia-l4" mig "1g.10gb" }`)).toBe(
      noFit("the 1 MIG 1g.10gb slice", "no pool has 'nvidia-l4' GPUs; the pools' GPU models are 'nvidia-a100-80gb', 'nvidia-h100-80gb'"),
    );
  });

  it("checks CPU and memory among the pools that offer the slices", () => {
    expect(mig(`resources { cpu 80  gpu 1 mig "1g.10gb" }`)).toBe("h100-mig");
    expect(mig(`resources { cpu 100  gpu 1 mig "1g.10gb" }`)).toBe(noFit("the 1 MIG 1g.10gb slice", "needs 100 CPU on one node; pool 'h100-mig' has 96", 24));
  });

  it("puts whole-GPU requests only on pools whose GPUs are not partitioned into slices", () => {
    expect(mig(`resources { gpu 1 "nvidia-a100-80gb" }`)).toBe("a100-full");
    expect(mig(`resources { gpu 1 }`)).toBe("a100-full");
    expect(mig(`resources { gpu 1 "nvidia-h100-80gb" }`)).toBe(
      noFit("the 1 GPU", "needs 1 × nvidia-h100-80gb on one node; pool 'h100-mig' offers its GPUs only as MIG slices (1g.10gb), which a step asks for with mig"),
    );
    expect(mig(`resources { gpu 9 }`)).toBe(noFit("the 9 GPUs", "needs 9 × GPU on one node; pool 'a100-full' has 8 per node"));
  });
});

describe("a placed MIG request on every target", () => {
  const source = `component infer {
  image "ghcr.io/acme/infer:1.0"
  input  n: Int = 1
  output loss: Float
  resources { cpu 4  memory "16Gi"  gpu 2 "nvidia-a100-80gb" mig "1g.10gb" }
  run ["infer", "--n", n, "--loss", loss.path]
}
pipeline p {
  a = infer()
}
tune t of infer {
  objective minimize loss
  algorithm random
  search n: Int in 1 .. 4
}
serve s {
  model sklearn from "s3://acme/m/1"
  resources { gpu 1 mig "3g.40gb" }
}
`;
  const checked = checkSource(source);
  const placedProgram = place(resolve(checked.program!), MIG_CLUSTER);

  it("is placed on the MIG pool, without errors", () => {
    expect(checked.diagnostics).toEqual([]);
    expect(placedProgram.placement.diagnostics).toEqual([]);
    expect([...new Set(placedProgram.placement.pools.values())].map((p) => p.name)).toEqual(["a100-mig"]);
  });

  it("Argo: the slice resource as the limit, the pool's selector, the NVIDIA GPU toleration", () => {
    const text = emitted(argoDocuments(placedProgram));
    expect(text).toContain(`      resources:
        limits:
          cpu: '4'
          memory: 16Gi
          nvidia.com/mig-1g.10gb: '2'
`);
    expect(text).toContain(`    nodeSelector:
      nvidia.com/mig.strategy: mixed
      example.com/pool: a100-mig
    tolerations:
    - key: nvidia.com/gpu
      operator: Exists
      effect: NoSchedule
`);
    expect(text).not.toContain("nvidia.com/gpu:");
  });

  it("KFP: the accelerator is the slice resource with its count", () => {
    const text = emitted(kfpDocuments(placedProgram));
    expect(text).toContain(`          accelerator:
            count: '2'
            resourceCount: '2'
            resourceType: nvidia.com/mig-1g.10gb
            type: nvidia.com/mig-1g.10gb
`);
    expect(text).toMatch(/nodeSelector:\n\s+labels:\n\s+example\.com\/pool: a100-mig\n\s+nvidia\.com\/mig\.strategy: mixed\n/);
  });

  it("Katib: the trial's container asks for the slices", () => {
    expect(emitted(katibDocuments(placedProgram))).toMatch(/limits:\n\s+cpu: '4'\n\s+memory: 16Gi\n\s+nvidia\.com\/mig-1g\.10gb: '2'\n/);
  });

  it("KServe: the predictor asks for its slice", () => {
    expect(emitted(kserveDocuments(placedProgram))).toMatch(/resources:\n\s+limits:\n\s+nvidia\.com\/mig-3g\.40gb: '1'\n/);
  });
});
