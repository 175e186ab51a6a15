import { describe, expect, it } from "vitest";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

const COMPONENTS = `
component produce {
  image "alpine:3.20"
  input text: String = "x"
  output value: String
  output count: Int
  output data: Dataset
  run ["produce", text, value.path, count.path, data.path]
}
component consume {
  image "alpine:3.20"
  input text: String
  input n: Int = 1
  input opt: String?
  input flags: List<String> = []
  input cfg: Struct = {}
  input data: Dataset?
  run ["consume", text, n, flags, cfg, if opt [opt], if data [data.path]]
}
`;

/** The root DAG tasks of the only pipeline of `body` (written inside `pipeline p { … }`). */
function tasksOf(body: string, extra = "") {
  const r = compileKfp(`${COMPONENTS}${extra}\npipeline p {\n${body}\n}`);
  expect(r.diagnostics).toEqual([]);
  const [spec] = parseKfp(r.files[0].content);
  return spec.root.dag.tasks;
}

describe("KFP tasks", () => {
  it("passes constants as runtime values and parameters as component input parameters", () => {
    const tasks = tasksOf(`
  param who: String = "world"
  consume(text: who, n: 7, flags: ["a", "b"], cfg: { k: 1, v: [true, null] })`);
    expect(tasks.consume.inputs).toEqual({
      parameters: {
        cfg: { runtimeValue: { constant: { k: 1, v: [true, null] } } },
        flags: { runtimeValue: { constant: ["a", "b"] } },
        n: { runtimeValue: { constant: 7 } },
        text: { componentInputParameter: "who" },
      },
    });
    expect(tasks.consume.dependentTasks).toBeUndefined();
  });

  it("leaves out an input given null (no value), so its default applies or it stays absent", () => {
    const tasks = tasksOf(`consume(text: "t", opt: null, n: null)`);
    expect(tasks.consume.inputs).toEqual({ parameters: { text: { runtimeValue: { constant: "t" } } } });
  });

  it("takes outputs of other tasks and depends on them", () => {
    const tasks = tasksOf(`
  src = produce()
  consume(text: src.value, n: src.count, data: src.data)`);
    expect(tasks.consume.inputs).toEqual({
      artifacts: { data: { taskOutputArtifact: { outputArtifactKey: "data", producerTask: "src" } } },
      parameters: {
        n: { taskOutputParameter: { outputParameterKey: "count", producerTask: "src" } },
        text: { taskOutputParameter: { outputParameterKey: "value", producerTask: "src" } },
      },
    });
    expect(tasks.consume.dependentTasks).toEqual(["src"]);
    expect(tasks.src.inputs).toBeUndefined();
  });

  it("builds interpolated arguments from pipeline-channel inputs, as the SDK compiles f-strings", () => {
    const tasks = tasksOf(`
  param who: String = "world"
  first_step = produce()
  consume(text: "hello \${who}, \${first_step.value} and \${first_step.count}!")`);
    expect(tasks.consume.inputs).toEqual({
      parameters: {
        "pipelinechannel--first-step-count": { taskOutputParameter: { outputParameterKey: "count", producerTask: "first-step" } },
        "pipelinechannel--first-step-value": { taskOutputParameter: { outputParameterKey: "value", producerTask: "first-step" } },
        "pipelinechannel--who": { componentInputParameter: "who" },
        text: {
          runtimeValue: {
            constant:
              "hello {{$.inputs.parameters['pipelinechannel--who']}}, {{$.inputs.parameters['pipelinechannel--first-step-value']}} and {{$.inputs.parameters['pipelinechannel--first-step-count']}}!",
          },
        },
      },
    });
    expect(tasks.consume.dependentTasks).toEqual(["first-step"]);
  });

  it("adds explicit dependencies (after) to data dependencies, sorted and without repeats", () => {
    const tasks = tasksOf(`
  z = produce()
  a = produce()
  m = produce() after z
  consume(text: m.value) after z, a, m`);
    expect(tasks.consume.dependentTasks).toEqual(["a", "m", "z"]);
    expect(tasks.m.dependentTasks).toEqual(["z"]);
  });

  it("turns caching on by default, and follows the step, then the component, then the pipeline", () => {
    const extra = `component uncached { image "alpine:3.20" run ["x"] cache off }`;
    const on = tasksOf(`produce()\nuncached()\nuncached() { cache on }`, extra);
    expect(on.produce.cachingOptions).toEqual({ enableCache: true });
    expect(on.uncached.cachingOptions).toEqual({});
    expect(on["uncached-2"].cachingOptions).toEqual({ enableCache: true });
    const off = tasksOf(`cache off\nproduce()\nproduce() { cache on }`);
    expect(off.produce.cachingOptions).toEqual({});
    expect(off["produce-2"].cachingOptions).toEqual({ enableCache: true });
  });

  it("writes retries with KFP's defaults filled in and durations in seconds", () => {
    const extra = `component flaky { image "alpine:3.20" run ["x"] retry 3 }`;
    const tasks = tasksOf(`flaky()\nflaky() { retry 2 backoff "30s" factor 1.5 max "10m" }\nflaky() { retry 0 }`, extra);
    expect(tasks.flaky.retryPolicy).toEqual({ backoffDuration: "0s", backoffFactor: 2, backoffMaxDuration: "3600s", maxRetryCount: 3 });
    expect(tasks["flaky-2"].retryPolicy).toEqual({ backoffDuration: "30s", backoffFactor: 1.5, backoffMaxDuration: "600s", maxRetryCount: 2 });
    expect(tasks["flaky-3"].retryPolicy).toBeUndefined();
  });

  it("lets a step ignore upstream failures (ALL_UPSTREAM_TASKS_COMPLETED)", () => {
    const tasks = tasksOf(`
  a = produce()
  b = consume(text: a.value) { always }`);
    expect(tasks.b.triggerPolicy).toEqual({ strategy: "ALL_UPSTREAM_TASKS_COMPLETED" });
    expect(tasks.a.triggerPolicy).toBeUndefined();
  });

  it("uses the display name as the task's shown name", () => {
    const tasks = tasksOf(`a = produce() { displayName "Produce the data" }`);
    expect(tasks.a.taskInfo).toEqual({ name: "Produce the data" });
  });

  it("selects pipeline outputs from task outputs", () => {
    const r = compileKfp(`${COMPONENTS}
pipeline p {
  output value: String = src.value
  output data: Dataset = src.data
  src = produce()
}`);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.root.dag.outputs).toEqual({
      artifacts: { data: { artifactSelectors: [{ outputArtifactKey: "data", producerSubtask: "src" }] } },
      parameters: { value: { valueFromParameter: { outputParameterKey: "value", producerSubtask: "src" } } },
    });
    expect(spec.root.outputDefinitions).toEqual({
      artifacts: { data: { artifactType: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" } } },
      parameters: { value: { parameterType: "STRING" } },
    });
    expect(r.files[0].content).toContain("# Outputs:\n#    data: system.Dataset\n#    value: str\n");
  });
});

conformanceTest();
