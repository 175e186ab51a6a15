import { describe, expect, it } from "vitest";
import { format } from "./support.js";

/** The text of lines, each ended by a newline. */
function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

describe("declarations and blocks", () => {
  it("puts one item per line, pads the component keywords and keeps the other clauses as written", async () => {
    const src = `component c { description "d" image "i" input a: String? input b: List<Int> = [1, 2] output o: Model run ["x"] sideEffects timeout "1h" }`;
    expect(await format(src)).toBe(
      lines(
        "component c {",
        '  description "d"',
        '  image  "i"',
        "  input  a: String?",
        "  input  b: List<Int> = [1, 2]",
        "  output o: Model",
        '  run    ["x"]',
        "  sideEffects",
        '  timeout "1h"',
        "}",
      ),
    );
  });

  it("pads env in a component but not in a pipeline or step, and args and env in a transformer", async () => {
    const src = [
      'component c { image "i" env { A: "1" } }',
      'pipeline p { env { A: "1" } s = c() { env { A: "2" } } }',
      'serve s { transformer { image "t" args ["a"] env { B: "2" } } }',
    ].join("\n");
    expect(await format(src)).toBe(
      lines(
        "component c {",
        '  image  "i"',
        '  env    { A: "1" }',
        "}",
        "",
        "pipeline p {",
        '  env { A: "1" }',
        '  s = c() { env { A: "2" } }',
        "}",
        "",
        "serve s {",
        "  transformer {",
        '    image  "t"',
        '    args   ["a"]',
        '    env    { B: "2" }',
        "  }",
        "}",
      ),
    );
  });

  it("keeps one blank line where the source has several, none at the start or end of a block, and one between declarations", async () => {
    const src = 'import "a.mlpipe"\nimport "b.mlpipe"\ncomponent c {\n\n\n  image "i"\n\n\n\n  timeout "1h"\n\n}\ncomponent d { image "i" }';
    expect(await format(src)).toBe(
      lines('import "a.mlpipe"', 'import "b.mlpipe"', "", "component c {", '  image  "i"', "", '  timeout "1h"', "}", "", "component d {", '  image  "i"', "}"),
    );
  });

  it("prints empty blocks as {}", async () => {
    expect(await format("pipeline p {  }\nserve s {\n}")).toBe(lines("pipeline p {}", "", "serve s {}"));
  });

  it("prints tune and serve clauses with single spaces", async () => {
    const src = `tune t of c { objective maximize auc goal 0.9 metrics [loss] strategy loss min algorithm random search lr: Float in 0.001 .. 0.1 log search n: Int in 1 .. 9 step 2 search k: String in ["a", "b"] trials 9 parallel 3 failures 1 resume never collector file "/m.log" with { x: -1 } }
serve s { model sklearn from "s3://m" version "2" runtime "r" protocol "v2" replicas 1 .. 3 scale concurrency 10 canary 10 % mode raw }`;
    expect(await format(src)).toBe(
      lines(
        "tune t of c {",
        "  objective maximize auc goal 0.9",
        "  metrics [loss]",
        "  strategy loss min",
        "  algorithm random",
        "  search lr: Float in 0.001 .. 0.1 log",
        "  search n: Int in 1 .. 9 step 2",
        '  search k: String in ["a", "b"]',
        "  trials 9 parallel 3 failures 1",
        "  resume never",
        '  collector file "/m.log"',
        "  with { x: -1 }",
        "}",
        "",
        "serve s {",
        '  model sklearn from "s3://m" version "2"',
        '  runtime "r"',
        '  protocol "v2"',
        "  replicas 1 .. 3",
        "  scale concurrency 10",
        "  canary 10 %",
        "  mode raw",
        "}",
      ),
    );
  });

  it("prints settings: retry, cache, schedule, resources ranges and GPUs", async () => {
    const src = `pipeline p { schedule "0 3 * * *" timezone "UTC" concurrency Forbid artifactRoot "s3://b" cache off
      s = c() { retry 3 backoff "1m" factor 2 max "5m" resources { cpu .. 2 memory "1Gi" .. "2Gi" gpu 1 "nvidia-a100" } always displayName "S" } }`;
    expect(await format(src)).toBe(
      lines(
        "pipeline p {",
        '  schedule "0 3 * * *" timezone "UTC" concurrency Forbid',
        '  artifactRoot "s3://b"',
        "  cache off",
        "  s = c() {",
        '    retry 3 backoff "1m" factor 2 max "5m"',
        '    resources { cpu .. 2  memory "1Gi" .. "2Gi"  gpu 1 "nvidia-a100" }',
        "    always",
        '    displayName "S"',
        "  }",
        "}",
      ),
    );
  });
});

