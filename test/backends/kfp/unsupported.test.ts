import { describe, expect, it } from "vitest";
import { emitKfp } from "../../../src/backends/kfp/index.js";
import type { Program } from "../../../src/ir/types.js";
import { checkSource } from "../../helpers.js";
import { compileKfp, conformanceTest, parseKfp } from "./conformance.js";

const COMPONENTS = `
component produce {
  image "alpine:3.20"
  output value: Float
  output items: List<Int>
  output data: Dataset
  run ["produce", value.path, items.path, data.path]
}
component consume {
  image "alpine:3.20"
  input x: Float = 0
  input xs: List<Float> = []
  input d: Dataset?
  run ["consume", x, xs, if d [d.path]]
}
component notify {
  image "alpine:3.20"
  input s: Status
  run ["notify", s]
}
pipeline inner { consume() }
`;

/** Checks `source` (no validation errors allowed) and emits KFP. */
function emit(source: string) {
  const checked = checkSource(source);
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return emitKfp(checked.program!);
}

/** `[code, severity, line, col]` of each diagnostic. */
function where(r: { diagnostics: readonly { code: string; severity: string; loc?: { line: number; col: number } }[] }) {
  return r.diagnostics.map((d) => [d.code, d.severity, d.loc?.line, d.loc?.col]);
}

/** The 1-based line and column of the first `text` in `source`. */
function at(source: string, text: string): [number, number] {
  const i = source.indexOf(text);
  expect(i, text).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, i).split("\n");
  return [before.length, before[before.length - 1].length + 1];
}

describe("KFP constructs KFP cannot run as written", () => {
  it("rejects a loop over a list of artifacts (MLP4010), which KFP's open-source back end rejects at run time", () => {
    const src = `${COMPONENTS}
pipeline p {
  for i in [1, 2] {
    made = produce()
  }
  for d in collect(made.data) {
    consume(x: 1)
  }
}`;
    // The checker rejects every list of artifacts (MLP2058); the back end still refuses the IR.
    const checked = checkSource(src);
    expect(checked.diagnostics.map((d) => d.code)).toEqual(["MLP2058"]);
    const r = emitKfp(checked.program!);
    expect(where(r)).toEqual([["MLP4010", "error", ...at(src, "collect(made.data) {")]]);
    expect(r.files.map((f) => f.name)).toEqual(["inner.kfp.yaml"]);
  });

  it("rejects the pipeline status for a step inside a condition of finally (MLP4011)", () => {
    const src = `${COMPONENTS}
pipeline p {
  param loud: Bool = false
  consume()
  finally {
    notify(s: pipeline.status)
    if loud {
      notify(s: pipeline.status)
    }
  }
}`;
    const r = emit(src);
    const second = src.indexOf("pipeline.status", src.indexOf("if loud"));
    const line = src.slice(0, second).split("\n").length;
    expect(where(r)).toEqual([["MLP4011", "error", line, second - src.lastIndexOf("\n", second - 1)]]);
  });

  it("rejects lists built from step outputs at run time (MLP4007)", () => {
    const src = `${COMPONENTS}
pipeline p {
  a = produce()
  consume(xs: [1.5, a.value])
}`;
    expect(where(emit(src))).toEqual([["MLP4007", "error", ...at(src, "a.value]")]]);
  });

  it("rejects pipeline outputs that are not step outputs (MLP4008)", () => {
    const src = `${COMPONENTS}
pipeline p {
  param x: Float = 1
  output same: Float = x
  consume(x: x)
}`;
    expect(where(emit(src))).toEqual([["MLP4008", "error", ...at(src, "x\n  consume")]]);
  });

  it("rejects env values computed at run time (MLP4003): the builder's IR allows any expression", () => {
    const checked = checkSource(`component c { image "alpine:3.20" run ["x"] env { A: "1" } }\npipeline p { c() }`);
    const program = checked.program!;
    const component = program.components[0];
    const env = component.settings.env![0];
    const computed: Program = {
      ...program,
      components: [{ ...component, settings: { env: [{ ...env, source: { kind: "value", value: { kind: "param", name: "x", loc: env.loc } } }] } }],
    };
    expect(emitKfp(computed).diagnostics.map((d) => d.code)).toEqual(["MLP4003"]);
  });
});

describe("KFP settings that have no place in a pipeline spec are warnings, and the file is written", () => {
  it("writes artifact parameters as the root's input artifacts, with a warning when no pipeline can give them (MLP4006)", () => {
    const src = `${COMPONENTS}
pipeline p {
  param data: Dataset
  param other: Model
  consume(d: data)
}`;
    const r = compileKfp(src);
    expect(where(r)).toEqual([["MLP4006", "warning", ...at(src, "data: Dataset\n  param other")]]);
    const file = r.files.find((f) => f.name === "p.kfp.yaml")!;
    const [spec] = parseKfp(file.content);
    expect(spec.root.inputDefinitions).toEqual({
      artifacts: {
        data: { artifactType: { schemaTitle: "system.Dataset", schemaVersion: "0.0.1" } },
        other: { artifactType: { schemaTitle: "system.Model", schemaVersion: "0.0.1" } },
      },
    });
    expect(spec.root.dag.tasks.consume.inputs).toEqual({ artifacts: { d: { componentInputArtifact: "data" } } });
  });

  it("does not warn about artifact parameters of a pipeline another pipeline calls", () => {
    const src = `${COMPONENTS}
pipeline eval { param data: Dataset  consume(d: data) }
pipeline main { src = produce()  eval(data: src.data) }`;
    const r = compileKfp(src);
    expect(where(r)).toEqual([]);
    expect(r.files.map((f) => f.name)).toEqual(["eval.kfp.yaml", "inner.kfp.yaml", "main.kfp.yaml"]);
  });

  it("warns about the service account, the run's timeout and the schedule (MLP4020, MLP4022, MLP4023)", () => {
    const src = `${COMPONENTS}
component special { image "alpine:3.20" run ["x"] serviceAccount "step-sa" }
pipeline p {
  schedule "0 3 * * *"
  serviceAccount "runner"
  timeout "4h"
  consume()
  special()
}`;
    const r = compileKfp(src);
    expect(where(r)).toEqual([
      ["MLP4020", "warning", ...at(src, '"step-sa"')],
      ["MLP4023", "warning", ...at(src, '"0 3 * * *"')],
      ["MLP4020", "warning", ...at(src, '"runner"')],
      ["MLP4022", "warning", ...at(src, '"4h"')],
    ]);
    expect(r.files.map((f) => f.name)).toEqual(["inner.kfp.yaml", "p.kfp.yaml"]);
    const [spec] = parseKfp(r.files[1].content);
    expect(Object.keys(spec.root.dag.tasks)).toEqual(["consume", "special"]);
  });
});

conformanceTest();
