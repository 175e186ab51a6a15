import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

const component = (name: string) => `component ${name} {\n  image "ghcr.io/acme/x:1"\n  run ["x"]\n}\n`;

describe("unique-declaration-names", () => {
  it("accepts distinct names in each namespace", () => {
    expectDiagnostics(`${component("a")}${component("b")}pipeline p {\n  a()\n  b()\n}\n`, [], { lib: false });
  });

  it("reports every later component with the same name, pointing at the first", () => {
    const src = `${component("a")}${component("a")}${component("a")}pipeline p {\n  a()\n}\n`;
    const ds = expectDiagnostics(
      src,
      [
        ["MLP2006", "component «a»", 1],
        ["MLP2006", "component «a»", 2],
      ],
      { lib: false },
    );
    const { text } = check(src, { lib: false });
    expect(ds.map(relatedAt)).toEqual([[at(text, "a {")], [at(text, "a {")]]);
  });

  it("reports a pipeline that has the name of a component", () => {
    const src = `${component("train")}pipeline train {\n  x = train()\n}\n`;
    const [d] = expectDiagnostics(src, [["MLP2006", "pipeline «train»"]], { lib: false });
    expect(d.message).toContain("pipeline 'train'");
    expect(d.related[0].message).toContain("component 'train'");
  });

  it("keeps tunes and serves in their own namespaces", () => {
    const serve = (name: string) => `serve ${name} {\n  model sklearn from "s3://acme/m"\n}\n`;
    const tune = (name: string) => `tune ${name} of sweep {\n  objective minimize loss\n  algorithm random\n  search lr: Float in 0.001 .. 0.1\n}\n`;
    expectDiagnostics(`${serve("train")}${tune("train")}`, [], { lib: true });
    expectDiagnostics(`${serve("m")}${serve("m")}${tune("t")}${tune("t")}`, [
      ["MLP2006", "serve «m»", 1],
      ["MLP2006", "tune «t»", 1],
    ]);
  });
});