describe("resources", () => {
  const flat = '  resources { cpu 1  memory "2Gi" }';
  const src = `component c { resources { cpu 1 memory "2Gi" } }`;

  it("stay on one line with two spaces between items at exactly printWidth", async () => {
    expect(await format(src, { printWidth: flat.length })).toBe(lines("component c {", flat, "}"));
  });

  it("take one item per line one column beyond it", async () => {
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(lines("component c {", "  resources {", "    cpu 1", '    memory "2Gi"', "  }", "}"));
  });
});

describe("distributed", () => {
  const flat = '  distributed { job pytorchjob  nodes 4  elastic 2 .. 8  restart onFailure }';
  const src = `component c { distributed {job pytorchjob nodes 4 elastic 2..8   restart onFailure} }\npipeline p { s = c() { distributed { nodes 2 } } }`;

  it("stays on one line with two spaces between fields, a range spaced, while it fits", async () => {
    expect(await format(src, { printWidth: flat.length })).toBe(lines("component c {", flat, "}", "", "pipeline p {", "  s = c() { distributed { nodes 2 } }", "}"));
  });

  it("takes one field per line beyond it", async () => {
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(
      lines("component c {", "  distributed {", "    job pytorchjob", "    nodes 4", "    elastic 2 .. 8", "    restart onFailure", "  }", "}", "", "pipeline p {", "  s = c() { distributed { nodes 2 } }", "}"),
    );
  });
});

describe("step blocks", () => {
  it("stay on one line when written on one and they fit", async () => {
    expect(await format("pipeline p { s = c() after a { always } }")).toBe(lines("pipeline p {", "  s = c() after a { always }", "}"));
  });

  it("stay broken when written broken", async () => {
    expect(await format("pipeline p { s = c() {\n always } }")).toBe(lines("pipeline p {", "  s = c() {", "    always", "  }", "}"));
  });
});

describe("the = of named steps", () => {
  it("lines up in a run of consecutive named steps; a blank line or an unnamed step ends the run", async () => {
    const src = "pipeline p {\n a = c()\n longer = c()\n\n b = c()\n bb = c()\n c()\n ccc = c()\n}";
    expect(await format(src)).toBe(
      lines("pipeline p {", "  a      = c()", "  longer = c()", "", "  b  = c()", "  bb = c()", "  c()", "  ccc = c()", "}"),
    );
  });

  it("lines up in nested blocks and across a comment line, and pads an importer step", async () => {
    const src = 'pipeline p {\n if x {\n  a = c()\n  # why\n  model = import Model from "s3://m"\n }\n}';
    expect(await format(src)).toBe(lines("pipeline p {", "  if x {", "    a     = c()", "    # why", '    model = import Model from "s3://m"', "  }", "}"));
  });
});

