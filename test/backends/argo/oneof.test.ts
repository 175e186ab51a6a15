import { describe, expect, it } from "vitest";
import { oneOfExpression } from "../../../src/backends/argo/oneof.js";
import { argument, compile, expectDiagnostics, LIB, manifest, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// oneOf(a.x, b.y, …) on Argo: an expression over the option tasks' status (see src/backends/argo/oneof.ts).

const EVAL = `
component evaluate {
  image "ghcr.io/acme/eval:1.0"
  input model: Model
  input note: String = "n"
  run ["eval", model.path, note]
}
component evaluate_uri {
  image "ghcr.io/acme/eval:1.0"
  input model: Model
  run ["eval", model.path, model.uri]
}
`;

/** An if/elif/else of three trainings, each branch one option. */
const BRANCHES = `
  prep = prepare(source: "s")
  if prep.rows > 1000 {
    big = train(data: prep.train)
  } elif prep.rows > 10 {
    mid = train(data: prep.train)
  } else {
    small = train(data: prep.train)
  }`;

const VERDICT = "oneOf(big.verdict, mid.verdict, small.verdict)";
const MODEL = "oneOf(big.model, mid.model, small.model)";

const params = (o: string) => `{{=${oneOfExpression([{ task: "big", output: o }, { task: "mid", output: o }, { task: "small", output: o }], "parameters")}}}`;
const artifacts = (o: string) => oneOfExpression([{ task: "big", output: o }, { task: "mid", output: o }, { task: "small", output: o }], "artifacts");

/**
 * Evaluates an expression the back end wrote as Argo would, with `tasks` as Argo's expression
 * environment gives it: every option has a status, only the one that ran has outputs. The generated
 * text is also valid JavaScript (indexing, `==`, ternaries), so it is evaluated as such.
 */
function evaluate(expression: string, ran: string, all: readonly string[], output: string, kind: "parameters" | "artifacts"): unknown {
  const tasks: Record<string, unknown> = {};
  for (const t of all) tasks[t] = t === ran ? { status: "Succeeded", outputs: { [kind]: { [output]: `${t}:${output}` } } } : { status: "Skipped" };
  return new Function("tasks", `return ${expression};`)(tasks);
}

describe("oneOf on Argo", () => {
  it("picks the output of the option that succeeded, whichever it is, by its status", () => {
    const tasks = ["big", "mid", "small"];
    const text = artifacts("model");
    for (const ran of tasks) {
      expect(evaluate(text, ran, tasks, "model", "artifacts")).toBe(`${ran}:model`);
      expect(evaluate(params("verdict").slice(3, -2), ran, tasks, "verdict", "parameters")).toBe(`${ran}:verdict`);
    }
    // Two options: one test, no parentheses; names are indexed (a hyphen would be subtraction).
    expect(oneOfExpression([{ task: "fit-a", output: "m" }, { task: "fit-b", output: "m" }], "parameters")).toBe(
      "tasks['fit-a'].status == 'Succeeded' ? tasks['fit-a'].outputs.parameters['m'] : tasks['fit-b'].outputs.parameters['m']",
    );
  });

  it("passes a parameter as an expression tag, waiting for every option", () => {
    const doc = manifest(`${LIB}\npipeline p {${BRANCHES}\n  e = echo(message: ${VERDICT})\n}\n`);
    const e = task(doc, "e");
    expect(argument(e, "message")).toBe(params("verdict"));
    expect(e.depends).toBe("big && mid && small");
    expect(e.when).toBeUndefined();
  });

  it("passes an artifact with fromExpression, and its URI and memoization key from the options' URIs", () => {
    const doc = manifest(`${LIB}${EVAL}\npipeline p {\n  artifactRoot "s3://acme-ml/runs"${BRANCHES}\n  ev = evaluate_uri(model: ${MODEL})\n}\n`);
    const ev = task(doc, "ev");
    expect(ev.arguments.artifacts).toEqual([{ name: "model", fromExpression: artifacts("model") }]);
    expect(argument(ev, "model-uri")).toBe(params("model-uri"));
    expect(argument(ev, "mlpc-upstream")).toBe(params("model-uri"));
    expect(ev.depends).toBe("big && mid && small");
  });

  it("keys a memoized reader on the run without an artifact root (what the option was made from is not known)", () => {
    const doc = manifest(`${LIB}${EVAL}\npipeline p {${BRANCHES}\n  ev = evaluate(model: ${MODEL})\n}\n`);
    const ev = task(doc, "ev");
    expect(ev.arguments.artifacts).toEqual([{ name: "model", fromExpression: artifacts("model") }]);
    expect(argument(ev, "mlpc-upstream")).toBe("{{workflow.uid}}");
  });

  it("reports a oneOf's URI without an artifact root (MLP4101): at the serve's oneOf, or at x.uri as for any artifact", () => {
    expectDiagnostics(`${LIB}\npipeline p {${BRANCHES}\n  serve best {\n    model sklearn from ${MODEL}\n  }\n}\n`, [["MLP4101", MODEL]]);
    expectDiagnostics(`${LIB}${EVAL}\npipeline p {${BRANCHES}\n  ev = evaluate_uri(model: ${MODEL})\n}\n`, [["MLP4101", "model.uri"]]);
  });

  it("deploys a serve from the URI of the option that ran", () => {
    const doc = manifest(`${LIB}\npipeline p {\n  artifactRoot "s3://acme-ml/runs"${BRANCHES}\n  serve best {\n    model sklearn from ${MODEL}\n  }\n}\n`);
    const deploy = task(doc, "deploy-best");
    expect(argument(deploy, "storage_uri")).toBe(params("model-uri"));
    expect(deploy.depends).toBe("big && mid && small");
  });

  it("gives pipeline outputs as valueFrom.expression and fromExpression, with the artifact's URI", () => {
    const doc = manifest(`${LIB}\npipeline p {\n  artifactRoot "s3://acme-ml/runs"\n  output verdict: String = ${VERDICT}\n  output best: Model = ${MODEL}${BRANCHES}\n}\n`);
    const outputs = template(doc, "p").outputs;
    expect(outputs.parameters).toEqual([
      { name: "verdict", valueFrom: { expression: params("verdict").slice(3, -2) } },
      { name: "best-uri", valueFrom: { expression: params("model-uri").slice(3, -2) } },
    ]);
    expect(outputs.artifacts).toEqual([{ name: "best", fromExpression: artifacts("model") }]);
  });

  it("lets a calling pipeline read a sub-pipeline's oneOf output and its URI", () => {
    const c = compile(`${LIB}${EVAL}\npipeline inner {\n  artifactRoot "s3://acme-ml/runs"\n  output best: Model = ${MODEL}${BRANCHES}\n}\npipeline outer {\n  artifactRoot "s3://acme-ml/runs"\n  sub = inner()\n  ev = evaluate_uri(model: sub.best)\n}\n`);
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = c.docs.find((d) => d.metadata.generateName === "outer-")!;
    const ev = task(doc, "ev");
    expect(ev.arguments.artifacts).toEqual([{ name: "model", from: "{{tasks.sub.outputs.artifacts.best}}" }]);
    expect(argument(ev, "model-uri")).toBe("{{tasks.sub.outputs.parameters.best-uri}}");
  });

  it("hands the value into a loop's DAG template as an input computed by the calling task", () => {
    const doc = manifest(`${LIB}${EVAL}\npipeline p {${BRANCHES}\n  for x in ["a", "b"] {\n    e1 = echo(message: ${VERDICT})\n    e2 = evaluate(model: ${MODEL}, note: x)\n  }\n}\n`);
    const call = task(doc, "for-x");
    expect(call.depends).toBe("big && mid && small");
    expect(argument(call, "oneof-big-verdict-mid-verdict-small-verdict")).toBe(params("verdict"));
    expect(call.arguments.artifacts).toEqual([{ name: "oneof-big-model-mid-model-small-model", fromExpression: artifacts("model") }]);
    expect(argument(task(doc, "e1", "for-x-body"), "message")).toBe("{{inputs.parameters.oneof-big-verdict-mid-verdict-small-verdict}}");
    expect(task(doc, "e2", "for-x-body").arguments.artifacts).toEqual([{ name: "model", from: "{{inputs.artifacts.oneof-big-model-mid-model-small-model}}" }]);
    expect(template(doc, "for-x-body").inputs.artifacts).toEqual([{ name: "oneof-big-model-mid-model-small-model" }]);
  });

  it("reads the options' tasks directly when the if and the reader are in one loop iteration", () => {
    const doc = manifest(`${LIB}\npipeline p {\n  for x in ["a", "b"] {\n    p2 = prepare(source: x)\n    if p2.rows > 3 {\n      a = train(data: p2.train)\n    } else {\n      b = train(data: p2.train)\n    }\n    e = echo(message: oneOf(a.verdict, b.verdict))\n  }\n}\n`);
    const e = task(doc, "e", "for-x-body");
    expect(argument(e, "message")).toBe(`{{=${oneOfExpression([{ task: "a", output: "verdict" }, { task: "b", output: "verdict" }], "parameters")}}}`);
    expect(e.depends).toBe("a && b");
  });

  it("keeps the expression tag intact inside a quoted when operand", () => {
    const doc = manifest(`${LIB}\npipeline p {${BRANCHES}\n  if ${VERDICT} == "it's ok" {\n    e = echo(message: "ok")\n  }\n}\n`);
    expect(task(doc, "e").when).toBe(`'${params("verdict")}' == 'it\\'s ok'`);
  });

  it("works in finally when the if is there too", () => {
    const doc = manifest(`${LIB}\npipeline p {\n  prep = prepare(source: "s")\n  finally {\n    if true {\n      a = echo(message: "a")\n      ta = train(data: prep.train)\n    } else {\n      tb = train(data: prep.train)\n    }\n    e = echo(message: oneOf(ta.verdict, tb.verdict))\n  }\n}\n`);
    const e = task(doc, "e", "p-exit");
    expect(argument(e, "message")).toBe(`{{=${oneOfExpression([{ task: "ta", output: "verdict" }, { task: "tb", output: "verdict" }], "parameters")}}}`);
  });

  it("reports oneOf of main-DAG steps read in finally (MLP4100), once", () => {
    expectDiagnostics(`${LIB}\npipeline p {${BRANCHES}\n  finally {\n    e = echo(message: ${VERDICT})\n  }\n}\n`, [["MLP4100", VERDICT]]);
  });
});

semcheckTest();
