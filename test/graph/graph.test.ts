import { describe, expect, it } from "vitest";
import { checkSource } from "../helpers.js";
import { buildGraph } from "../../src/graph/model.js";
import { dotString, mermaidText, toDot, toMermaid } from "../../src/graph/text.js";
import type { Program } from "../../src/ir/types.js";
import { pipelineCachePlan } from "../../src/passes/optimize/index.js";
import { resolve } from "../../src/passes/resolve/index.js";

const SOURCE = `component prep {
  image "ghcr.io/acme/prep:1.2"
  input  raw: Dataset
  input  note: String = ""
  output clean: Dataset
  output rows: Int
  run ["prep", raw.path, note, clean.path, rows.path]
}

component train {
  image "ghcr.io/acme/train:2.0"
  input  data: Dataset
  output model: Model
  run ["train", data.path, model.path]
  resources { gpu 2 "nvidia-l4" }
}

component ping {
  image "ghcr.io/acme/ping:0.1"
  input  message: String
  run ["ping", message]
}

pipeline p {
  param tag: String = "x"
  raw = import Dataset from "s3://b/raw"
  a = prep(raw: raw.artifact, note: "say \\"hi\\" <b> & ü")
  for s in [1, 2] parallel 2 {
    t = train(data: a.clean)
  }
  if tag == "a<b & \\"c\\"" {
    ping(message: "big") after a
  }
  finally {
    done = ping(message: "end")
  }
}
`;

function program(): Program {
  const result = checkSource(SOURCE);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.program!;
}

describe("mlpc graph text formats", () => {
  it("labels a MIG request with its slice profile, as a GPU step", () => {
    const result = checkSource(`component e {\n  image "ghcr.io/acme/e:1.0"\n  resources { gpu 1 "nvidia-a100-80gb" mig "1g.10gb" }\n  run ["e"]\n}\npipeline p {\n  x = e()\n}\n`);
    expect(result.diagnostics).toEqual([]);
    const text = toMermaid(buildGraph(result.program!, result.program!.pipelines[0]));
    expect(text).toContain(`n0["x<br/>e · 1.0<br/>GPU ×1 nvidia-a100-80gb · MIG 1g.10gb"]`);
    expect(text).toContain("class n0 gpu");
  });


  it("with the optimizer's cache plan, says of each step whether it is cached, and why not, inside called pipelines too", () => {
    const result = checkSource(`component c {
  image "ghcr.io/acme/c:1.0"
  input  x: String = "a"
  output o: String
  run ["c", x, o.path]
}
component latest {
  image "ghcr.io/acme/l:latest"
  input  x: String
  run ["l", x]
}
pipeline inner {
  a = c()
  b = c(x: a.o) { cache off }
}
pipeline outer {
  first = c()
  sub = inner()
  last = latest(x: first.o)
  after_it = c(x: first.o) after last
}
`);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const prog = result.program!;
    const outer = prog.pipelines.find((p) => p.name === "outer")!;
    const plan = pipelineCachePlan(resolve(prog), "outer")!;
    const labels = buildGraph(prog, outer, plan).nodes.map((n) => `${n.id}: ${n.lines.at(-1)}`);
    expect(labels).toEqual([
      "first: cached",
      "sub/a: cached",
      "sub/b: not cached · caching off",
      "last: not cached · image not pinned",
      "after_it: cached",
    ]);
    // Without the plan, no line about caching.
    expect(buildGraph(prog, outer).nodes.map((n) => n.lines.at(-1))).toEqual(["c · 1.0", "c · 1.0", "c · 1.0", "latest · latest", "c · 1.0"]);
  });

  it("writes the exact Mermaid flowchart, labels escaped", () => {
    const prog = program();
    expect(toMermaid(buildGraph(prog, prog.pipelines[0]))).toBe(`flowchart TB
  n0[/"raw<br/>importer · Dataset"/]
  n1["a<br/>prep · 1.2"]
  subgraph c0["for s in [1, 2] (parallel 2)"]
    n2["t<br/>train · 2.0<br/>GPU ×2 nvidia-l4"]
  end
  subgraph c1["if tag == #34;a#60;b #38; #92;#34;c#92;#34;#34;"]
    n3["ping<br/>ping · 0.1"]
  end
  subgraph c2["finally"]
    n4["done<br/>ping · 0.1"]
  end
  n0 -->|"artifact → raw"| n1
  n1 -->|"clean → data"| n2
  n1 -.-> n3
  class n0 importer
  class n2 gpu
  classDef importer fill:#eef6ff,stroke:#3b6ea5
  classDef deploy fill:#eefbea,stroke:#3c8a35
  classDef gpu fill:#fff4e0,stroke:#b36b00
`);
  });

  it("writes the exact DOT graph, IDs and labels quoted", () => {
    const prog = program();
    expect(toDot(buildGraph(prog, prog.pipelines[0]))).toBe(`digraph "p" {
  rankdir=TB;
  node [fontname="Helvetica", fontsize=11];
  edge [fontname="Helvetica", fontsize=9];
  "raw" [shape=parallelogram, label="raw\\nimporter · Dataset"];
  "a" [shape=box, style=rounded, label="a\\nprep · 1.2"];
  subgraph "cluster_loop0" {
    label="for s in [1, 2] (parallel 2)";
    style=dashed;
    "t" [shape=box, style=rounded, label="t\\ntrain · 2.0\\nGPU ×2 nvidia-l4", color="#b36b00"];
  }
  subgraph "cluster_branch1" {
    label="if tag == \\"a<b & \\\\\\"c\\\\\\"\\"";
    style=dashed;
    "ping" [shape=box, style=rounded, label="ping\\nping · 0.1"];
  }
  subgraph "cluster_finally" {
    label="finally";
    style=dashed;
    "done" [shape=box, style=rounded, label="done\\nping · 0.1"];
  }
  "raw" -> "a" [label="artifact → raw"];
  "a" -> "t" [label="clean → data"];
  "a" -> "ping" [style=dashed];
}
`);
  });

  it("escapes quotes, line breaks, <, & and keeps unicode in Mermaid labels", () => {
    expect(mermaidText(['say "hi"\nto <b> & #1 | `x`', "ünï ×2"])).toBe("say #34;hi#34;<br/>to #60;b#62; #38; #35;1 #124; #96;x#96;<br/>ünï ×2");
  });

  it("escapes backslashes, quotes and line breaks in DOT strings, keeps unicode", () => {
    expect(dotString('a "b" \\ c\r\nd ü')).toBe('"a \\"b\\" \\\\ c\\nd ü"');
  });
});
