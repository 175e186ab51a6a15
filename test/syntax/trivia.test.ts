import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { attachComments } from "../../src/syntax/trivia.js";

/** Each comment as `text placement node-name "first line of the node"`. */
function attached(text: string): string[] {
  const r = parse(text, "t.mlpipe");
  const trivia = attachComments(r.files, r.comments, r.lines);
  return trivia.comments.map((a) => {
    const node = a.node === undefined ? "-" : `${a.node.name} "${text.slice(a.node.location!.startOffset, a.node.location!.endOffset! + 1).split(/\r\n|\r|\n/)[0]}"`;
    return `${a.comment.image} ${a.placement} ${node}`;
  });
}

const SOURCE = [
  "# lead 1",
  "# lead 2",
  "component c { # after the brace",
  '  image "x:1" # pinned',
  "  # before run",
  '  run ["a"]',
  "  # end of block",
  "}",
  "pipeline p {",
  "  # only",
  "}",
  "# end of file",
];

const EXPECTED = [
  '# lead 1 leading topLevel "component c { # after the brace"',
  '# lead 2 leading topLevel "component c { # after the brace"',
  '# after the brace leading componentItem "image "x:1""',
  '# pinned trailing componentItem "image "x:1""',
  '# before run leading componentItem "run ["a"]"',
  '# end of block trailing componentItem "run ["a"]"',
  '# only dangling pipelineDecl "pipeline p {"',
  '# end of file trailing topLevel "pipeline p {"',
];

describe("comments attached as trivia", () => {
  it("attaches a leading block, trailing comments, the end of a block and of the file, an empty block", () => {
    expect(attached(SOURCE.join("\n"))).toEqual(EXPECTED);
  });

  it("reads lines the same with CRLF and CR-only line ends", () => {
    expect(attached(SOURCE.join("\r\n"))).toEqual(EXPECTED);
    expect(attached(SOURCE.join("\r"))).toEqual(EXPECTED);
  });

  it("attaches a comment on the line after a node to the next node, not as trailing", () => {
    expect(attached('component a { image "a:1" }\n# about b\ncomponent b { image "b:1" }')).toEqual([
      '# about b leading topLevel "component b { image "b:1" }"',
    ]);
    // The same comment after a CR-only line end: still on a line of its own.
    expect(attached('component a { image "a:1" }\r# about b\rcomponent b { image "b:1" }')).toEqual([
      '# about b leading topLevel "component b { image "b:1" }"',
    ]);
  });

  it("attaches a trailing comment to the outermost node ending on its line", () => {
    expect(attached('pipeline p {\n  s = c(i: [1,\n    2]) # two\n}')).toEqual(['# two trailing pipelineItem "s = c(i: [1,"']);
  });

  it("leaves a comment in a file without declarations dangling on no node", () => {
    expect(attached("# just a note\n")).toEqual(["# just a note dangling -"]);
  });

  it("attaches comments around a declaration with a syntax error too (the recovered tree)", () => {
    expect(attached('# broken\ncomponent a { image = "a:1" }\n# fine\ncomponent b { image "b:1" }')).toEqual([
      '# broken leading topLevel "component a { image = "a:1" }"',
      '# fine leading topLevel "component b { image "b:1" }"',
    ]);
  });
});
