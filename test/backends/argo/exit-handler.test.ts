import { describe, expect, it } from "vitest";
import { argument, expectDiagnostics, LIB, manifest, NOTIFY, specOf, task, template } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Argo's exit-handlers example and variables reference: `spec.onExit` names a template that runs when
// the workflow ends, whatever happened; `{{workflow.status}}` is the run's status there; it reads the
// workflow's parameters as `{{workflow.parameters.x}}` (it is given no arguments).

describe("Argo exit handler", () => {
  it("runs finally as the onExit DAG with the workflow status and parameters", () => {
    const doc = manifest(`${LIB}${NOTIFY}
pipeline p {
  param name: String = "nightly"
  e = echo(message: "hi")
  finally {
    n = notify(status: pipeline.status, name: name)
  }
}
`);
    const spec = specOf(doc);
    expect(spec.onExit).toBeDefined();
    expect(spec.onExit).not.toBe(spec.entrypoint);
    const exit = template(doc, spec.onExit);
    const n = exit.dag.tasks.find((t: any) => t.name === "n");
    expect(argument(n, "status")).toBe("{{workflow.status}}");
    expect(argument(n, "name")).toBe("{{workflow.parameters.name}}");
    // Not in the main DAG.
    expect(template(doc, spec.entrypoint).dag.tasks.map((t: any) => t.name)).toEqual(["e"]);
    void task;
  });

  // Argo's global outputs (schema: Parameter.globalName / Artifact.globalName "exports an output …
  // to the global scope, making it available as {{workflow.outputs.parameters.XXXX}}"; variables.md:
  // `workflow.outputs.parameters.<NAME>`, `workflow.outputs.artifacts.<NAME>` are global).
  it("reads a main step's outputs in finally through the workflow's global outputs", () => {
    const doc = manifest(`${LIB}${NOTIFY}
component show {
  image "ghcr.io/acme/show:1.0"
  input data: Dataset
  run ["show", data.path, data.uri]
}
pipeline p {
  artifactRoot "s3://acme-ml/runs"
  prep = prepare(source: "s3://a/b")
  other = prepare(source: "s3://c/d")
  finally {
    n = notify(status: pipeline.status, name: "\${prep.rows}")
    s = show(data: prep.train)
  }
}
`);
    const exit = template(doc, specOf(doc).onExit);
    const n = exit.dag.tasks.find((t: any) => t.name === "n");
    expect(argument(n, "name")).toBe("{{workflow.outputs.parameters.prep-rows}}");
    const s = exit.dag.tasks.find((t: any) => t.name === "s");
    expect(s.arguments.artifacts).toEqual([{ name: "data", from: "{{workflow.outputs.artifacts.prep-train}}" }]);
    expect(argument(s, "data-uri")).toBe("{{workflow.outputs.parameters.prep-train-uri}}");
    // The producer exports them; a step of the same component that nobody reads in finally does not.
    const prep = template(doc, task(doc, "prep").template);
    expect(prep.outputs.parameters.find((p: any) => p.name === "rows").globalName).toBe("prep-rows");
    expect(prep.outputs.parameters.find((p: any) => p.name === "train-uri").globalName).toBe("prep-train-uri");
    expect(prep.outputs.artifacts.find((a: any) => a.name === "train").globalName).toBe("prep-train");
    const other = template(doc, task(doc, "other").template);
    expect(other.name).not.toBe(prep.name);
    expect(JSON.stringify(other)).not.toContain("globalName");
  });

  it("reports reading in finally the values of a loop, which a global output cannot hold", () => {
    expectDiagnostics(
      `${LIB}
component summarize {
  image "ghcr.io/acme/sum:1.0"
  input values: List<Int>
  run ["sum", values]
}
pipeline p {
  for s in ["a", "b"] {
    prep = prepare(source: s)
  }
  finally {
    n = summarize(values: collect(prep.rows))
  }
}
`,
      [["MLP4109", "collect(prep.rows)"]],
    );
  });

  it("reports finally in a sub-pipeline as not supported", () => {
    expectDiagnostics(
      `${LIB}${NOTIFY}
pipeline inner {
  e = echo(message: "x")
  finally {
    n = notify(status: pipeline.status, name: "inner")
  }
}
pipeline outer {
  i = inner()
}
`,
      [["MLP4100", "«finally» {"]],
    );
  });
});

semcheckTest();
