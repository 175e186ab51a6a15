import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "./support.js";

const component = (image: string) => `component c {\n  image "${image}"\n  run ["c"]\n}\npipeline p {\n  c()\n}\n`;
const digest = "4f2a".repeat(16);

describe("image-references", () => {
  it.each([
    "ghcr.io/acme/train:2.3.1",
    "python:3.12-slim",
    "localhost:5000/team/tool:v1",
    `ghcr.io/acme/prep@sha256:${digest}`,
    `ghcr.io/acme/prep:1.0@sha256:${digest}`,
    "registry.example.com/a/b/c__d-e.f:1",
  ])("accepts %s", (image) => {
    expectDiagnostics(component(image), [], { lib: false });
  });

  it.each([
    ["ghcr.io/Acme/train:1", "lowercase"],
    ["", "empty"],
    ["ghcr.io/acme/train 1.0", "whitespace"],
    [`ghcr.io/acme/prep@sha256:${digest.slice(0, 12)}`, "64 hexadecimal digits, but this one has 12"],
    [`ghcr.io/acme/prep@sha256:${digest.toUpperCase()}`, "lowercase"],
    ["ghcr.io/acme/prep@md5:abc", "algorithm"],
    ["ghcr.io/acme/train:", "tag"],
    ["ghcr.io/acme/train:-1", "tag"],
    ["ghcr.io//train:1", "empty part"],
    ["ghcr.io/acme/train-:1", "path part"],
  ])("reports %s (%s)", (image, why) => {
    const [d] = expectDiagnostics(component(image), [["MLP2015", `"${image}"`]], { lib: false });
    expect(d.message).toContain(why);
  });

  it("warns about images without a tag or with :latest", () => {
    for (const image of ["python", "ghcr.io/acme/train:latest"]) {
      const [d] = expectDiagnostics(component(image), [["MLP2050", `"${image}"`]], { lib: false });
      expect(d.severity).toBe("warning");
    }
  });
});
