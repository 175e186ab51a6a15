import { describe, expect, it } from "vitest";
import { mutableImageReason, parseImageRef } from "../../src/ir/image-ref.js";

const digest = `sha256:${"ab".repeat(32)}`;

describe("parseImageRef", () => {
  it("splits registry, repository, tag and digest", () => {
    expect(parseImageRef(`localhost:5000/team/tool:v1@${digest}`)).toEqual({ registry: "localhost:5000", repository: "team/tool", tag: "v1", digest });
    expect(parseImageRef("python:3.12")).toEqual({ repository: "python", tag: "3.12" });
    expect(parseImageRef("ghcr.io/acme/train")).toEqual({ registry: "ghcr.io", repository: "acme/train" });
  });

  it.each([
    ["", "empty"],
    ["a b", "whitespace"],
    ["Acme/train", "lowercase; write 'acme/train'"],
    ["ghcr.io/acme/x@sha256:abc", "has 3"],
    ["ghcr.io/acme/x@sha1:abc", "algorithm 'sha1'"],
    ["ghcr.io/acme/x@abc", "no algorithm"],
    [`ghcr.io/acme/x:${"t".repeat(129)}`, "at most 128"],
    ["ghcr.io/acme/x:a/b", "path part"],
    ["bad_host.io:port/x", "registry"],
    ["ghcr.io/acme/-x", "path part '-x'"],
    [":1", "no repository"],
  ])("rejects %j (%s)", (ref, why) => {
    const r = parseImageRef(ref);
    expect("error" in r && r.error).toContain(why);
  });

  it("names mutable references", () => {
    const reason = (ref: string) => {
      const r = parseImageRef(ref);
      return "error" in r ? r.error : mutableImageReason(r);
    };
    expect(reason("python")).toBe("has no tag");
    expect(reason("python:latest")).toBe("uses the tag 'latest'");
    expect(reason(`python:latest@${digest}`)).toBeUndefined();
    expect(reason("python:3.12")).toBeUndefined();
  });
});
