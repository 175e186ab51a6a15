import { describe, expect, it } from "vitest";
import { argument, LIB, manifest, SCORE, specOf, task, template } from "./support.js";
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
});

semcheckTest();
