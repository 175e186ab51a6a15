import { describe, expect, it } from "vitest";
import { checkTargets } from "../../src/passes/targets/index.js";
import { checkSource } from "../helpers.js";

/** The checks every Kubernetes target shares, run once per program (issue 11, point 7). */

const GPU = (settings: string, stepSettings = "") => `component g {
  image "ghcr.io/acme/g:1.0"
  ${settings}
  run ["g"]
}
pipeline p {
  a = g()${stepSettings}
  b = g()
}
`;

function found(text: string): string[] {
  const r = checkSource({ "main.mlpipe": text });
  expect(r.diagnostics).toEqual([]);
  return checkTargets(r.program!).map((d) => `${d.code} ${d.severity} ${d.loc?.line}:${d.loc?.col}-${d.loc?.endCol}`);
}

describe("checkTargets: a GPU model nothing selects (MLP2080)", () => {
  it("warns once at the GPU, however many steps use the component", () => {
    expect(found(GPU(`resources { gpu 1 "nvidia-l4" }`))).toEqual(["MLP2080 warning 3:15-18"]);
  });

  it("is quiet when a node selector or an affinity asks for the model, or there is no model", () => {
    expect(found(GPU(`resources { gpu 1 "nvidia-l4" }\n  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }`))).toEqual([]);
    expect(found(GPU(`resources { gpu 1 }`))).toEqual([]);
  });

  it("reads each step's settings over its component's: one step selecting the model does not cover its sibling", () => {
    expect(found(GPU(`resources { gpu 1 "nvidia-l4" }`, ` {\n    nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }\n  }`))).toEqual(["MLP2080 warning 3:15-18"]);
  });

  it("warns for a serve", () => {
    expect(found(`serve s {\n  model sklearn from "s3://m/1"\n  resources { gpu 1 "nvidia-tesla-t4" }\n}\n`)).toEqual(["MLP2080 warning 3:15-18"]);
  });
});
