import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitArgo } from "../../src/backends/argo/index.js";
import { emitKfp } from "../../src/backends/kfp/index.js";
import type { Program } from "../../src/ir/types.js";
import { checkSource } from "../helpers.js";
import { compileWith } from "./support.js";

/**
 * Keys a user writes — struct fields, env names, label and annotation keys, node-selector keys, names
 * of steps, parameters, inputs and outputs — are data: `__proto__`, `constructor`, `toString` and
 * `hasOwnProperty` reach every target as written, never lost to (or read from) a JavaScript prototype.
 */
const SOURCE = `
component valueOf {
  image "alpine:3.20"
  input hasOwnProperty: String
  input cfg: Struct = { __proto__: { a: 1 }, constructor: "c", toString: "t" }
  input __proto__: String = "p"
  output toString: String
  output constructor: Dataset
  run ["run", hasOwnProperty, cfg, __proto__, toString.path, constructor.path]
  env { __proto__: "e", constructor: "f" }
  labels { constructor: "y", hasOwnProperty: "z" }
  annotations { toString: "t", constructor: "u" }
  nodeSelector { constructor: "n" }
}

component use {
  image "alpine:3.20"
  input data: Dataset
  input text: String
  run ["use", data.path, text]
}

pipeline isPrototypeOf {
  param toString: String = "s"
  param hasOwnProperty: Struct = { __proto__: { a: 1 }, b: 2 }
  labels { constructor: "p" }
  constructor = valueOf(hasOwnProperty: toString, cfg: { __proto__: 5, valueOf: "x" }, __proto__: "q")
  use(data: constructor.constructor, text: constructor.toString)
}
`;

/** Own keys of an object, prototype-named ones included (the YAML reader keeps `__proto__` as a key). */
const keys = (o: unknown): string[] => Object.keys(o as object);

describe("user keys named like JavaScript's Object.prototype", () => {
  it("KFP keeps every one of them", () => {
    const checked = checkSource(SOURCE);
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = emitKfp(checked.program!);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [spec, platform] = result.files[0].content.split(/^---$/m).map((d) => parse(d) as Record<string, any>);
    const comp = spec.components["comp-valueof"];
    expect(keys(comp.inputDefinitions.parameters).sort()).toEqual(["__proto__", "cfg", "hasOwnProperty"]);
    expect(spec.root.dag.tasks.constructor.inputs.parameters.__proto__).toEqual({ runtimeValue: { constant: "q" } });
    expect(comp.inputDefinitions.parameters.cfg.defaultValue).toEqual(JSON.parse('{"__proto__":{"a":1},"constructor":"c","toString":"t"}'));
    expect(keys(comp.outputDefinitions.parameters)).toEqual(["toString"]);
    expect(keys(comp.outputDefinitions.artifacts)).toEqual(["constructor"]);
    expect(keys(spec.root.dag.tasks).sort()).toEqual(["constructor", "use"]);
    const cfg = spec.root.dag.tasks.constructor.inputs.parameters.cfg.runtimeValue.constant;
    expect(keys(cfg)).toEqual(["__proto__", "valueOf"]);
    expect(keys(spec.root.inputDefinitions.parameters.hasOwnProperty.defaultValue)).toEqual(["__proto__", "b"]);
    const executor = spec.deploymentSpec.executors["exec-valueof"].container;
    expect(executor.env.map((e: { name: string }) => e.name)).toEqual(["__proto__", "constructor"]);
    const pod = platform.platforms.kubernetes.deploymentSpec.executors["exec-valueof"];
    expect(pod.podMetadata.labels).toEqual(JSON.parse('{"constructor":"y","hasOwnProperty":"z"}'));
    expect(keys(pod.podMetadata.annotations).sort()).toEqual(["constructor", "toString"]);
    expect(keys(pod.nodeSelector.labels)).toEqual(["constructor"]);
  });

  it("Argo keeps every one of them", () => {
    const { result, docs } = compileWith(SOURCE, emitArgo);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const text = result.files[0].content;
    const spec = docs[0].spec;
    const container = spec.templates.find((t: { name: string }) => t.name === "valueof");
    expect(container.inputs.parameters.find((p: { name: string }) => p.name === "cfg").default).toBe('{"__proto__":{"a":1},"constructor":"c","toString":"t"}');
    expect(container.container.env.map((e: { name: string }) => e.name)).toEqual(["__proto__", "constructor"]);
    expect(container.metadata.labels).toEqual(JSON.parse('{"constructor":"y","hasOwnProperty":"z"}'));
    expect(keys(container.metadata.annotations).sort()).toEqual(["constructor", "toString"]);
    expect(keys(container.nodeSelector)).toEqual(["constructor"]);
    expect(spec.arguments.parameters.find((p: { name: string }) => p.name === "hasOwnProperty").value).toBe('{"__proto__":{"a":1},"b":2}');
    expect(text).toContain(`value: '{"__proto__":5,"valueOf":"x"}'`);
    const call = spec.templates.find((t: { name: string }) => t.name === "isprototypeof").dag.tasks.find((t: { name: string }) => t.name === "constructor");
    expect(call.arguments.parameters.map((a: { name: string }) => a.name)).toContain("__proto__");
    expect(docs[0].metadata.labels).toEqual(JSON.parse('{"constructor":"p"}'));
  });

  it("labels and annotations named __proto__ are rejected by the checker, and kept by the back ends", () => {
    // A label key must start with a letter or digit (MLP2063); given such IR anyway, nothing is lost.
    const base = checkSource(SOURCE).program!;
    const kv = [{ key: "__proto__", value: "x", loc: base.pipelines[0].loc }];
    const program: Program = { ...base, pipelines: [{ ...base.pipelines[0], settings: { labels: kv, annotations: kv } }] };
    const argo = parse(emitArgo(program).files[0].content) as Record<string, any>;
    expect(keys(argo.metadata.labels)).toEqual(["__proto__"]);
    expect(keys(argo.spec.podMetadata.annotations)).toEqual(["__proto__"]);
    const kfp = emitKfp(program).files[0].content;
    expect(kfp).toMatch(/labels:\n\s+__proto__: x/);
  });
});
