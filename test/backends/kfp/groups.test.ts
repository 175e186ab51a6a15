import { describe, expect, it } from "vitest";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

// Loops, fan-in, the exit handler, sub-pipelines and importers beyond what the upstream goldens show
// (test/upstream/kfp reproduces the SDK's own output for the common cases). Expectations follow the
// SDK's conventions: values leave a group through its `dag.outputs` under the channel name
// `pipelinechannel--<task>-<output>`, a loop's outputs are lists, groups read outside values through
// `pipelinechannel--…` inputs.

const COMPONENTS = `
component produce {
  image "alpine:3.20"
  input text: String = "x"
  output value: String
  output score: Float
  output names: List<String>
  output data: Dataset
  run ["produce", text, value.path, score.path, names.path, data.path]
}
component consume {
  image "alpine:3.20"
  input text: String = ""
  input scores: List<Float> = []
  input data: Dataset?
  run ["consume", text, scores, if data [data.path]]
}
`;

/** The pipeline spec of `p` (written as `pipeline p { … }` after the components). */
function specOf(pipelines: string) {
  const r = compileKfp(`${COMPONENTS}\n${pipelines}`);
  expect(r.diagnostics).toEqual([]);
  const file = r.files.find((f) => f.name === "p.kfp.yaml");
  expect(file).toBeDefined();
  return parseKfp(file!.content)[0];
}

describe("KFP loops and fan-in", () => {
  it("hands a collected output out of nested loops, as a list at every level, to a pipeline output", () => {
    const spec = specOf(`
pipeline p {
  output all: List<Float> = collect(inner.score)
  for a in ["x", "y"] {
    for b in [1, 2] {
      inner = produce(text: "\${a}-\${b}")
    }
  }
}`);
    // Numbering: item 1, loop 2, item 3, loop 4.
    expect(spec.root.dag.outputs).toEqual({
      parameters: { all: { valueFromParameter: { outputParameterKey: "pipelinechannel--inner-score", producerSubtask: "for-loop-2" } } },
    });
    const outer = spec.components["comp-for-loop-2"];
    expect(outer.dag.outputs.parameters["pipelinechannel--inner-score"]).toEqual({
      valueFromParameter: { outputParameterKey: "pipelinechannel--inner-score", producerSubtask: "for-loop-4" },
    });
    expect(outer.outputDefinitions).toEqual({ parameters: { "pipelinechannel--inner-score": { parameterType: "LIST" } } });
    const inner = spec.components["comp-for-loop-4"];
    expect(inner.dag.outputs.parameters["pipelinechannel--inner-score"]).toEqual({
      valueFromParameter: { outputParameterKey: "score", producerSubtask: "inner" },
    });
    // The inner loop reads the outer item through an input of the same name.
    expect(outer.dag.tasks["for-loop-4"].inputs).toEqual({
      parameters: { "pipelinechannel--loop-item-param-1": { componentInputParameter: "pipelinechannel--loop-item-param-1" } },
    });
    expect(inner.inputDefinitions.parameters).toEqual({
      "pipelinechannel--loop-item-param-1": { parameterType: "STRING" },
      "pipelinechannel--loop-item-param-3": { parameterType: "NUMBER_INTEGER" },
    });
    // The run-time string reads both items as extra inputs.
    expect(inner.dag.tasks.inner.inputs.parameters).toEqual({
      "pipelinechannel--loop-item-param-1": { componentInputParameter: "pipelinechannel--loop-item-param-1" },
      "pipelinechannel--loop-item-param-3": { componentInputParameter: "pipelinechannel--loop-item-param-3" },
      text: {
        runtimeValue: {
          constant: "{{$.inputs.parameters['pipelinechannel--loop-item-param-1']}}-{{$.inputs.parameters['pipelinechannel--loop-item-param-3']}}",
        },
      },
    });
  });

  it("names a collected output entering a condition after the loop that hands it out, as the SDK does", () => {
    const spec = specOf(`
pipeline p {
  param go: Bool = true
  for x in [1, 2] {
    double = produce(text: "\${x}")
  }
  if go {
    if go {
      consume(scores: collect(double.score))
    }
  }
}`);
    // Numbering: item 1, loop 2, condition 3, condition 4.
    const channel = "pipelinechannel--for-loop-2-pipelinechannel--double-score";
    expect(spec.root.dag.tasks["condition-3"].inputs.parameters[channel]).toEqual({
      taskOutputParameter: { outputParameterKey: "pipelinechannel--double-score", producerTask: "for-loop-2" },
    });
    expect(spec.components["comp-condition-3"].inputDefinitions.parameters[channel]).toEqual({ parameterType: "LIST" });
    expect(spec.components["comp-condition-3"].dag.tasks["condition-4"].inputs.parameters[channel]).toEqual({ componentInputParameter: channel });
    expect(spec.components["comp-condition-4"].inputDefinitions.parameters[channel]).toEqual({ parameterType: "LIST" });
    expect(spec.components["comp-condition-4"].dag.tasks.consume.inputs.parameters.scores).toEqual({ componentInputParameter: channel });
  });

  it("loops over a collected list, with a parallelism limit", () => {
    const spec = specOf(`
pipeline p {
  src = produce()
  for n in src.names {
    each = produce(text: n)
  }
  for v in collect(each.value) parallel 3 {
    consume(text: v)
  }
}`);
    expect(spec.root.dag.tasks["for-loop-2"]).toEqual({
      componentRef: { name: "comp-for-loop-2" },
      dependentTasks: ["for-loop-1"],
      inputs: {
        parameters: {
          "pipelinechannel--each-value": { taskOutputParameter: { outputParameterKey: "pipelinechannel--each-value", producerTask: "for-loop-1" } },
        },
      },
      iteratorPolicy: { parallelismLimit: 3 },
      parameterIterator: { itemInput: "pipelinechannel--each-value-loop-item", items: { inputParameter: "pipelinechannel--each-value" } },
      taskInfo: { name: "for-loop-2" },
    });
    // The list's items are Strings: the item input says so.
    expect(spec.components["comp-for-loop-2"].inputDefinitions.parameters["pipelinechannel--each-value-loop-item"]).toEqual({
      parameterType: "STRING",
    });
  });
});

