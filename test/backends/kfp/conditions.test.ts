import { describe, expect, it } from "vitest";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

const COMPONENTS = `
component measure {
  image "alpine:3.20"
  output n: Int
  output score: Float
  output label: String
  output ok: Bool
  output data: Dataset
  run ["measure", n.path, score.path, label.path, ok.path, data.path]
}
component show {
  image "alpine:3.20"
  input text: String = ""
  input data: Dataset?
  run ["show", text, if data [data.path]]
}
`;

/** The pipeline spec of `pipeline p { <body> }`, compiled without diagnostics. */
function compile(body: string) {
  const r = compileKfp(`${COMPONENTS}\npipeline p {\n${body}\n}`);
  expect(r.diagnostics).toEqual([]);
  const [spec] = parseKfp(r.files[0].content);
  return spec;
}

/** `name -> condition` of every task with a trigger, in every DAG, and the DAG each task is in. */
function layout(spec: { root: { dag: { tasks: Record<string, unknown> } }; components: Record<string, { dag?: { tasks: Record<string, unknown> } }> }) {
  const out: Record<string, string> = {};
  const walk = (dag: string, tasks: Record<string, unknown>): void => {
    for (const [name, t] of Object.entries(tasks) as [string, { componentRef: { name: string }; triggerPolicy?: { condition?: string } }][]) {
      out[`${dag}/${name}`] = t.triggerPolicy?.condition ?? "";
      const sub = spec.components[t.componentRef.name]?.dag;
      if (sub !== undefined) walk(t.componentRef.name, sub.tasks);
    }
  };
  walk("root", spec.root.dag.tasks);
  return out;
}

