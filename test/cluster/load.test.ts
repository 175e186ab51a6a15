import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadClusterProfile } from "../../src/cluster/load.js";
import { MIG_PROFILE } from "../../src/kubernetes/gpu.js";

/** Cluster profiles: the schema (schemas/cluster-profile.schema.json) and the checks it cannot make. */

function problems(text: string): string[] {
  const r = loadClusterProfile("p.yaml", text);
  expect(r.profile).toBeUndefined();
  return r.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.col} ${d.message}`);
}

const POOL = `  - name: l4
    gpu: { model: nvidia-l4, count: 4, memory: 24Gi }
    cpu: "48"
    memory: 180Gi
    labels: { cloud.google.com/gke-accelerator: nvidia-l4 }
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 4
`;

describe("loadClusterProfile", () => {
  it("reads a valid profile, quantities in base units", () => {
    const r = loadClusterProfile("p.yaml", `$schema: ../schemas/cluster-profile.schema.json\npools:\n${POOL}  - name: cpu\n    cpu: 500m\n    memory: 1Gi\n    cost: 0.5\n    maxNodes: 3\n`);
    expect(r.diagnostics).toEqual([]);
    const [l4, cpu] = r.profile!.pools;
    expect(l4).toMatchObject({ name: "l4", cpu: 48, memory: 180 * 2 ** 30, cost: 4, labels: [["cloud.google.com/gke-accelerator", "nvidia-l4"]] });
    expect(l4.gpu).toEqual({ model: "nvidia-l4", count: 4, memory: 24 * 2 ** 30, memoryText: "24Gi", mig: [] });
    expect(l4.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(l4.loc).toMatchObject({ file: "p.yaml", line: 3, col: 11 });
    expect(cpu).toMatchObject({ name: "cpu", cpu: 0.5, memory: 2 ** 30, maxNodes: 3, gpu: undefined, taints: [], labels: [] });
  });

  it("reports schema problems at their line", () => {
    expect(problems(`pools:\n  - name: a\n    cpu: "8"\n    memory: 8Gi\n`)).toEqual(["MLP9014 2:5 'pools[0]' needs the key 'cost'."]);
    expect(problems(`pools:\n  - name: a\n    cpu: 8 cores\n    memory: 8Gi\n    cost: 1\n`)).toEqual([
      "MLP9019 3:10 'pools[0].cpu' is not valid: must match pattern \"^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|m|k|M|G|T|P)?$\".",
    ]);
    expect(problems(`pools:\n  - name: a\n    cpu: "8"\n    memory: 8Gi\n    cost: 1\n    taints: [{ key: k, effect: NoSchedul }]\n`)).toEqual([
      `MLP9016 6:32 'pools[0].taints[0].effect' is "NoSchedul"; it must be one of "NoSchedule", "PreferNoSchedule", "NoExecute".`,
    ]);
    expect(problems(`pools: []\n`)).toEqual(["MLP9017 1:8 'pools' must not be empty."]);
  });

  it("reports a pool name used twice at the second", () => {
    expect(problems(`pools:\n${POOL}${POOL}`)).toEqual([
      "MLP3020 9:11 The cluster profile names the pool 'l4' more than once; give each pool its own name.",
    ]);
  });

  it("reports a MIG profile listed twice in a pool", () => {
    expect(problems(`pools:\n  - name: mig\n    gpu:\n      model: nvidia-a100-80gb\n      count: 4\n      mig:\n        - { profile: 1g.10gb, count: 7 }\n        - { profile: 1g.10gb, count: 7 }\n    cpu: "64"\n    memory: 900Gi\n    taints: [{ key: nvidia.com/gpu, effect: NoSchedule }]\n    cost: 6\n`)).toEqual([
      "MLP3021 8:22 Pool 'mig' lists the MIG profile '1g.10gb' more than once; list each slice once with its count.",
    ]);
  });

  it("needs poolLabel when a GPU pool has no NoSchedule or NoExecute taint", () => {
    const open = `pools:\n  - name: a100\n    gpu: { model: nvidia-a100-80gb, count: 8 }\n    cpu: "96"\n    memory: 1000Gi\n    taints: [{ key: nvidia.com/gpu, effect: PreferNoSchedule }]\n    cost: 40\n`;
    expect(problems(open)).toEqual([
      "MLP3022 2:11 GPU pool 'a100' has no taint, so CPU-only steps can be kept off it only by its pool label; set poolLabel in the profile or give the pool a NoSchedule taint.",
    ]);
    expect(loadClusterProfile("p.yaml", `poolLabel: example.com/pool\n${open}`).diagnostics).toEqual([]);
  });

  it("takes MIG profiles of the form a step may ask for, and no other", () => {
    const schema = JSON.parse(readFileSync("schemas/cluster-profile.schema.json", "utf8"));
    expect(schema.$defs.gpu.properties.mig.items.properties.profile.pattern).toBe(MIG_PROFILE.source);
    const mig = (profile: string) =>
      loadClusterProfile("c.yaml", `poolLabel: p\npools:\n  - { name: a, gpu: { model: m, count: 1, mig: [{ profile: "${profile}", count: 7 }] }, cpu: "8", memory: 8Gi, cost: 1 }\n`).diagnostics.map((d) => d.code);
    expect(mig("1g.10gb")).toEqual([]);
    expect(mig("0g.10gb")).not.toEqual([]);
  });

  it("reads the example profiles", () => {
    for (const name of ["gke", "eks", "onprem-mig"]) {
      const path = `examples/clusters/${name}.yaml`;
      expect(loadClusterProfile(path, readFileSync(path, "utf8")).diagnostics, path).toEqual([]);
    }
  });
});
