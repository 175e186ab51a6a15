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

  it("gives no recovery after a lexical error: nothing of the file is trusted", () => {
    expect(recovery(`${D}\npipeline p { d(i: "x) }`)).toBeUndefined();
  });
});
