import { describe, expect, it } from "vitest";
import { argument, compile, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Facts from Argo's DAG documentation and examples (dag-diamond, artifact-passing,
// dag-continue-on-fail, enhanced depends logic): a task waits for the tasks named in `depends`;
// `{{tasks.X.outputs.parameters.Y}}` / `from: "{{tasks.X.outputs.artifacts.Y}}"` pass outputs; a
// template's inputs are `{{inputs.parameters.x}}`; `X.Succeeded || X.Failed` waits for X to finish
// either way.

describe("Argo DAG", () => {
  it("makes data dependencies and `after` into depends, and passes parameters and artifacts", () => {
    const doc = manifest(`${LIB}
pipeline p {
  param source: String = "s3://a/b"
  prep = prepare(source: source)
  fit  = train(data: prep.train, lr: 0.1)
  say  = echo(message: "rows: \${prep.rows}") after fit
}
`);
    expect(task(doc, "prep").depends).toBeUndefined();
    expect(argument(task(doc, "prep"), "source")).toBe("{{inputs.parameters.source}}");
    const fit = task(doc, "fit");
    expect(fit.depends).toBe("prep");
    expect(fit.arguments.artifacts).toEqual([{ name: "data", from: "{{tasks.prep.outputs.artifacts.train}}" }]);
    expect(argument(fit, "lr")).toBe("0.1");
    const say = task(doc, "say");
    expect(say.depends).toBe("fit && prep");
    expect(argument(say, "message")).toBe("rows: {{tasks.prep.outputs.parameters.rows}}");
  });

  it("writes one container template per component, shared by steps with equal settings", () => {
    const doc = manifest(`${LIB}
pipeline p {
  a = echo(message: "a")
  b = echo(message: "b")
  c = echo(message: "c") { resources { cpu 2 } }
}
`);
    expect(task(doc, "a").template).toBe("echo");
    expect(task(doc, "b").template).toBe("echo");
    expect(task(doc, "c").template).toBe("echo-2");
    expect(template(doc, "echo-2").container.resources).toEqual({ limits: { cpu: "2" }, requests: { cpu: "2" } });
    expect(template(doc, "echo").container.resources).toBeUndefined();
  });

  it("makes steps that run whatever happened upstream wait for any end of their upstream tasks", () => {
    const doc = manifest(`${LIB}
pipeline p {
  a = echo(message: "a")
  cleanup = echo(message: "clean") after a { always }
}
`);
    const depends = task(doc, "cleanup").depends as string;
    for (const phase of ["Succeeded", "Failed", "Errored"]) expect(depends).toContain(`a.${phase}`);
    expect(depends.split("||").length).toBeGreaterThan(1);
  });

  it("compiles a sub-pipeline to a DAG template with inputs and outputs", () => {
    const c = compile(`${LIB}
pipeline inner {
  param data: Dataset
  param lr: Float = 0.5
  output model: Model = fit.model
  output accuracy: Float = fit.accuracy
  fit = train(data: data, lr: lr)
}
pipeline outer {
  prep = prepare(source: "s3://a/b")
  sub  = inner(data: prep.train)
  say  = echo(message: "acc \${sub.accuracy}")
}
`);
    expect(c.result.files.map((f) => f.name)).toEqual(["inner.argo.yaml", "outer.argo.yaml"]);
    const doc = c.docs[1];
    const sub = task(doc, "sub");
    expect(sub.template).toBe("inner");
    expect(sub.depends).toBe("prep");
    expect(sub.arguments.artifacts).toEqual([{ name: "data", from: "{{tasks.prep.outputs.artifacts.train}}" }]);
    // The callee's default is passed explicitly: a DAG template's inputs are what its caller gives.
    expect(argument(sub, "lr")).toBe("0.5");
    const inner = template(doc, "inner");
    expect(inner.inputs).toEqual({ parameters: [{ name: "lr" }], artifacts: [{ name: "data" }] });
    expect(inner.outputs.parameters).toEqual([{ name: "accuracy", valueFrom: { parameter: "{{tasks.fit.outputs.parameters.accuracy}}" } }]);
    expect(inner.outputs.artifacts).toEqual([{ name: "model", from: "{{tasks.fit.outputs.artifacts.model}}" }]);
    expect(task(doc, "fit", "inner").arguments.artifacts).toEqual([{ name: "data", from: "{{inputs.artifacts.data}}" }]);
    expect(argument(task(doc, "say"), "message")).toBe("acc {{tasks.sub.outputs.parameters.accuracy}}");
    expect(task(doc, "say").depends).toBe("sub");
  });
});

semcheckTest();
