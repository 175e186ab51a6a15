import { describe, expect, it } from "vitest";
import { format } from "./support.js";

function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

describe("comments", () => {
  it("keep the file header, a blank line after it, and own-line comments before items", async () => {
    const src = "# header\n# more\n\nimport \"x.mlpipe\"\n\n# about c\ncomponent c {\n  # the image\n  image \"i\"\n\n  # why\n\n  timeout \"1h\"\n}\n";
    expect(await format(src)).toBe(src.replace('image "i"', 'image  "i"'));
  });

  it("keep a comment at the end of a line two spaces after the item, aligning those of consecutive one-line items", async () => {
    const src = 'component c {\n  input  a: String # first\n  input  bb: Int = 1     # second\n  sideEffects\n  timeout "1h"# third\n}\n';
    expect(await format(src)).toBe(lines("component c {", "  input  a: String    # first", "  input  bb: Int = 1  # second", "  sideEffects", '  timeout "1h"  # third', "}"));
  });

  it("do not align across a blank line or an item that breaks over lines", async () => {
    const src = 'pipeline p {\n  a = c() # one\n\n  b = c() # two\n  longer = c(x: 1) {\n always } # three\n}\n';
    expect(await format(src)).toBe(lines("pipeline p {", "  a = c()  # one", "", "  b      = c()  # two", "  longer = c(x: 1) {", "    always", "  }  # three", "}"));
  });

  it("keep own-line comments at the end of a block, with the blank line before them", async () => {
    const src = "pipeline p {\n  a = c()\n\n  # later: more steps\n  # and more\n}\n";
    expect(await format(src)).toBe(src);
  });

  it("keep comments at the end of the file and in a file of comments only", async () => {
    expect(await format('serve s { mode raw }\n\n# the end\n')).toBe(lines("serve s {", "  mode raw", "}", "", "# the end"));
    expect(await format("# only\n\n\n# comments\n")).toBe(lines("# only", "", "# comments"));
    expect(await format("")).toBe("");
  });

  it("keep comments in an empty block on their lines", async () => {
    expect(await format("pipeline p { # nothing yet\n}\ncomponent c {\n  resources {\n    # none\n  }\n}")).toBe(
      lines("pipeline p {", "  # nothing yet", "}", "", "component c {", "  resources {", "    # none", "  }", "}"),
    );
  });

  it("break a list, struct or call with a comment in it and keep each comment by its item", async () => {
    const src = 'pipeline p {\n  param l: List<Int> = [1, # one\n  2]\n  s = c(a: 1, # the a\n    # before b\n    b: 2)\n  t = c(e: { A: "1", # a\n  })\n}\n';
    expect(await format(src)).toBe(
      lines(
        "pipeline p {",
        "  param l: List<Int> = [",
        "    1,  # one",
        "    2,",
        "  ]",
        "  s = c(",
        "    a: 1,  # the a",
        "    # before b",
        "    b: 2,",
        "  )",
        "  t = c(",
        "    e: {",
        '      A: "1",  # a',
        "    },",
        "  )",
        "}",
      ),
    );
  });

  it("line up the end-of-line comments of a struct's fields", async () => {
    const src = 'component c {\n  volumes {\n    "/a": pvc("a"), # short\n    "/longer": pvc("b"),   # long\n  }\n}\n';
    expect(await format(src)).toBe(lines("component c {", "  volumes {", '    "/a": pvc("a"),       # short', '    "/longer": pvc("b"),  # long', "  }", "}"));
  });

  it("keep an own-line comment after the last item of a list before its closing bracket", async () => {
    const src = "pipeline p {\n  param l: List<Int> = [\n    1,\n    # more later\n  ]\n}\n";
    expect(await format(src)).toBe(src);
  });

  it("keep comments in a run list at the end of their line or on a line of their own", async () => {
    const src = 'component c {\n  run ["python", "-m", "m", # the module\n    # input\n    "--data", d.path,\n    "--out", # where\n    o.path]\n}\n';
    expect(await format(src)).toBe(
      lines(
        "component c {",
        '  run    ["python", "-m", "m",  # the module',
        "          # input",
        '          "--data", d.path,',
        '          "--out",  # where',
        "          o.path]",
        "}",
      ),
    );
  });

  it("close a run list on its own line after a comment that ends it", async () => {
    const src = 'component c {\n  run ["a", "--b", b\n    # last\n  ]\n}\n';
    expect(await format(src, { printWidth: 20 })).toBe(lines("component c {", '  run    ["a",', '          "--b", b', "          # last", "          ]", "}"));
  });

  it("end the line before a run list's ] when a comment ends the last item's line, so two comments never share a line", async () => {
    const src = 'component c {\n  run ["a", x # in\n  ] # out\n}\n';
    expect(await format(src)).toBe(lines("component c {", '  run    ["a", x  # in', "          ]  # out", "}"));
  });

  it("keep a comment from inside a call argument at the end of that argument's line", async () => {
    const src = "pipeline p {\n  s = c(a: x # one\n  .y) # two\n}\n";
    expect(await format(src)).toBe(lines("pipeline p {", "  s = c(", "    a: x.y,  # one", "  )  # two", "}"));
  });

  it("put the comments from the middle of a clause but the last on lines of their own before it", async () => {
    const src = 'component c {\n  retry 3 # one\n  backoff # two\n  "1m"\n}\n';
    expect(await format(src)).toBe(lines("component c {", "  # one", '  retry 3 backoff "1m"  # two', "}"));
  });

  it("make a comment after an opening { the first line of the block", async () => {
    expect(await format("pipeline p {\n  if x {  # why\n    a = c()\n  }\n}\n")).toBe(lines("pipeline p {", "  if x {", "    # why", "    a = c()", "  }", "}"));
  });

  it("move a comment in the middle of a clause to the end of that clause's line", async () => {
    const src = 'component c {\n  retry 3\n  # between\n  backoff "1m"\n}\n';
    expect(await format(src)).toBe(lines("component c {", '  retry 3 backoff "1m"  # between', "}"));
  });

  it("keep a suppression directive on the line before the item it suppresses", async () => {
    const src = "component c {\n  # mlpc-disable-next-line MLP4021 -- why\n  resources { cpu 1 ephemeralStorage \"1Gi\" }\n}\n";
    expect(await format(src)).toBe(lines("component c {", "  # mlpc-disable-next-line MLP4021 -- why", '  resources { cpu 1  ephemeralStorage "1Gi" }', "}"));
  });

  it("print the same text for LF, CRLF and CR line endings", async () => {
    const lf = "# head\npipeline p {\n  a = c() # end\n\n  # own\n  b = c()\n}\n";
    const expected = lines("# head", "pipeline p {", "  a = c()  # end", "", "  # own", "  b = c()", "}");
    expect(await format(lf)).toBe(expected);
    expect(await format(lf.replace(/\n/g, "\r\n"))).toBe(expected);
    expect(await format(lf.replace(/\n/g, "\r"))).toBe(expected);
  });

  it("keep trailing blanks out of a comment and a # inside a string out of comments", async () => {
    expect(await format('component c { image "ghcr.io/x#y"   # pinned   \n}')).toBe(lines("component c {", '  image  "ghcr.io/x#y"  # pinned', "}"));
  });
});
