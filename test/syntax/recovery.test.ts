import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

/** The top-level nodes (kind, `!` when broken), the broken names and whether names are incomplete. */
function recovery(text: string): { top: string[]; broken: string[]; incomplete: boolean } | undefined {
  const r = parse(text, "t.mlpipe").recovery;
  if (r === undefined) return undefined;
  return {
    top: r.topLevel.map((t) => Object.keys(t.node.children)[0].replace("Decl", "") + (t.broken ? "!" : "")),
    broken: r.brokenNames.map((b) => `${b.kind} ${b.name.image}`),
    incomplete: r.incomplete,
  };
}

const D = 'component d { image "x/d:1" }';

describe("which declarations a syntax error breaks", () => {
  it("breaks none in a file without errors", () => {
    expect(recovery(`${D}\npipeline p { d() }`)).toEqual({ top: ["component", "pipeline"], broken: [], incomplete: false });
  });

  it("breaks the declaration the error is in, not its neighbours", () => {
    expect(recovery(`${D}\npipeline a { d(i: ) }\npipeline b { d() }`)).toEqual({
      top: ["component", "pipeline!", "pipeline"],
      broken: ["pipeline a"],
      incomplete: false,
    });
  });

  it("breaks the declaration whose closing brace is missing, though the error is on the next one's first token", () => {
    expect(recovery(`component c { image "x"\n${D}`)).toEqual({ top: ["component!", "component"], broken: ["component c"], incomplete: false });
  });

  it("breaks the last declaration at an unexpected end of file", () => {
    expect(recovery(`${D}\npipeline p { d(`)).toEqual({ top: ["component", "pipeline!"], broken: ["pipeline p"], incomplete: false });
  });

  it("counts a declaration error recovery swallowed as broken (a top-level serve read as a pipeline's statement)", () => {
    expect(recovery(`pipeline a { d()\nserve s { model sklearn from "s3://x" }\npipeline b { d() }`)).toEqual({
      top: ["pipeline!", "pipeline"],
      broken: ["pipeline a", "serve s"],
      incomplete: false,
    });
  });

  it("breaks no declaration for a stray token between declarations, and resumes at the next one (serve included)", () => {
    expect(recovery(`${D}\nx = d()\nserve s { model sklearn from "s3://x" }`)).toEqual({ top: ["component", "serve"], broken: [], incomplete: false });
  });

  it("marks the names incomplete when a broken declaration has no name or an import is broken", () => {
    expect(recovery(`component { }\n${D}`)).toEqual({ top: ["component!", "component"], broken: [], incomplete: true });
    expect(recovery(`import { d } "lib.mlpipe"\n${D}`)).toEqual({ top: ["import!", "component"], broken: [], incomplete: true });
  });

  it("breaks the declaration with a lexical error, and drops what the parser said about it (the bad token's gap)", () => {
    const r = parse(`${D}\npipeline p { d(i: 8Gi) }\npipeline q { d(i: ) }`, "t.mlpipe");
    // The parser, not seeing '8Gi', also finds no value on line 2: only the invalid number is reported.
    expect(r.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.col} ${d.code}`)).toEqual(["2:19 MLP1009", "3:19 MLP1004"]);
    expect(recovery(`${D}\npipeline p { d(i: 8Gi) }\npipeline q { d(i: ) }`)).toEqual({
      top: ["component", "pipeline!", "pipeline!"],
      broken: ["pipeline p", "pipeline q"],
      incomplete: false,
    });
    expect(recovery(`${D}\npipeline p { d(i: "x) }\n${D}`)?.top).toEqual(["component", "pipeline!", "component"]);
  });

  it("marks the names incomplete when an unterminated string swallows a declaration's keyword", () => {
    expect(recovery(`pipeline p { d(i: """x) }\n${D}`)).toEqual({ top: ["pipeline!"], broken: ["pipeline p"], incomplete: true });
    expect(recovery(`pipeline p { d(i: """x) }\n`)?.incomplete).toBe(false);
  });
});
