import { describe, expect, it } from "vitest";
import { argument, compile, LIB, manifest, SCORE, specOf, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Facts from Argo's loops examples (loops, loops-maps, loops-param-argument, loops-param-result,
// parallelism-limit, parameter-aggregation-dag): `withItems` lists the items, `{{item}}` and
// `{{item.field}}` read the current one; `withParam` takes a JSON list from a parameter or an output;
// `parallelism` on a template limits its tasks running at once; the output parameter of a looped
// task is the JSON list of every iteration's value.

const LISTER = `
component lister {
  image "ghcr.io/acme/list:1.0"
  output items: List<Int>
  run ["list", items.path]
}
`;

describe("Argo loops", () => {
  it("loops over a literal list with withItems on the step's task", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  for shard in [1, 2, 3] {
    s = score(shard: shard)
  }
}
`);
    const s = task(doc, "s");
    expect(s.withItems).toEqual([1, 2, 3]);
    expect(argument(s, "shard")).toBe("{{item}}");
  });

  it("reads fields of struct items as {{item.field}}", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  for v in [{ shard: 1, name: "a" }, { shard: 2, name: "b" }] {
    s = score(shard: v.shard, name: v.name)
  }
}
`);
    const s = task(doc, "s");
    expect(s.withItems).toEqual([{ shard: 1, name: "a" }, { shard: 2, name: "b" }]);
    expect(argument(s, "shard")).toBe("{{item.shard}}");
    expect(argument(s, "name")).toBe("{{item.name}}");
  });

  it("loops over a List parameter or a step's List output with withParam", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  param shards: List<Int> = [1, 2]
  l = lister()
  for a in shards {
    s1 = score(shard: a)
  }
  for b in l.items {
    s2 = score(shard: b)
  }
}
`);
    expect(task(doc, "s1").withParam).toBe("{{inputs.parameters.shards}}");
    expect(specOf(doc).arguments.parameters).toEqual([{ name: "shards", value: "[1,2]" }]);
    expect(task(doc, "s2").withParam).toBe("{{tasks.l.outputs.parameters.items}}");
    expect(task(doc, "s2").depends).toBe("l");
  });

  it("fans in a looped task's outputs as Argo's aggregated JSON list", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  for shard in [1, 2] {
    s = score(shard: shard)
  }
  sum = summarize(values: collect(s.auc))
}
`);
    expect(argument(task(doc, "sum"), "values")).toBe("{{tasks.s.outputs.parameters.auc}}");
    expect(task(doc, "sum").depends).toBe("s");
  });

  it("limits a loop's parallelism with a template of its own", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  for shard in [1, 2, 3, 4] parallel 2 {
    s = score(shard: shard)
  }
  sum = summarize(values: collect(s.auc))
}
`);
    const call = specOf(doc).templates.find((t: any) => t.name === specOf(doc).entrypoint).dag.tasks.find((t: any) => t.name !== "sum");
    const wrapper = template(doc, call.template);
    expect(wrapper.parallelism).toBe(2);
    const looped = wrapper.dag.tasks[0];
    expect(looped.withItems).toEqual([1, 2, 3, 4]);
    // The wrapper hands the aggregated list on to its caller.
    const value = argument(task(doc, "sum"), "values") as string;
    expect(value).toMatch(new RegExp(`^\\{\\{tasks\\.${call.name}\\.outputs\\.parameters\\.([-\\w]+)\\}\\}$`));
    const exposed = value.match(/parameters\.([-\w]+)\}\}$/)![1];
    expect(wrapper.outputs.parameters).toEqual([{ name: exposed, valueFrom: { parameter: "{{tasks.s.outputs.parameters.auc}}" } }]);
    expect(task(doc, "sum").depends).toBe(call.name);
  });

  it("runs a loop body of several steps as an iteration DAG, the item and outside values as its inputs", () => {
    const doc = manifest(`${LIB}${SCORE}${LISTER}
pipeline p {
  param label: String = "L"
  prep = prepare(source: "s3://a/b")
  for shard in [1, 2] {
    s = score(shard: shard, name: label)
    e = echo(message: "\${s.auc}")
    f = train(data: prep.train)
  }
}
`);
    const call = task(doc, "for-shard");
    expect(call.withItems).toEqual([1, 2]);
    expect(call.depends).toBe("prep");
    const body = template(doc, call.template);
    const byName = Object.fromEntries(call.arguments.parameters.map((p: any) => [p.name, p.value]));
    expect(Object.values(byName).sort()).toEqual(["{{inputs.parameters.label}}", "{{item}}"]);
    expect(body.inputs.parameters.map((p: any) => p.name).sort()).toEqual(Object.keys(byName).sort());
    const s = body.dag.tasks.find((t: any) => t.name === "s");
    const shardInput = Object.entries(byName).find(([, v]) => v === "{{item}}")![0];
    expect(argument(s, "shard")).toBe(`{{inputs.parameters.${shardInput}}}`);
    const e = body.dag.tasks.find((t: any) => t.name === "e");
    expect(e.depends).toBe("s");
    const f = body.dag.tasks.find((t: any) => t.name === "f");
    const art = call.arguments.artifacts[0];
    expect(art.from).toBe("{{tasks.prep.outputs.artifacts.train}}");
    expect(f.arguments.artifacts).toEqual([{ name: "data", from: `{{inputs.artifacts.${art.name}}}` }]);
    expect(body.inputs.artifacts).toEqual([{ name: art.name }]);
  });

  describe("collect() of a step that an iteration may skip (under an `if` in the loop)", () => {
    const SQ = `
