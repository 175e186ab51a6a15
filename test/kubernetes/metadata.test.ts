import { describe, expect, it } from "vitest";
import { annotationBytes, labelValueProblem, MAX_ANNOTATIONS_BYTES, qualifiedNameProblem } from "../../src/kubernetes/metadata.js";
import type { KeyValue } from "../../src/ir/types.js";

const a = (n: number): string => "a".repeat(n);
const loc = { file: "t.mlpipe", line: 1, col: 1 };
const kv = (key: string, value: string): KeyValue => ({ key, value, loc }) as KeyValue;

describe("qualifiedNameProblem (label and annotation keys)", () => {
  it("accepts a name of 63 characters and rejects 64", () => {
    expect(qualifiedNameProblem(a(63))).toBeUndefined();
    expect(qualifiedNameProblem(a(64))).toBe("the name is 64 characters long, but at most 63 are allowed");
  });

  it("accepts a prefix of 253 characters and rejects 254", () => {
    const prefix = (n: number) => [a(63), a(63), a(63), a(n - 3 * 64)].join(".");
    expect(qualifiedNameProblem(`${prefix(253)}/app`)).toBeUndefined();
    expect(qualifiedNameProblem(`${prefix(254)}/app`)).toBe("the prefix is 254 characters long, but at most 253 are allowed");
  });

  it.each([
    ["app.kubernetes.io/name", undefined],
    ["App_Name.v1", undefined],
    ["a/b/c", "it has more than one '/'; a key is an optional prefix, '/', and a name"],
    ["/name", "the prefix before '/' is empty"],
    ["Example.com/name", "the prefix is not a DNS subdomain (lowercase letters, digits, '-' and '.', such as 'example.com')"],
    ["example.com/", "the name is empty"],
    ["", "the name is empty"],
    ["-name", "the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
    ["name_", "the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
    ["naïve", "the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit"],
  ])("%j: %s", (key, problem) => {
    expect(qualifiedNameProblem(key)).toBe(problem);
  });
});

describe("labelValueProblem", () => {
  it("accepts 63 characters and the empty value, rejects 64", () => {
    expect(labelValueProblem(a(63))).toBeUndefined();
    expect(labelValueProblem("")).toBeUndefined();
    expect(labelValueProblem(a(64))).toBe("it is 64 characters long, but at most 63 are allowed");
  });

  it.each(["-a", "a-", "_a", "a b", "é"])("rejects %j", (value) => {
    expect(labelValueProblem(value)).toBe("it must be empty, or letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  });

  it.each(["A", "a.b_c-d", "1"])("accepts %j", (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });
});

describe("annotationBytes", () => {
  it("counts keys and values in UTF-8 bytes", () => {
    expect(annotationBytes([kv("a", "é"), kv("bc", "€")])).toBe(1 + 2 + 2 + 3);
    expect(annotationBytes([])).toBe(0);
  });

  it("reaches the limit at exactly 256 KiB", () => {
    expect(annotationBytes([kv("k", a(MAX_ANNOTATIONS_BYTES - 1))])).toBe(MAX_ANNOTATIONS_BYTES);
  });
});
