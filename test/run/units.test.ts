import { describe, expect, it } from "vitest";
import { cacheRoot, runKey } from "../../src/run/cache.js";
import { parseParameter } from "../../src/run/outputs.js";
import { cpus, memoryBytes } from "../../src/run/runners.js";
import { backoffSeconds, localPath } from "../../src/run/scheduler.js";
import { envVariable } from "../../src/run/secrets.js";

describe("retries", () => {
  it("wait backoff × factor^(n-1), at most max", () => {
    const r = { backoffSeconds: 30, factor: 2, maxBackoffSeconds: 100 };
    expect([1, 2, 3, 4].map((n) => backoffSeconds(r, n))).toEqual([30, 60, 100, 100]);
    expect([1, 2].map((n) => backoffSeconds({ backoffSeconds: 5 }, n))).toEqual([5, 5]);
    expect(backoffSeconds({}, 3)).toBe(0);
  });
});

describe("output parameters are read with KFP's typing rules", () => {
  it("keeps a String as written and reads the other types around white space", () => {
    expect(parseParameter("String", "go\n")).toEqual({ value: "go\n" });
    expect(parseParameter("Int", " 42\n")).toEqual({ value: 42 });
    expect(parseParameter("Int", "4.5")).toEqual({ bad: "4.5", expected: "a whole number" });
    expect(parseParameter("Float", "1e-3")).toEqual({ value: 0.001 });
    expect(parseParameter("Float", "")).toEqual({ bad: "", expected: "a number" });
    expect(parseParameter("Bool", "True")).toEqual({ value: true });
    expect(parseParameter("Bool", "0")).toEqual({ value: false });
    expect(parseParameter("Bool", "yes")).toEqual({ bad: "yes", expected: "true or false" });
    expect(parseParameter("List", "[1, 2]")).toEqual({ value: [1, 2] });
    expect(parseParameter("List", "{}")).toEqual({ bad: "{}", expected: "a JSON list" });
    expect(parseParameter("Struct", '{"a": 1}')).toEqual({ value: { a: 1 } });
  });
});

describe("local paths", () => {
  it("reads paths relative to the pipeline's folder and file:// URIs; nothing else", () => {
    expect(localPath("data/x.csv", "/p")).toBe("/p/data/x.csv");
    expect(localPath("/abs/x.csv", "/p")).toBe("/abs/x.csv");
    expect(localPath("file:///abs/x%20y.csv", "/p")).toBe("/abs/x y.csv");
    expect(localPath("s3://b/k", "/p")).toBeUndefined();
    expect(localPath("https://e.com/x", "/p")).toBeUndefined();
  });
});

describe("runner and cache details", () => {
  it("turns Kubernetes quantities into the engines' --cpus and --memory", () => {
    expect([cpus("500m"), cpus("2")]).toEqual(["0.5", "2"]);
    expect([memoryBytes("64Mi"), memoryBytes("1G"), memoryBytes("1000")]).toEqual(["67108864", "1000000000", "1000"]);
  });
  it("keeps the cache under XDG_CACHE_HOME, else ~/.cache", () => {
    expect(cacheRoot({ XDG_CACHE_HOME: "/x" })).toBe("/x/mlpc/run");
    expect(cacheRoot({ HOME: "/home/u" })).toBe("/home/u/.cache/mlpc/run");
  });
  it("keys a step by its definition and its inputs' values, whatever their order", () => {
    expect(runKey("d", { a: ["value", 1], b: ["value", "x"] })).toBe(runKey("d", { b: ["value", "x"], a: ["value", 1] }));
    expect(runKey("d", { a: ["value", 1] })).not.toBe(runKey("d", { a: ["value", 2] }));
    expect(runKey("d", { a: ["value", 1] })).not.toBe(runKey("e", { a: ["value", 1] }));
  });
  it("names the environment variable of a secret key", () => {
    expect(envVariable("SECRET", "ml-secrets", "api.token")).toBe("MLPC_SECRET_ML_SECRETS_API_TOKEN");
  });
});
