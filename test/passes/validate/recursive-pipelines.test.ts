import { describe, expect, it } from "vitest";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("recursive-pipelines", () => {
  it("accepts pipelines that call other pipelines without recursion", () => {
    expectDiagnostics(`pipeline outer {\n  inner()\n}\npipeline inner {\n  train_eval(source: "s3://a")\n}\n`, []);
  });

  it("reports a pipeline that calls itself", () => {
    const src = `pipeline again {\n  notify(message: "x")\n  again()\n}\n`;
    const [d] = expectDiagnostics(src, [["MLP2033", "pipeline «again»"]]);
    expect(d.message).toContain("again -> again");
    expect(relatedAt(d)).toEqual([at(check(src).text, "again()")]);
  });

  it("reports recursion through other pipelines with every call", () => {
    const src = `pipeline a {\n  b()\n}\npipeline b {\n  if true {\n    c()\n  }\n}\npipeline c {\n  a()\n}\n`;
    const [d] = expectDiagnostics(src, [["MLP2033", "pipeline «a»"]]);
    expect(d.message).toContain("a -> b -> c -> a");
    const { text } = check(src);
    expect(relatedAt(d)).toEqual([at(text, "b()"), at(text, "c()"), at(text, "a()")]);
  });
});