describe("KFP exit handler", () => {
  it("hands outputs of the body out of exit-handler-1 to the finally steps and to pipeline outputs", () => {
    const spec = specOf(`
pipeline p {
  output made: Dataset = src.data
  src = produce()
  finally {
    consume(text: src.value, data: src.data)
  }
}`);
    expect(spec.root.dag.tasks.consume).toEqual({
      cachingOptions: { enableCache: true },
      componentRef: { name: "comp-consume" },
      dependentTasks: ["exit-handler-1"],
      inputs: {
        artifacts: { data: { taskOutputArtifact: { outputArtifactKey: "pipelinechannel--src-data", producerTask: "exit-handler-1" } } },
        parameters: { text: { taskOutputParameter: { outputParameterKey: "pipelinechannel--src-value", producerTask: "exit-handler-1" } } },
      },
      taskInfo: { name: "consume" },
      triggerPolicy: { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" },
    });
    const exit = spec.components["comp-exit-handler-1"];
    expect(exit.dag.outputs).toEqual({
      artifacts: { "pipelinechannel--src-data": { artifactSelectors: [{ outputArtifactKey: "data", producerSubtask: "src" }] } },
      parameters: { "pipelinechannel--src-value": { valueFromParameter: { outputParameterKey: "value", producerSubtask: "src" } } },
    });
    // Not a loop: the values keep their types.
    expect(exit.outputDefinitions).toEqual({
      artifacts: { "pipelinechannel--src-data": { artifactType: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" } } },
      parameters: { "pipelinechannel--src-value": { parameterType: "STRING" } },
    });
    expect(spec.root.dag.outputs).toEqual({
      artifacts: { made: { artifactSelectors: [{ outputArtifactKey: "pipelinechannel--src-data", producerSubtask: "exit-handler-1" }] } },
    });
  });
});

describe("KFP sub-pipelines", () => {
  it("passes arguments to the sub-pipeline's parameters and reads its outputs from its task", () => {
    const spec = specOf(`
pipeline sub {
  param text: String
  output value: String = made.value
  made = produce(text: text)
}
pipeline p {
  first = sub(text: "a")
  consume(text: first.value)
}`);
    expect(spec.root.dag.tasks.first.inputs).toEqual({ parameters: { text: { runtimeValue: { constant: "a" } } } });
    expect(spec.root.dag.tasks.consume.inputs).toEqual({
      parameters: { text: { taskOutputParameter: { outputParameterKey: "value", producerTask: "first" } } },
    });
    const sub = spec.components["comp-sub"];
    expect(sub.dag.outputs).toEqual({ parameters: { value: { valueFromParameter: { outputParameterKey: "value", producerSubtask: "made" } } } });
    expect(sub.inputDefinitions).toEqual({ parameters: { text: { parameterType: "STRING" } } });
    expect(sub.outputDefinitions).toEqual({ parameters: { value: { parameterType: "STRING" } } });
    expect(sub.dag.tasks.made.componentRef).toEqual({ name: "comp-produce" });
    expect(spec.deploymentSpec.executors["exec-produce"]).toBeDefined();
  });
});

describe("KFP importer", () => {
  it("makes one metadata input per distinct run-time value, numbered as the SDK numbers them", () => {
    const spec = specOf(`
pipeline p {
  param owner: String = "me"
  param version: Int = 3
  src = produce()
  imported = import Dataset from "gs://b/\${src.value}" after src {
    metadata { owner: owner, tags: [owner, "fixed"], version: version, note: "by \${owner}" }
  }
  consume(data: imported.artifact)
}`);
    expect(spec.deploymentSpec.executors["exec-importer"]).toEqual({
      importer: {
        artifactUri: { runtimeParameter: "uri" },
        metadata: {
          note: "by {{$.inputs.parameters['metadata']}}",
          owner: "{{$.inputs.parameters['metadata']}}",
          tags: ["{{$.inputs.parameters['metadata']}}", "fixed"],
          version: "{{$.inputs.parameters['metadata-2']}}",
        },
        typeSchema: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" },
      },
    });
    expect(spec.components["comp-importer"].inputDefinitions).toEqual({
      parameters: { metadata: { parameterType: "STRING" }, "metadata-2": { parameterType: "NUMBER_INTEGER" }, uri: { parameterType: "STRING" } },
    });
    expect(spec.root.dag.tasks.imported).toEqual({
      cachingOptions: { enableCache: true },
      componentRef: { name: "comp-importer" },
      dependentTasks: ["src"],
      inputs: {
        parameters: {
          metadata: { componentInputParameter: "owner" },
          "metadata-2": { componentInputParameter: "version" },
          "pipelinechannel--src-value": { taskOutputParameter: { outputParameterKey: "value", producerTask: "src" } },
          uri: { runtimeValue: { constant: "gs://b/{{$.inputs.parameters['pipelinechannel--src-value']}}" } },
        },
      },
      taskInfo: { name: "imported" },
    });
  });

  it("caches an importer of a called pipeline as the run says, not as the called pipeline's own `cache off` (docs §12)", () => {
    const spec = specOf(`
pipeline inner {
  cache off
  imported = import Dataset from "gs://b/data.csv"
  consume(data: imported.artifact)
}
pipeline p {
  sub = inner()
}`);
    const inner = spec.components["comp-inner"].dag.tasks;
    expect(inner.imported.cachingOptions).toEqual({ enableCache: true });
    expect(inner.consume.cachingOptions).toEqual({ enableCache: true });
  });
});

describe("KFP deployed serves", () => {
  it("applies the InferenceService from a step that reads the model artifact's URI, uncached", () => {
    const r = compileKfp(`${COMPONENTS}
component train { image "alpine:3.20" output model: Model run ["train", model.path] }
pipeline p {
  param go: Bool = true
  fit = train()
  if go {
    serve candidate {
      model sklearn from fit.model
      runtime "kserve-sklearnserver"
      protocol "v2"
    }
  }
}`);
    expect(r.diagnostics).toEqual([]);
    const [spec] = parseKfp(r.files.find((f) => f.name === "p.kfp.yaml")!.content);
    const condition = spec.components["comp-condition-1"];
    expect(condition.dag.tasks.candidate).toEqual({
      cachingOptions: {},
      componentRef: { name: "comp-deploy-candidate" },
      inputs: { artifacts: { model: { componentInputArtifact: "pipelinechannel--fit-model" } } },
      taskInfo: { name: "candidate" },
    });
    expect(spec.components["comp-deploy-candidate"].inputDefinitions).toEqual({
      artifacts: { model: { artifactType: { schemaTitle: "system.Model", schemaVersion: "0.0.1" } } },
    });
    const container = spec.deploymentSpec.executors["exec-deploy-candidate"].container;
    expect(container.command).toEqual(["sh", "-ec", 'printf "%s" "$0" | kubectl apply -f -']);
    const manifest = JSON.parse(container.args[0]);
    expect(manifest).toMatchObject({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "candidate" },
      spec: { predictor: { model: { modelFormat: { name: "sklearn" }, protocolVersion: "v2", runtime: "kserve-sklearnserver" } } },
    });
    // KFP's launcher substitutes the artifact's URI before the container starts.
    expect(manifest.spec.predictor.model.storageUri).toBe("{{$.inputs.artifacts['model'].uri}}");
  });
});

conformanceTest();
