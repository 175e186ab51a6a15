import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const step = (resources: string) => `pipeline p {\n  notify(message: "x") {\n    resources { ${resources} }\n  }\n}\n`;

describe("mig-profiles", () => {
  it("accepts NVIDIA's profile names, with or without the GPU model", () => {
    for (const profile of ["1g.5gb", "1g.10gb", "2g.20gb", "3g.40gb", "7g.80gb", "1g.18gb"]) {
      expectDiagnostics(step(`gpu 1 "nvidia-a100-80gb" mig "${profile}"`), []);
      expectDiagnostics(step(`gpu 2 mig "${profile}"`), []);
    }
  });

  it("reports a profile of another form at the gpu keyword, naming it", () => {
    for (const profile of ["1g10gb", "1g.10GB", "1g.10", "A100-1g.10gb", "0g.10gb", "1g.10gb+me", ""]) {
      const [d] = expectDiagnostics(step(`gpu 1 mig "${profile}"`), [["MLP2150", "gpu"]]);
      expect(d!.message).toBe(`Invalid MIG profile '${profile}'; write it as NVIDIA names it, compute slices then memory in GB, such as "1g.10gb", "3g.40gb" or "7g.80gb".`);
    }
  });

  it("checks components, tunes and serves too", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  resources { gpu 1 mig "one-slice" }
}
serve s {
  model sklearn from "s3://acme/m"
  resources { gpu 1 mig "7g" }
}
`,
      [
        ["MLP2150", "gpu"],
        ["MLP2150", "gpu", 1],
      ],
      { lib: false },
    );
  });
});
