import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMlpc, writeTree } from "./support.js";

/** Issue 11, point 7: with `-t all`, one problem is one diagnostic with one code. */

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mlpc-once-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const TRAIN = `component train {
  image "ghcr.io/acme/train:1.0"
  output model: Model
  resources { gpu 1 "nvidia-l4" }
  run ["train", model.path]
}
`;

describe("mlpc compile -t all", () => {
  it("prints a KServe problem of a serve that a pipeline deploys once, though KFP and Argo both compile it", () => {
    const source = `${TRAIN}
pipeline p {
  artifactRoot "s3://bucket/runs"
  fit = train()
  serve candidate {
    model sklearn from fit.model
    canary 10 %
    mode raw
  }
}
`;
    const dir = writeTree(join(root, "deployed"), { "a.mlpipe": source });
    const r = runMlpc(["compile", "a.mlpipe", "-t", "all", "-o", "out"], dir);
    expect(r.code).toBe(1);
    const headers = r.stderr.split("\n").filter((l) => / - (error|warning) MLP/.test(l));
    expect(headers.map((l) => l.replace(/:.*? - /, " ").replace(/:.*$/, ""))).toEqual(["a.mlpipe warning MLP2080", "a.mlpipe error MLP4300"]);
    expect(r.stderr).toMatch(/Found 1 error and 1 warning\.\n$/);
  });

  it("warns about a GPU model nothing selects once, with one code, on every target", () => {
    const dir = writeTree(join(root, "gpu"), { "a.mlpipe": `${TRAIN}\npipeline p {\n  fit = train()\n  output model: Model = fit.model\n}\n\nserve s {\n  model sklearn from "s3://m/1"\n  resources { gpu 1 "nvidia-l4" }\n}\n` });
    const r = runMlpc(["compile", "a.mlpipe", "-t", "all", "-o", "out"], dir);
    expect(r.code).toBe(0);
    const codes = r.stderr.split("\n").filter((l) => / - warning MLP/.test(l)).map((l) => l.replace(/^.* - warning (MLP\d+).*$/, "$1"));
    expect(codes).toEqual(["MLP2080", "MLP2080"]); // the component's GPU and the serve's: two places, one code
    expect(r.stderr).toMatch(/^a\.mlpipe:4:15 - warning MLP2080: /m);
    expect(r.stderr).toMatch(/^a\.mlpipe:15:15 - warning MLP2080: /m);
    // A target problem: raised by check, which runs every target's checks, once; not by -t ir, which writes no pod.
    const checked = JSON.parse(runMlpc(["check", "a.mlpipe", "--format", "json"], dir).stdout) as { code: string }[];
    expect(checked.map((d) => d.code)).toEqual(["MLP2080", "MLP2080"]);
    expect(runMlpc(["compile", "a.mlpipe", "-t", "ir"], dir).stderr).toBe("");
  });
});
