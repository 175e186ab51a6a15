import { describe, expect, it } from "vitest";
import { globToRegExp, matchesAny } from "../../src/config/glob.js";

const m = (glob: string, path: string) => globToRegExp(glob).test(path);

describe("config globs", () => {
  it("* matches within one segment only", () => {
    expect(m("*.mlpipe", "a.mlpipe")).toBe(true);
    expect(m("*.mlpipe", "dir/a.mlpipe")).toBe(false);
    expect(m("pipelines/*.mlpipe", "pipelines/a.mlpipe")).toBe(true);
    expect(m("pipelines/*", "pipelines/x/a.mlpipe")).toBe(false);
  });

  it("? is one character other than /", () => {
    expect(m("a?.mlpipe", "ab.mlpipe")).toBe(true);
    expect(m("a?.mlpipe", "a.mlpipe")).toBe(false);
    expect(m("a?b", "a/b")).toBe(false);
  });

  it("** is any number of whole segments, none included", () => {
    expect(m("**/*.mlpipe", "a.mlpipe")).toBe(true);
    expect(m("**/*.mlpipe", "x/y/a.mlpipe")).toBe(true);
    expect(m("src/**/a.mlpipe", "src/a.mlpipe")).toBe(true);
    expect(m("src/**/a.mlpipe", "src/x/y/a.mlpipe")).toBe(true);
    expect(m("src/**", "src/x/y/a.mlpipe")).toBe(true);
    expect(m("src/**", "other/a.mlpipe")).toBe(false);
    // `**` inside a segment is two stars.
    expect(m("a**.mlpipe", "abc.mlpipe")).toBe(true);
    expect(m("a**.mlpipe", "a/c.mlpipe")).toBe(false);
  });

  it("everything else is literal: dots, brackets, plus", () => {
    expect(m("a.mlpipe", "aXmlpipe")).toBe(false);
    expect(m("[a]+.mlpipe", "[a]+.mlpipe")).toBe(true);
    expect(m("[a]+.mlpipe", "a.mlpipe")).toBe(false);
  });

  it("matchesAny: one of the globs", () => {
    expect(matchesAny("x/a.mlpipe", ["*.ts", "x/*.mlpipe"])).toBe(true);
    expect(matchesAny("x/a.mlpipe", [])).toBe(false);
  });
});
