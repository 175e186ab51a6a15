import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../helpers.js";
import { buildProgram } from "../../src/frontend/builder/program.js";
import { programToJson } from "../../src/ir/json.js";
import { choice, component, Float, Int, Model, pipeline, range, serve, Str, tune } from "../../src/index.js";
import * as twin from "./fixtures/tune-serve.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const json = (p: Parameters<typeof programToJson>[0]) => programToJson(p, { withLoc: false });
/** The line in this file from which `here()` is called. */
const here = (): number => Number(/tune-serve\.test\.ts:(\d+):\d+/.exec(new Error().stack!.split("\n")[2])![1]);

const trial = component("trial", {
  image: "ghcr.io/acme/trial:1.0",
  inputs: { lr: Float, depth: Int.default(3), booster: Str.default("gbtree") },
  outputs: { accuracy: Float, model: Model },
  run: (io) => ["python", "trial.py", io.lr, io.depth, io.booster, io.accuracy.path, io.model.path],
});

describe("tune() and serve()", () => {
  it("build the same IR as the language for every tune and serve item", () => {
    const dsl = checkSource({ "tune-serve.mlpipe": fixture("tune-serve.mlpipe") });
    expect(dsl.diagnostics).toEqual([]);
    const ts = buildProgram(twin, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    expect(json(ts.program!)).toBe(json(dsl.program!));
    // The fixture really covers what it claims.
    const p = dsl.program!;
    expect(p.tunes.map((t) => t.name)).toEqual(["pipeline_hpo", "xgb_hpo", "xgb_quick"]);
    expect(p.serves.map((s) => s.name)).toEqual(["fraud_candidate", "fraud_from_param", "fraud_mesh", "fraud_scorer", "fraud_shadow"]);
    expect(new Set(p.tunes.flatMap((t) => t.search.map((s) => s.type)))).toEqual(new Set(["double", "int", "discrete", "categorical"]));
    expect(new Set(p.tunes.flatMap((t) => t.search.flatMap((s) => (s.distribution ? [s.distribution] : []))))).toEqual(
      new Set(["uniform", "logUniform", "normal", "logNormal"]),
    );
    expect(new Set(p.serves.flatMap((s) => (s.deploymentMode ? [s.deploymentMode] : [])))).toEqual(new Set(["Serverless", "RawDeployment", "ModelMesh"]));
  });

  it("deploys a serve made inside a pipeline body, with the step's model, and puts it in the program unexported", () => {
    const ts = buildProgram({ trainAndServe: twin.trainAndServe }, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    const program = ts.program!;
    expect(program.serves.map((s) => s.name)).toEqual(["fraud_candidate", "fraud_from_param"]);
    const candidate = program.serves[0];
    expect(candidate.model.storage).toMatchObject({ kind: "output", step: "fit", output: "model" });
    const body = program.pipelines[0].body;
    expect(body.map((n) => n.kind)).toEqual(["step", "condition", "deploy", "step"]);
    expect(body[1]).toMatchObject({ kind: "condition", branches: [{ body: [{ kind: "deploy", name: "fraud_candidate", serve: "fraud_candidate", after: [] }] }] });
    expect(program.serves[1].model.storage).toMatchObject({ kind: "interpolation", parts: [{ kind: "param", name: "train_uri" }, "/model"] });
  });

  it("names anonymous steps around a deployed serve as the language does", () => {
    const dsl = checkSource(`
      component c { image "x/c:1" output model: Model run ["c", model.path] }
      pipeline p { c()  serve c { model sklearn from "s3://m" }  c() }`);
    expect(dsl.diagnostics).toEqual([]);
    const c = component("c", { image: "x/c:1", outputs: { model: Model }, run: (io) => ["c", io.model.path] });
    const flow = pipeline("p", {}, () => {
      c({});
      serve("c", { model: { format: "sklearn", from: "s3://m" } });
      c({});
    });
    const ts = buildProgram({ flow, c }, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    expect(ts.program!.pipelines[0].body.map((n) => ("name" in n ? n.name : n.kind))).toEqual(["c_2", "c", "c_3"]);
    expect(json(ts.program!)).toBe(json(dsl.program!));
  });

  it("uses the tune's call site as its location and reports a bad timeout there, as the language does (MLP2013)", () => {
    const dsl = checkSource(`
      component trial { image "x/t:1" input lr: Float output accuracy: Float run ["t", lr, accuracy.path] }
      tune t of trial { objective maximize accuracy algorithm random search lr: Float in 0.1 .. 1 timeout "forever" }`);
    expect(dsl.diagnostics.map((d) => d.code)).toEqual(["MLP2013"]);

    const line = here() + 1;
    const t = tune("t", trial, { objective: { maximize: "accuracy" }, algorithm: "random", search: { lr: range(Float, 0.1, 1) }, timeout: "forever" });
    const ts = buildProgram({ t }, process.cwd());
    expect(ts.diagnostics.map((d) => d.code)).toEqual(["MLP2013"]);
    expect(ts.diagnostics[0].message).toBe(dsl.diagnostics[0].message);
    expect(ts.diagnostics[0].loc).toMatchObject({ file: "test/builder/tune-serve.test.ts", line });
    expect(ts.program!.tunes[0].loc).toMatchObject({ file: "test/builder/tune-serve.test.ts", line });
  });

  it("brings the tuned component into the program", () => {
    const t = tune("t", trial, { objective: { maximize: "accuracy" }, algorithm: "random", search: { lr: range(Float, 0.1, 1) } });
    const ts = buildProgram({ t }, process.cwd());
    expect(ts.diagnostics).toEqual([]);
    expect(ts.program!.components.map((c) => c.name)).toEqual(["trial"]);
    expect(ts.program!.tunes[0].target).toMatchObject({ kind: "component", name: "trial" });
  });

  it("reports values the language rejects with the language's codes", () => {
    const bad = {
      t: tune("t", trial, {
        objective: { maximize: "accuracy", goal: Number.NaN },
        algorithm: "random",
        search: { depth: range(Int, 1.5, 4, { step: 0.5 }), lr: choice(Float, [0.1, "x" as never]) },
        trials: { max: 2.5, parallel: 1 },
        ...({ retry: 2, cache: false } as object),
      }),
      s: serve("s", {
        model: { format: "sklearn", from: "s3://m" },
        replicas: [0.5, 2],
        mode: "knative" as never,
        transformer: { image: "x/t:1", ...({ timeout: "1m" } as object) },
        ...({ volumes: {} } as object),
      }),
    };
    const ts = buildProgram(bad, process.cwd());
    expect(ts.diagnostics.map((d) => `${d.code} ${d.message}`).sort()).toEqual(
      [
        "MLP2038 'cache' cannot be set on a tune.",
        "MLP2038 'retry' cannot be set on a tune.",
        "MLP2038 'timeout' cannot be set on a transformer.",
        "MLP2038 'volumes' cannot be set on a serve.",
        "MLP2130 Invalid deployment mode: 'knative' is not serverless, raw or modelmesh.",
        "MLP2083 Invalid objective goal: it must be a number.",
        "MLP2082 Invalid replica count: it must be a whole number.",
        "MLP2082 Invalid search minimum: it must be a whole number.",
        "MLP2124 Invalid search value: it must be a number like the parameter's type Float.",
        "MLP2082 Invalid trial count: it must be a whole number.",
      ].sort(),
    );
    // The language drops a range whose bounds are invalid, and keeps the rest.
    expect(ts.program!.tunes[0].search.map((s) => s.name)).toEqual(["lr"]);
  });

  it("reports a serve reading pipeline values outside a pipeline, as the language does", () => {
    let leaked: unknown;
    const flow = pipeline("flow", { params: { uri: Str.default("s3://m") } }, (p) => {
      leaked = p.params.uri;
    });
    buildProgram({ flow }, process.cwd());
    const s = serve("s", { model: { format: "sklearn", from: leaked as never } });
    const ts = buildProgram({ s }, process.cwd());
    expect(ts.diagnostics.map((d) => d.code)).toEqual(["MLP2043"]);
    expect(ts.program!.serves[0].model.storage.kind).toBe("null");
  });
});