describe("calls", () => {
  const flat = "  s = train(data: prep.out, lr: 0.1)";
  const src = "pipeline p { s = train(data: prep.out, lr: 0.1) }";

  it("stay on one line at exactly printWidth", async () => {
    expect(await format(src, { printWidth: flat.length })).toBe(lines("pipeline p {", flat, "}"));
  });

  it("take one argument per line with a trailing comma one column beyond it", async () => {
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(lines("pipeline p {", "  s = train(", "    data: prep.out,", "    lr: 0.1,", "  )", "}"));
  });

  it("print an empty argument list as ()", async () => {
    expect(await format("pipeline p { s = c( ) }")).toBe(lines("pipeline p {", "  s = c()", "}"));
  });

  it("keep after and the step block after the closing parenthesis when they break", async () => {
    expect(await format("pipeline p { s = train(data: prep.out, lr: 0.1) after a, b { always } }", { printWidth: 30 })).toBe(
      lines("pipeline p {", "  s = train(", "    data: prep.out,", "    lr: 0.1,", "  ) after a, b { always }", "}"),
    );
  });
});

describe("lists and structs", () => {
  it("print flat lists without and structs with inner spaces, and drop a trailing comma on one line", async () => {
    expect(await format('pipeline p { param l: List<Int> = [1, 2,] param s: Struct = {a: 1 b: "x",} param e: Struct = { } param n: List<Int> = [] }')).toBe(
      lines("pipeline p {", "  param l: List<Int> = [1, 2]", '  param s: Struct = { a: 1, b: "x" }', "  param e: Struct = {}", "  param n: List<Int> = []", "}"),
    );
  });

  it("break one item per line with a trailing comma one column beyond printWidth", async () => {
    const flat = "  param s: Struct = { a: 1, b: 2 }";
    const src = "pipeline p { param s: Struct = { a: 1, b: 2 } }";
    expect(await format(src, { printWidth: flat.length })).toBe(lines("pipeline p {", flat, "}"));
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(lines("pipeline p {", "  param s: Struct = {", "    a: 1,", "    b: 2,", "  }", "}"));
  });

  it("stay broken when the source breaks the line after the opening bracket", async () => {
    const src = 'component c { tolerations [\n { key: "k", operator: "Exists" }] env {\n A: "1" } }';
    expect(await format(src)).toBe(
      lines("component c {", "  tolerations [", '    { key: "k", operator: "Exists" },', "  ]", "  env    {", '    A: "1",', "  }", "}"),
    );
  });

  it("quote keys as written", async () => {
    expect(await format('component c { nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4", zone: "a" } }')).toBe(
      lines("component c {", '  nodeSelector { "cloud.google.com/gke-accelerator": "nvidia-l4", zone: "a" }', "}"),
    );
  });
});

describe("run and args lists", () => {
  const flat = '  run    ["python", "-m", "m", "--out", o.path]';
  const src = 'component c { run ["python", "-m", "m", "--out", o.path] }';

  it("stay on one line at exactly printWidth", async () => {
    expect(await format(src, { printWidth: flat.length })).toBe(lines("component c {", flat, "}"));
  });

  it("put the command on the first line and a flag with its value on each next line, hanging under the first item", async () => {
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(lines("component c {", '  run    ["python", "-m", "m",', '          "--out", o.path]', "}"));
  });

  it("keep flags with =, short options and the module in the command; give conditional items and values after a complete line lines of their own", async () => {
    const src = `component c { run ["torchrun", "--nproc_per_node=2", "-m", "train", "--data", d.path, "--lr=\${lr}", "extra", if opt ["--opt", opt] else ["--no-opt"], "--many", a, b, "-v", "--", "x"] }`;
    expect(await format(src, { printWidth: 60 })).toBe(
      lines(
        "component c {",
        '  run    ["torchrun", "--nproc_per_node=2", "-m", "train",',
        '          "--data", d.path,',
        '          "--lr=${lr}",',
        '          "extra",',
        '          if opt ["--opt", opt] else ["--no-opt"],',
        '          "--many", a, b,',
        '          "-v",',
        '          "--", "x"]',
        "}",
      ),
    );
  });

  it("keep a triple-quoted script verbatim and start a line after it", async () => {
    const src = 'component c {\nrun ["sh", "-c", """\n    set -eu\n      echo "$1"\n    """, "name", x]\n}';
    expect(await format(src)).toBe(lines("component c {", '  run    ["sh", "-c", """', "    set -eu", '      echo "$1"', '    """,', '          "name", x]', "}"));
  });

  it("print an empty list as []", async () => {
    expect(await format("component c { args [ ] }")).toBe(lines("component c {", "  args   []", "}"));
  });
});

