import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, runMlpc, writeTree } from "./support.js";

/** `mlpc explain` and `compile --no-optimize` from the command line (issue 13 point 4). */

const dir = mkdtempSync(join(tmpdir(), "mlpc-explain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMPONENTS = `component make {
  image "ghcr.io/acme/tools:1.0.0"
  output data: Dataset
  run ["make", data.path]
}
component g {
  image "ghcr.io/acme/g:1.0"
  input data: Dataset
  resources { gpu 2 "nvidia-l4" }
  run ["g", data.path]
}
`;

writeTree(dir, {
  "two.mlpipe": `${COMPONENTS}pipeline first {
  m = make()
  a = g(data: m.data)
}
pipeline second {
  m = make()
  b = make()
  c = g(data: b.data)
}
`,
  "broken.mlpipe": `${COMPONENTS}pipeline p {
  a = g(data: nowhere.data)
}
`,
  "cluster.yaml": `pools:
  - name: l4
    gpu: { model: nvidia-l4, count: 4 }
    cpu: "48"
    memory: 180Gi
    taints: [{ key: nvidia.com/gpu, value: present, effect: NoSchedule }]
    cost: 4
`,
  "bad.yaml": `pools:
  - name: l4
    cpu: 48
`,
});

describe("mlpc explain", () => {
  it("prints the report of every pipeline on stdout, nothing on stderr, exit 0", () => {
    const r = runMlpc(["explain", "two.mlpipe", "--no-config"], dir);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.match(/^pipeline \S+/gm)).toEqual(["pipeline first", "pipeline second"]);
    // 'm' of 'second' is dead (MLP3010), which the report shows instead of a warning on stderr.
    const second = r.stdout.split("pipeline second")[1];
    expect(second).toMatch(/\nm {5}any node {2}- {14}- {4}- {7}yes {5}[0-9a-f]{10}\n {4}key: image, command, args\n {4}dead: nothing reads its outputs or runs after it, and it has no side effects \(MLP3010\)\nb /);
  });

  it("--pipeline picks one, --cluster places it, --format json writes JSON", () => {
    const r = runMlpc(["explain", "two.mlpipe", "--pipeline", "first", "--cluster", "cluster.yaml", "--format", "json", "--no-config"], dir);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const json = JSON.parse(r.stdout);
    expect(json.pipelines.map((p: { name: string }) => p.name)).toEqual(["first"]);
    expect(json.pipelines[0]).toMatchObject({ cluster: "cluster.yaml", pools: [{ pool: "l4", steps: 1, gpus: 2, cost: 2 }], cost: 2 });
  });

  it("-o FILE writes the report there and nothing on stdout", () => {
    const r = runMlpc(["explain", "two.mlpipe", "-o", "out/report.txt", "--no-config"], dir);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(readFileSync(join(dir, "out", "report.txt"), "utf8")).toBe(runMlpc(["explain", "two.mlpipe", "--no-config"], dir).stdout);
  });

  it("reports errors in the sources as check does: on stderr, exit 1, no report, no file", () => {
    const r = runMlpc(["explain", "broken.mlpipe", "-o", "out/broken.txt", "--no-config"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^broken\.mlpipe:13:\d+ - error MLP\d{4}: /);
    expect(readdirSync(join(dir, "out"))).not.toContain("broken.txt");
    expect(runMlpc(["check", "broken.mlpipe", "--no-config"], dir).code).toBe(1);
  });

  it("is a usage error (exit 2) for an unknown pipeline or a bad profile", () => {
    const unknown = runMlpc(["explain", "two.mlpipe", "--pipeline", "third", "--no-config"], dir);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([2, "", "mlpc: there is no pipeline 'third' in the sources; the pipelines are 'first', 'second'.\n"]);
    const bad = runMlpc(["explain", "two.mlpipe", "--cluster", "bad.yaml", "--no-config"], dir);
    expect([bad.code, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toContain("bad.yaml:");
    const format = runMlpc(["explain", "two.mlpipe", "--format", "yaml"], dir);
    expect(format.code).toBe(2);
  });

  it("explains a pipeline module as its .mlpipe twin: the same facts, keys and definitions", () => {
    const args = ["--cluster", "examples/clusters/gke.yaml", "--format", "json"];
    const ts = runMlpc(["explain", "examples/tabular_training.ts", ...args], REPO);
    const dsl = runMlpc(["explain", "examples/tabular_training.mlpipe", ...args], REPO);
    expect([ts.code, dsl.code]).toEqual([0, 0]);
    expect(ts.stdout.replaceAll("examples/tabular_training.ts", "SOURCE")).toBe(dsl.stdout.replaceAll("examples/tabular_training.mlpipe", "SOURCE"));
  });
});

describe("mlpc compile --no-optimize", () => {
  it("leaves out the optimizer's warnings (dead steps) and its Argo decisions (memoize keys from the template, one template per step)", () => {
    const optimized = runMlpc(["compile", "two.mlpipe", "-t", "argo", "--pipeline", "second", "--no-config"], dir);
    const plain = runMlpc(["compile", "two.mlpipe", "-t", "argo", "--pipeline", "second", "--no-optimize", "--no-config"], dir);
    expect(optimized.code).toBe(0);
    expect(optimized.stderr).toContain("warning MLP3010: Step 'm' runs for nothing");
    expect(plain.code).toBe(0);
    // The validation's warnings stay (MLP2080, the GPU model no selector asks for); the optimizer's go.
    expect(plain.stderr).not.toContain("MLP3010");
    expect(plain.stderr).toMatch(/^two\.mlpipe:9:15 - warning MLP2080: [^]*\nFound 1 warning\.\n$/);
    expect(optimized.stderr.startsWith(plain.stderr.replace("Found 1 warning.\n", ""))).toBe(true);
    // m and b run the same container: one template with the optimizer, one each without.
    const templates = (text: string) => [...text.matchAll(/^ {2}- name: (\S+)\n {4}(?:inputs|outputs|container|retryStrategy|metadata|memoize)/gm)].map((m) => m[1]);
    expect(templates(optimized.stdout)).toEqual(["make", "g"]);
    expect(templates(plain.stdout)).toEqual(["make", "make-2", "g"]);
    const keys = (text: string) => [...text.matchAll(/key: mlpc-([0-9a-f]{16})/g)].map((m) => m[1]);
    expect(keys(plain.stdout)).toHaveLength(3);
    expect(keys(plain.stdout).filter((k) => keys(optimized.stdout).includes(k))).toEqual([]);
  });

  it("does not take --cluster (placement is an optimizer pass)", () => {
    const r = runMlpc(["compile", "two.mlpipe", "-t", "kfp", "--pipeline", "first", "--no-optimize", "--cluster", "cluster.yaml", "--no-config"], dir);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe("mlpc: --cluster places steps, which is an optimizer pass; --no-optimize leaves it out, so give one or the other.\n");
  });
});
