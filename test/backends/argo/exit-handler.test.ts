import { describe, expect, it } from "vitest";
import { argument, expectDiagnostics, LIB, manifest, specOf, task, template } from "./support.js";

// Argo's exit-handlers example and variables reference: `spec.onExit` names a template that runs when
// the workflow ends, whatever happened; `{{workflow.status}}` is the run's status there; it reads the
// workflow's parameters as `{{workflow.parameters.x}}` (it is given no arguments).

const NOTIFY = `
component notify {
  image "alpine:3.20"
  input status: Status
  input name: String
  run ["notify", status, name]
  sideEffects
}
`;

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

  it("reports reading a main step's output in finally as not supported yet", () => {
    expectDiagnostics(
      `${LIB}${NOTIFY}
pipeline p {
  prep = prepare(source: "s3://a/b")
  finally {
    n = notify(status: pipeline.status, name: "\${prep.rows}")
  }
}
`,
      [["MLP4100", "prep.rows"]],
    );
  });
});
