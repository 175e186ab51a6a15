import { describe, expect, it } from "vitest";
import { emitKfp, kfpDocuments } from "../../../src/backends/kfp/index.js";
import { printDocument } from "../../../src/output/documents.js";
import { unoptimized } from "../../../src/passes/optimize/index.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp, recordForConformance } from "./conformance.js";

const ECHO = `
component print_text {
  image "alpine:3.20"
  input text: String
  run ["echo", text]
}
`;

describe("KFP pipeline spec", () => {
  it("writes one <pipeline-name>.kfp.yaml per pipeline, named as the SDK sanitizes it", () => {
    const r = compileKfp(`${ECHO}
pipeline Nightly_Report { print_text(text: "a") }
pipeline other { print_text(text: "b") }`);
    expect(r.diagnostics).toEqual([]);
    expect(r.files.map((f) => f.name)).toEqual(["nightly-report.kfp.yaml", "other.kfp.yaml"]);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.pipelineInfo).toEqual({ name: "nightly-report" });
    expect(spec.schemaVersion).toBe("2.1.0");
    expect(spec.sdkVersion).toBe("mlpc-0.1.0");
  });

  it("starts with the SDK's header comment and writes sorted keys", () => {
    const r = compileKfp(`${ECHO}
pipeline p {
  description "Prints things"
  param text: String = "it's"
  param n: Float = 2
  print_text(text: text)
}`);
    const content = r.files[0].content;
    expect(content.split("\n").slice(0, 7)).toEqual([
      "# PIPELINE DEFINITION",
      "# Name: p",
      "# Description: Prints things",
      "# Inputs:",
      "#    n: float [Default: 2.0]",
      `#    text: str [Default: "it's"]`,
      "components:",
    ]);
    const topKeys = content.split("\n").filter((l) => /^[a-zA-Z]/.test(l)).map((l) => l.split(":")[0]);
    expect(topKeys).toEqual(["components", "deploymentSpec", "pipelineInfo", "root", "schemaVersion", "sdkVersion"]);
    const [spec] = parseKfp(content);
    expect(spec.pipelineInfo).toEqual({ description: "Prints things", name: "p" });
  });

  it("declares every parameter type with its default, optional when it has one", () => {
    const r = compileKfp(`${ECHO}
pipeline p {
  param s: String = "x"
  param i: Int = 3
  param f: Float = 0.5
  param b: Bool = false
  param l: List<Int> = [1, 2]
  param st: Struct = { A: 1, B: "two", C: null }
  param required: String
  print_text(text: required)
}`);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.root.inputDefinitions).toEqual({
      parameters: {
        b: { defaultValue: false, isOptional: true, parameterType: "BOOLEAN" },
        f: { defaultValue: 0.5, isOptional: true, parameterType: "NUMBER_DOUBLE" },
        i: { defaultValue: 3, isOptional: true, parameterType: "NUMBER_INTEGER" },
        l: { defaultValue: [1, 2], isOptional: true, parameterType: "LIST" },
        required: { parameterType: "STRING" },
        s: { defaultValue: "x", isOptional: true, parameterType: "STRING" },
        st: { defaultValue: { A: 1, B: "two", C: null }, isOptional: true, parameterType: "STRUCT" },
      },
    });
  });

  it("without the optimizer gives every task its own component and executor, numbered like the SDK's", () => {
    const checked = checkSource(`${ECHO}
component print_text_2 {
  image "alpine:3.20"
  run ["true"]
}
pipeline p {
  first = print_text(text: "1")
  print_text_2()
  print_text(text: "2")
  print_text(text: "3")
}`);
    const files = kfpDocuments(unoptimized(resolve(checked.program!))).documents.map((d) => printDocument(d));
    recordForConformance(files);
    const [spec] = parseKfp(files[0].content);
    // As the SDK's make_name_unique_by_adding_index: the first free "-N", in task order.
    expect(Object.keys(spec.components).sort()).toEqual(["comp-print-text", "comp-print-text-2", "comp-print-text-3", "comp-print-text-4"]);
    const tasks = spec.root.dag.tasks;
    expect(Object.keys(tasks).sort()).toEqual(["first", "print-text", "print-text-2", "print-text-3"]);
    expect(tasks.first.componentRef).toEqual({ name: "comp-print-text" });
    expect(tasks["print-text-2"].componentRef).toEqual({ name: "comp-print-text-2" }); // the component print_text_2
    expect(tasks["print-text"].componentRef).toEqual({ name: "comp-print-text-3" });
    expect(tasks["print-text-3"].componentRef).toEqual({ name: "comp-print-text-4" });
    for (const [name, c] of Object.entries<{ executorLabel: string }>(spec.components)) {
      expect(c.executorLabel).toBe(name.replace(/^comp-/, "exec-"));
      expect(spec.deploymentSpec.executors[c.executorLabel]).toBeDefined();
    }
  });

  it("with the optimizer, tasks that run the same container share one component and executor (the dedup plan)", () => {
    const r = compileKfp(`${ECHO}
component print_text_2 {
  image "alpine:3.20"
  run ["true"]
}
pipeline p {
  first = print_text(text: "1")
  print_text_2()
  print_text(text: "2")
  print_text(text: "3") { retry 2 }
}`);
    const [spec] = parseKfp(r.files[0].content);
    // 'first' and 'print-text' run the same container; the retry gives 'print-text-3' its own.
    expect(Object.keys(spec.components).sort()).toEqual(["comp-print-text", "comp-print-text-2", "comp-print-text-3"]);
    expect(Object.keys(spec.deploymentSpec.executors).sort()).toEqual(["exec-print-text", "exec-print-text-2", "exec-print-text-3"]);
    const refs = Object.fromEntries(Object.entries<{ componentRef: { name: string } }>(spec.root.dag.tasks).map(([n, t]) => [n, t.componentRef.name]));
    expect(refs).toEqual({ first: "comp-print-text", "print-text-2": "comp-print-text-2", "print-text": "comp-print-text", "print-text-3": "comp-print-text-3" });
  });

  it("describes component inputs and outputs: parameter types, artifact schemas, defaults, optional", () => {
    const r = compileKfp(`
component c {
  image "alpine:3.20"
  input text: String
  input n: Int = 3
  input maybe: Float?
  input data: Dataset
  input extra: Artifact?
  output model: Model
  output html: HTML
  output score: Float
  output tags: List<String>
  run ["run", text, n, data.path, model.path, html.path, score.path, tags.path]
}
component make { image "alpine:3.20" output d: Dataset run ["make", d.path] }
pipeline p {
  m = make()
  c(text: "x", data: m.d)
}`);
    const [spec] = parseKfp(r.files[0].content);
    expect(spec.components["comp-c"]).toEqual({
      executorLabel: "exec-c",
      inputDefinitions: {
        artifacts: {
          data: { artifactType: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" } },
          extra: { artifactType: { schemaTitle: "system.Artifact", schemaVersion: "0.0.1" }, isOptional: true },
        },
        parameters: {
          maybe: { isOptional: true, parameterType: "NUMBER_DOUBLE" },
          n: { defaultValue: 3, isOptional: true, parameterType: "NUMBER_INTEGER" },
          text: { parameterType: "STRING" },
        },
      },
      outputDefinitions: {
        artifacts: {
          html: { artifactType: { schemaTitle: "system.HTML", schemaVersion: "0.0.1" } },
          model: { artifactType: { schemaTitle: "system.Model", schemaVersion: "0.0.1" } },
        },
        parameters: { score: { parameterType: "NUMBER_DOUBLE" }, tags: { parameterType: "LIST" } },
      },
    });
  });

  it("writes the pipeline's artifact root as the pipeline root (defaultPipelineRoot), and none without one", () => {
    const r = compileKfp(`${ECHO}
pipeline rooted { artifactRoot "gs://acme-ml/pipelines"  print_text(text: "a") }
pipeline plain { print_text(text: "b") }`);
    const [plain, rooted] = r.files.map((f) => parseKfp(f.content)[0]);
    expect(rooted.defaultPipelineRoot).toBe("gs://acme-ml/pipelines");
    expect(plain).not.toHaveProperty("defaultPipelineRoot");
  });

  it("writes numbers as plain decimals, which every YAML reader (PyYAML too) and CEL read back as the same number", () => {
    const r = compileKfp(`
component scale {
  image "alpine:3.20"
  input factor: Float = 0.0000001
  input text: String = ""
  run ["scale", factor, text]
}
pipeline p {
  param tiny: Float = 0.0000001
  param big: Float = 100000000000000000000000.0
  param small: Float = -0.00000015
  if tiny < 0.0000001 {
    scale(factor: 100000000000000000000000.0)
  }
}`);
    expect(r.diagnostics).toEqual([]);
    const content = r.files[0].content;
    expect(content.split("\n").slice(0, 7)).toEqual([
      "# PIPELINE DEFINITION",
      "# Name: p",
      "# Inputs:",
      "#    big: float [Default: 100000000000000000000000.0]",
      "#    small: float [Default: -0.00000015]",
      "#    tiny: float [Default: 0.0000001]",
      "components:",
    ]);
    expect(content).toContain("\n          defaultValue: 0.0000001\n");
    expect(content).toContain("\n        defaultValue: 100000000000000000000000\n");
    expect(content).toContain("\n        defaultValue: -0.00000015\n");
    expect(content).toContain("\n                  constant: 100000000000000000000000\n");
    expect(content).toContain("\n          condition: double(inputs.parameter_values['pipelinechannel--tiny']) < 0.0000001\n");
    expect(content).not.toMatch(/\de[-+]?\d/);
  });

  it("escapes control characters of a default in the header comment, so the file stays YAML", () => {
    const r = compileKfp(`${ECHO}
pipeline p {
  description "line one\\u{2028}next\\u{85}end\\u{1b}"
  param text: String = "a\\u{1b}b\\u{0}c\\u{7f}d\\u{9f}e\\u{2028}f\\u{85}g\\u{feff}h\\u{a0}i\\u{fffe}j"
  param tab: String = "x\\ty\\nz\\\\"
  print_text(text: text)
}`);
    const content = r.files[0].content;
    expect(content.split("\n").slice(0, 7)).toEqual([
      "# PIPELINE DEFINITION",
      "# Name: p",
      "# Description: line one\\u2028next\\x85end\\x1b",
      "# Inputs:",
      "#    tab: str [Default: 'x\\ty\\nz\\\\']",
      "#    text: str [Default: 'a\\x1bb\\x00c\\x7fd\\x9fe\\u2028f\\x85g\\ufeffh\\xa0i\\ufffej']",
      "components:",
    ]);
    expect(parseKfp(content)[0].root.inputDefinitions.parameters.text.defaultValue).toBe("a\u001bb\u0000c\u007fd\u009fe\u2028f\u0085g\ufeffh\u00a0i\ufffej");
  });

  it("is deterministic: the same program gives the same bytes", () => {
    const r = compileKfp(`${ECHO}
pipeline p {
  param b: String = "x"
  param a: Int = 1
  one = print_text(text: b)
  two = print_text(text: "y") after one
}`);
    expect(emitKfp(r.program).files).toEqual(r.files);
    expect(emitKfp(structuredClone(r.program)).files).toEqual(r.files);
  });
});

conformanceTest();
