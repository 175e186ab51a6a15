import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

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

describe("gpu-model-selected (issue 11, point 7)", () => {
  it("warns once at the GPU when nothing selects its model, however many steps use it", () => {
    const [d] = expectDiagnostics(GPU(`resources { gpu 1 "nvidia-l4" }`), [["MLP2080", "gpu"]], { lib: false });
    expect(d.severity).toBe("warning");
  });

  it("is quiet when a node selector or an affinity asks for the model, or there is no model", () => {
    expectDiagnostics(GPU(`resources { gpu 1 "nvidia-l4" }\n  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }`), [], { lib: false });
    expectDiagnostics(GPU(`resources { gpu 1 }`), [], { lib: false });
  });

  it("reads each step's settings over its component's: a step that selects the model is fine, its sibling is not", () => {
    expectDiagnostics(GPU(`resources { gpu 1 "nvidia-l4" }`, ` {\n    nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4" }\n  }`), [["MLP2080", "gpu"]], { lib: false });
  });

  it("warns for a serve", () => {
    const text = `serve s {\n  model sklearn from "s3://m/1"\n  resources { gpu 1 "nvidia-tesla-t4" }\n}\n`;
    expectDiagnostics(text, [["MLP2080", "gpu"]], { lib: false });
  });
});