describe("KFP conditions", () => {
  it("compiles an if to a condition-N task whose component is the branch's DAG", () => {
    const spec = compile(`
  param who: String = "x"
  m = measure()
  if m.label == "go" {
    show(text: who)
    show(text: m.label)
  }`);
    expect(spec.root.dag.tasks["condition-1"]).toEqual({
      componentRef: { name: "comp-condition-1" },
      dependentTasks: ["m"],
      inputs: {
        parameters: {
          "pipelinechannel--m-label": { taskOutputParameter: { outputParameterKey: "label", producerTask: "m" } },
          "pipelinechannel--who": { componentInputParameter: "who" },
        },
      },
      taskInfo: { name: "condition-1" },
      triggerPolicy: { condition: "inputs.parameter_values['pipelinechannel--m-label'] == 'go'" },
    });
    expect(spec.components["comp-condition-1"]).toEqual({
      dag: {
        tasks: {
          show: {
            cachingOptions: { enableCache: true },
            componentRef: { name: "comp-show" },
            inputs: { parameters: { text: { componentInputParameter: "pipelinechannel--who" } } },
            taskInfo: { name: "show" },
          },
          "show-2": {
            cachingOptions: { enableCache: true },
            // The same container as 'show': one component, as the optimizer's dedup plan groups them.
            componentRef: { name: "comp-show" },
            inputs: { parameters: { text: { componentInputParameter: "pipelinechannel--m-label" } } },
            taskInfo: { name: "show-2" },
          },
        },
      },
      inputDefinitions: {
        parameters: {
          "pipelinechannel--m-label": { parameterType: "STRING" },
          "pipelinechannel--who": { parameterType: "STRING" },
        },
      },
    });
  });

  it("compiles if/elif/else to condition-branches-N holding a condition per branch, each negating the ones before", () => {
    const spec = compile(`
  m = measure()
  if m.n > 10 {
    show(text: "big")
  } elif m.n > 5 or m.ok {
    show(text: "medium")
  } else {
    show(text: "small")
  }`);
    const n = "int(inputs.parameter_values['pipelinechannel--m-n'])";
    const ok = "inputs.parameter_values['pipelinechannel--m-ok'] == true";
    expect(layout(spec)).toEqual({
      "root/m": "",
      "root/condition-branches-1": "",
      "comp-condition-branches-1/condition-2": `${n} > 10`,
      "comp-condition-2/show": "",
      "comp-condition-branches-1/condition-3": `!(${n} > 10) && (${n} > 5 || ${ok})`,
      "comp-condition-3/show-2": "",
      "comp-condition-branches-1/condition-4": `!(${n} > 10) && !(${n} > 5 || ${ok})`,
      "comp-condition-4/show-3": "",
    });
    expect(spec.root.dag.tasks["condition-branches-1"].inputs.parameters).toEqual({
      "pipelinechannel--m-n": { taskOutputParameter: { outputParameterKey: "n", producerTask: "m" } },
      "pipelinechannel--m-ok": { taskOutputParameter: { outputParameterKey: "ok", producerTask: "m" } },
    });
    expect(spec.root.dag.tasks["condition-branches-1"].triggerPolicy).toBeUndefined();
    expect(spec.components["comp-condition-branches-1"].dag.tasks["condition-2"].inputs.parameters).toEqual({
      "pipelinechannel--m-n": { componentInputParameter: "pipelinechannel--m-n" },
    });
  });

  it("numbers groups as the SDK does: the first branch of an if with else after the groups inside it", () => {
    const spec = compile(`
  m = measure()
  if m.ok {
    if m.n == 1 { show(text: "one") }
  } else {
    if m.n == 2 { show(text: "two") }
  }
  if m.ok { show(text: "again") }`);
    expect(Object.keys(layout(spec)).filter((k) => /condition/.test(k.split("/")[1])).sort()).toEqual(
      [
        "root/condition-branches-1",
        "comp-condition-branches-1/condition-3",
        "comp-condition-3/condition-2",
        "comp-condition-branches-1/condition-4",
        "comp-condition-4/condition-5",
        "root/condition-6",
      ].sort(),
    );
  });

  it("hands the values of enclosing conditions to every group inside them, as the SDK does", () => {
    const spec = compile(`
  m = measure()
  if m.label == "go" {
    inner = measure()
    if inner.n > 1 {
      show(text: "x")
    }
  }`);
    expect(spec.components["comp-condition-2"].inputDefinitions.parameters).toEqual({
      "pipelinechannel--inner-n": { parameterType: "NUMBER_INTEGER" },
      "pipelinechannel--m-label": { parameterType: "STRING" },
    });
    expect(spec.components["comp-condition-1"].dag.tasks["condition-2"]).toMatchObject({
      dependentTasks: ["inner"],
      inputs: {
        parameters: {
          "pipelinechannel--inner-n": { taskOutputParameter: { outputParameterKey: "n", producerTask: "inner" } },
          "pipelinechannel--m-label": { componentInputParameter: "pipelinechannel--m-label" },
        },
      },
    });
  });

  it("passes artifacts into a condition as input artifacts", () => {
    const spec = compile(`
  m = measure()
  if m.ok {
    show(data: m.data)
  }`);
    expect(spec.root.dag.tasks["condition-1"].inputs.artifacts).toEqual({
      "pipelinechannel--m-data": { taskOutputArtifact: { outputArtifactKey: "data", producerTask: "m" } },
    });
    expect(spec.components["comp-condition-1"].inputDefinitions.artifacts).toEqual({
      "pipelinechannel--m-data": { artifactType: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" } },
    });
    expect(spec.components["comp-condition-1"].dag.tasks.show.inputs).toEqual({
      artifacts: { data: { componentInputArtifact: "pipelinechannel--m-data" } },
    });
  });

  it("builds run-time strings inside a condition from the condition's inputs", () => {
    const spec = compile(`
  param who: String = "x"
  m = measure()
  if m.ok {
    show(text: "\${who}: \${m.n}")
  }`);
    expect(spec.components["comp-condition-1"].dag.tasks.show.inputs.parameters).toEqual({
      "pipelinechannel--m-n": { componentInputParameter: "pipelinechannel--m-n" },
      "pipelinechannel--who": { componentInputParameter: "pipelinechannel--who" },
      text: { runtimeValue: { constant: "{{$.inputs.parameters['pipelinechannel--who']}}: {{$.inputs.parameters['pipelinechannel--m-n']}}" } },
    });
  });

  it("types numbers in CEL: int() for Int, double() for Float, and one kind per comparison", () => {
    const spec = compile(`
  param limit: Float = 0.5
  param name: String = "it's"
  m = measure()
  if m.score >= 1 { show() }
  if m.n < 2.5 { show() }
  if m.score > limit and not (m.label == name) { show() }
  if m.ok and (m.n == 1 or m.n == 2) { show() }`);
    const v = (ch: string) => `inputs.parameter_values['pipelinechannel--${ch}']`;
    const t = spec.root.dag.tasks;
    expect(t["condition-1"].triggerPolicy.condition).toBe(`double(${v("m-score")}) >= 1.0`);
    expect(t["condition-2"].triggerPolicy.condition).toBe(`double(${v("m-n")}) < 2.5`);
    expect(t["condition-3"].triggerPolicy.condition).toBe(`double(${v("m-score")}) > double(${v("limit")}) && !(${v("m-label")} == ${v("name")})`);
    expect(t["condition-4"].triggerPolicy.condition).toBe(`${v("m-ok")} == true && (int(${v("m-n")}) == 1 || int(${v("m-n")}) == 2)`);
    expect(t["condition-3"].inputs.parameters["pipelinechannel--limit"]).toEqual({ componentInputParameter: "limit" });
  });

  it("types a value read before the step that produces it is written", () => {
    const spec = compile(`
  if later.n > 1 { show() }
  later = measure()`);
    expect(spec.root.dag.tasks["condition-1"].triggerPolicy.condition).toBe("int(inputs.parameter_values['pipelinechannel--later-n']) > 1");
    expect(spec.root.dag.tasks["condition-1"].dependentTasks).toEqual(["later"]);
  });

  it("quotes string literals in CEL", () => {
    const spec = compile(`
  m = measure()
  if m.label == "it's a \\\\ test" { show() }`);
    expect(spec.root.dag.tasks["condition-1"].triggerPolicy.condition).toBe("inputs.parameter_values['pipelinechannel--m-label'] == 'it\\'s a \\\\ test'");
  });

  it("puts a dependency between steps in different groups on the groups that hold them", () => {
    const spec = compile(`
  m = measure()
  first = show(text: "a")
  if m.ok {
    inside = show(text: "b") after first
  }
  for i in [1, 2] {
    looped = show(text: "d")
  }
  last = show(text: "c") after looped`);
    expect(spec.root.dag.tasks["condition-1"].dependentTasks).toEqual(["first", "m"]);
    expect(spec.components["comp-condition-1"].dag.tasks.inside.dependentTasks).toBeUndefined();
    // 'after' a step inside an if, from outside it, is MLP2059; inside a loop it waits for the loop.
    expect(spec.root.dag.tasks.last.dependentTasks).toEqual(["for-loop-3"]);
  });

  it("keeps group task names apart from steps named like them", () => {
    const spec = compile(`
  condition_1 = measure()
  if condition_1.ok { show() }`);
    expect(Object.keys(spec.root.dag.tasks).sort()).toEqual(["condition-1", "condition-1-2"]);
    expect(spec.root.dag.tasks["condition-1-2"].componentRef).toEqual({ name: "comp-condition-1-2" });
  });

  it("compiles the Kubernetes settings of steps inside conditions", () => {
    const r = compileKfp(`${COMPONENTS}
pipeline p {
  m = measure()
  if m.ok {
    show() { nodeSelector { pool: "a" } }
  }
}`);
    const [, platform] = parseKfp(r.files[0].content);
    expect(platform.platforms.kubernetes.deploymentSpec.executors).toEqual({ "exec-show": { nodeSelector: { labels: { pool: "a" } } } });
  });
});

conformanceTest();