describe("expressions", () => {
  it("print operators with spaces, unary minus and not, parentheses and pipeline.status", async () => {
    const src = "pipeline p { if not (a.x>=-1) and b!=null or pipeline.status == \"Failed\" { c() } elif x<2 { c() } else { c() } for i in [1,2] parallel 2 { c() } }";
    expect(await format(src)).toBe(
      lines(
        "pipeline p {",
        '  if not (a.x >= -1) and b != null or pipeline.status == "Failed" {',
        "    c()",
        "  } elif x < 2 {",
        "    c()",
        "  } else {",
        "    c()",
        "  }",
        "  for i in [1, 2] parallel 2 {",
        "    c()",
        "  }",
        "}",
      ),
    );
  });

  it("break before each and/or, never inside a comparison, one column beyond printWidth", async () => {
    const flat = "  if a.score >= 0.9 and b.ok or c {";
    const src = "pipeline p { if a.score >= 0.9 and b.ok or c { d() } }";
    expect(await format(src, { printWidth: flat.length })).toBe(lines("pipeline p {", flat, "    d()", "  }", "}"));
    expect(await format(src, { printWidth: flat.length - 1 })).toBe(lines("pipeline p {", "  if a.score >= 0.9", "    and b.ok", "    or c {", "    d()", "  }", "}"));
  });
});

describe("imports", () => {
  it("print both forms, dropping a trailing comma on one line and breaking one name per line when too long", async () => {
    expect(await format('import "x.mlpipe"\nimport {a,b,} from "y.mlpipe"')).toBe(lines('import "x.mlpipe"', 'import { a, b } from "y.mlpipe"'));
    expect(await format('import { alpha, beta } from "y.mlpipe"', { printWidth: 20 })).toBe(lines("import {", "  alpha,", "  beta,", '} from "y.mlpipe"'));
  });
});

describe("prettier options", () => {
  const src = 'pipeline p { if x { s = c(a: 1, b: 2) } }';

  it("indent by tabWidth", async () => {
    expect(await format(src, { tabWidth: 4 })).toBe(lines("pipeline p {", "    if x {", "        s = c(a: 1, b: 2)", "    }", "}"));
  });

  it("indent with tabs under useTabs, aligning a run list's hanging lines with spaces after them", async () => {
    expect(await format(src, { useTabs: true })).toBe(lines("pipeline p {", "\tif x {", "\t\ts = c(a: 1, b: 2)", "\t}", "}"));
    expect(await format('component c { run ["p", "--a", a, "--b", b] }', { useTabs: true, printWidth: 20 })).toBe(
      lines("component c {", '\trun    ["p",', '\t        "--a", a,', '\t        "--b", b]', "}"),
    );
  });

  it("default printWidth to 100 for .mlpipe", async () => {
    const flat = `  s = c(a: "${"x".repeat(86)}")`;
    expect(flat.length).toBe(100);
    expect(await format(`pipeline p { ${flat.trim()} }`)).toBe(lines("pipeline p {", flat, "}"));
    const longer = `  s = c(a: "${"x".repeat(87)}")`;
    expect(await format(`pipeline p { ${longer.trim()} }`)).toBe(lines("pipeline p {", "  s = c(", `    a: "${"x".repeat(87)}",`, "  )", "}"));
  });
});

describe("refusals", () => {
  it("throws prettier a SyntaxError with the first syntax error's code and position", async () => {
    await expect(format("pipeline p {\n  s = \n}")).rejects.toMatchObject({ name: "SyntaxError", loc: { start: { line: 3, column: 1 } } });
    await expect(format("pipeline p {\n  s = \n}")).rejects.toThrow(/MLP1004/);
  });
});