component sq {
  image "alpine:3.20"
  input x: Int
  output y: Int
  output ys: List<Int>
  run ["sq", x, y.path, ys.path]
}
component agg {
  image "alpine:3.20"
  input ys: List<Int>
  run ["agg", ys]
}
component agg_lists {
  image "alpine:3.20"
  input ys: List<List<Int>>
  run ["agg", ys]
}
`;
    const SQUARES = `pipeline squares {
  param x: Int
  output y: Int = s.y
  s = sq(x: x)
}
`;
    // Each iteration gives `[]` (skipped) or `[value]`; Argo aggregates them into a JSON list of lists,
    // and the reader keeps the value of each iteration that ran: KFP's collected list, which has no
    // entry for a skipped iteration.
    const ITERATION = (task: string, output: string, read = `tasks['${task}'].outputs.parameters['${output}']`) =>
      `toJson(tasks['${task}'].status == 'Succeeded' ? [${read}] : [])`;
    const KEPT = (loop: string, name: string) => `toJson(map(filter(fromJSON(tasks['${loop}'].outputs.parameters['${name}']), {len(#) > 0}), {#[0]}))`;

    it("gives [] for a skipped iteration and keeps only the values of iterations that ran", () => {
      const c = compile(`${SQ}
pipeline p {
  output all: List<Int> = collect(s.y)
  for x in [1, 2, 3] {
    if x > 2 {
      s = sq(x: x)
    }
  }
  a = agg(ys: collect(s.y))
}
`);
      const doc = c.docs[0];
      expect(template(doc, "for-x-body").outputs).toEqual({ parameters: [{ name: "s-y", valueFrom: { expression: ITERATION("s", "y") } }] });
      expect(argument(task(doc, "a"), "ys")).toBe(`{{=${KEPT("for-x", "s-y")}}}`);
      expect(template(doc, "p").outputs).toEqual({ parameters: [{ name: "all", valueFrom: { expression: KEPT("for-x", "s-y") } }] });
      const text = c.result.files[0].content;
      expect(text).toContain(`        valueFrom:\n          expression: "toJson(tasks['s'].status == 'Succeeded' ? [tasks['s'].outputs.parameters['y']] : [])"\n`);
      expect(text).toContain(`            value: "{{=toJson(map(filter(fromJSON(tasks['for-x'].outputs.parameters['s-y'])), {len(#) > 0}), {#[0]}))}}"\n`.replace("['s-y']))", "['s-y'])"));
    });

    it("reads a List or Struct output's JSON text back, as Argo's aggregate of lists does", () => {
      const doc = manifest(`${SQ}
pipeline p {
  for x in [1, 2, 3] {
    if x > 2 {
      s = sq(x: x)
    } else {
      e = echo(message: "skip")
    }
  }
  a = agg_lists(ys: collect(s.ys))
}
`.replace("pipeline p {", `${LIB}\npipeline p {`));
      expect(template(doc, "for-x-body").outputs.parameters).toEqual([{ name: "s-ys", valueFrom: { expression: ITERATION("s", "ys", "fromJSON(tasks['s'].outputs.parameters['ys'])") } }]);
    });

    it("does the same for a sub-pipeline called under an if, and in a loop with parallel", () => {
      const c = compile(`${SQ}${SQUARES}
pipeline p {
  for x in [1, 2, 3] parallel 2 {
    if x > 2 {
      sub = squares(x: x)
    }
  }
  a = agg(ys: collect(sub.y))
}
`);
      const doc = c.docs.find((d) => d.metadata.generateName === "p-")!;
      expect(template(doc, "for-x-body").outputs.parameters).toEqual([{ name: "sub-y", valueFrom: { expression: ITERATION("sub", "y") } }]);
      // The wrapper holding the looped task keeps the values; the caller reads the wrapper's list.
      expect(template(doc, "for-x").outputs.parameters).toEqual([{ name: "sub-y", valueFrom: { expression: KEPT("for-x-body", "sub-y") } }]);
      expect(argument(task(doc, "a"), "ys")).toBe("{{tasks.for-x.outputs.parameters.sub-y}}");
    });

    it("keeps the plain aggregate when no iteration can skip the step", () => {
      const doc = manifest(`${SQ}
pipeline p {
  for x in [1, 2, 3] {
    s = sq(x: x)
    t = sq(x: x)
  }
  a = agg(ys: collect(s.y))
}
`);
      expect(template(doc, "for-x-body").outputs.parameters).toEqual([{ name: "s-y", valueFrom: { parameter: "{{tasks.s.outputs.parameters.y}}" } }]);
      expect(argument(task(doc, "a"), "ys")).toBe("{{tasks.for-x.outputs.parameters.s-y}}");
    });
  });
});

semcheckTest();
