import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

const step = (resources: string) => `pipeline p {\n  notify(message: "x") {\n    resources { ${resources} }\n  }\n}\n`;

describe("resource-quantities", () => {
  it("accepts Kubernetes quantities, numbers and requests up to their limits", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  resources { cpu "500m" .. 2  memory "512Mi" .. "8Gi"  ephemeralStorage "10G"  gpu 2 "nvidia-tesla-a100" }
  volumes { "/scratch": emptyDir(size: "1Gi"), "/shm": emptyDir(medium: "Memory") }
}
pipeline p {
  c() { resources { cpu 0.5  memory "1e9" .. "1G" } }
}
`,
      [],
      { lib: false },
    );
  });

  it("reports invalid quantities with the fix for common mistakes", () => {
    const ds = expectDiagnostics(step(`cpu "2 cores"  memory "8Gb" .. "16GB"  ephemeralStorage "10gi"`), [
      ["MLP2012", `"2 cores"`],
      ["MLP2012", `"8Gb"`],
      ["MLP2012", `"16GB"`],
      ["MLP2012", `"10gi"`],
    ]);
    expect(ds.map((d) => d.message.match(/Did you mean '([^']+)'/)?.[1])).toEqual([undefined, "8Gi", "16G", "10Gi"]);
  });

  it("reports a request above its limit, pointing at the limit", () => {
    const src = step(`cpu "4" .. "2000m"  memory "2Gi" .. "2G"`);
    const ds = expectDiagnostics(src, [
      ["MLP2051", `"4"`],
      ["MLP2051", `"2Gi"`],
    ]);
    expect(relatedAt(ds[0])).toEqual([at(check(src).text, `"2000m"`)]);
  });

  it("reports a GPU count that is not positive, negative quantities and a bad emptyDir size", () => {
    expectDiagnostics(
      `component c {
  image "ghcr.io/acme/c:1"
  run ["c"]
  resources { gpu 0  cpu -1 }
  volumes { "/scratch": emptyDir(size: "lots") }
}
pipeline p {
  c()
}
`,
      [
        ["MLP2149", "gpu"],
        ["MLP2012", "-1"],
        ["MLP2012", `"lots"`],
      ],
      { lib: false },
    );
  });
});
