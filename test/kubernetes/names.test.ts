import { describe, expect, it } from "vitest";
import {
  argoName,
  dnsLabel,
  dnsLabelProblem,
  isDnsSubdomain,
  kfpSanitize,
  MAX_ARGO_NAME_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_SUBDOMAIN_LENGTH,
  truncateName,
  UniqueNames,
} from "../../src/kubernetes/names.js";

const a = (n: number): string => "a".repeat(n);

describe("dnsLabel and dnsLabelProblem", () => {
  it.each([
    ["train_model", "train-model"],
    ["Train_Model", "train-model"],
    ["step-1", "step-1"],
    ["_x_", "-x-"],
  ])("%j gives %j", (name, label) => {
    expect(dnsLabel(name)).toBe(label);
  });

  it("accepts 63 characters and rejects 64", () => {
    expect(dnsLabelProblem(a(MAX_LABEL_LENGTH), false)).toBeUndefined();
    expect(dnsLabelProblem(a(MAX_LABEL_LENGTH + 1), false)).toBe("it is 64 characters long, but Kubernetes names have at most 63");
  });

  it.each([
    ["", false, "it is empty"],
    ["café", false, "it contains 'é', but Kubernetes names allow only letters, digits, '_' and '-'"],
    ["a.b", false, "it contains '.', but Kubernetes names allow only letters, digits, '_' and '-'"],
    ["-a", false, "it becomes the Kubernetes name '-a', which must start with a letter or digit"],
    ["_a", false, "it becomes the Kubernetes name '-a', which must start with a letter or digit"],
    ["a_", false, "it becomes the Kubernetes name 'a-', which must end with a letter or digit"],
    ["1a", true, "it becomes the Kubernetes name '1a', which must start with a letter"],
  ])("%j (DNS-1035: %s): %s", (name, dns1035, problem) => {
    expect(dnsLabelProblem(name, dns1035)).toBe(problem);
  });

  it("accepts uppercase and '_', which the label lowercases and turns into '-'", () => {
    expect(dnsLabelProblem("Train_Model", true)).toBeUndefined();
    expect(dnsLabelProblem("1a", false)).toBeUndefined();
  });
});

describe("isDnsSubdomain", () => {
  const long = (n: number): string => [a(63), a(63), a(63), a(n - 3 * 64)].join(".");

  it("accepts 253 characters and rejects 254", () => {
    expect(long(MAX_SUBDOMAIN_LENGTH)).toHaveLength(253);
    expect(isDnsSubdomain(long(MAX_SUBDOMAIN_LENGTH))).toBe(true);
    expect(isDnsSubdomain(long(MAX_SUBDOMAIN_LENGTH + 1))).toBe(false);
  });

  it.each([
    ["example.com", true],
    ["my-app", true],
    ["Example.com", false],
    ["-a.com", false],
    ["a-.com", false],
    ["a..com", false],
    ["a_b.com", false],
    ["é.com", false],
    ["", false],
  ])("%j: %s", (text, ok) => {
    expect(isDnsSubdomain(text)).toBe(ok);
  });
});

describe("argoName", () => {
  it.each([
    ["Train_Model", "train-model"],
    ["a__b", "a--b"],
    ["_v", "v"],
    ["--a--", "a"],
    ["a.b c", "a-b-c"],
    ["café", "caf"],
    ["ünï", "n"],
    ["___", "x"],
    ["", "x"],
  ])("%j gives %j", (text, name) => {
    expect(argoName(text)).toBe(name);
  });

  it("is dnsLabel on every name the validator accepts", () => {
    for (const name of ["Train_Model", "a_b_c", "step-1", "X", a(63)]) {
      expect(dnsLabelProblem(name, false)).toBeUndefined();
      expect(argoName(name)).toBe(dnsLabel(name));
    }
  });

  it("keeps 128 characters, without a '-' where it is cut", () => {
    expect(argoName(a(MAX_ARGO_NAME_LENGTH))).toBe(a(128));
    expect(argoName(a(MAX_ARGO_NAME_LENGTH + 1))).toBe(a(128));
    expect(argoName(`${a(127)}_b`)).toBe(a(127));
  });
});

describe("kfpSanitize (the KFP SDK's sanitize_k8s_name)", () => {
  it.each([
    ["Train_Model", "train-model"],
    ["a__b", "a-b"],
    ["a-_-b", "a-b"],
    ["_v_", "v"],
    ["/dev/shm", "dev-shm"],
    ["café au lait", "caf-au-lait"],
    ["___", ""],
    ["é", ""],
  ])("%j gives %j", (text, name) => {
    expect(kfpSanitize(text)).toBe(name);
  });

  it("does not cut long names (the SDK does not)", () => {
    expect(kfpSanitize(a(64))).toBe(a(64));
  });
});

describe("truncateName", () => {
  it("cuts at the length and drops the '-' the cut leaves", () => {
    expect(truncateName("abc-def", 4)).toBe("abc");
    expect(truncateName("abc-def", 7)).toBe("abc-def");
    expect(truncateName("---", 2)).toBe("");
  });
});

describe("UniqueNames", () => {
  it("numbers a taken name -2, -3… in the order asked for, skipping reserved and taken names", () => {
    const names = new UniqueNames();
    names.reserve("a-3");
    expect(["a", "a", "a", "a-2", "a"].map((n) => names.take(n))).toEqual(["a", "a-2", "a-4", "a-2-2", "a-5"]);
  });

  it("cuts the base so that a numbered name fits the maximum length", () => {
    const names = new UniqueNames(MAX_ARGO_NAME_LENGTH);
    const base = a(MAX_ARGO_NAME_LENGTH);
    expect(names.take(base)).toBe(base);
    expect(names.take(base)).toBe(`${a(126)}-2`);
    expect(names.take(base)).toHaveLength(128);
  });

  it("does not cut without a maximum", () => {
    const names = new UniqueNames();
    names.take(a(200));
    expect(names.take(a(200))).toBe(`${a(200)}-2`);
  });
});
