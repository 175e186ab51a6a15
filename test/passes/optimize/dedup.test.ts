import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { argoDocuments } from "../../../src/backends/argo/index.js";
import { kfpDocuments } from "../../../src/backends/kfp/index.js";
import { printDocument } from "../../../src/output/documents.js";
import { planDedup, unoptimized } from "../../../src/passes/optimize/index.js";
import { resolve } from "../../../src/passes/resolve/index.js";
import { checkSource } from "../../helpers.js";
import { recordForSemcheck, semcheckTest } from "../../backends/argo/semcheck.js";
import { conformanceTest, recordForConformance } from "../../backends/kfp/conformance.js";

// Dedup: steps whose container is identical after resolution form one group, which Argo writes as one
// template; without the optimizer each step has its own.

const COMPONENTS = `
component echo {
  image "ghcr.io/acme/tools:1.0.0"
  input message: String
  input channel: String?
  output done: String
  run ["echo", message, done.path, if channel ["--channel", channel]]
}
component shout {
  image "ghcr.io/acme/tools:1.0.0"
  input message: String
  input channel: String?
  output done: String
  run ["echo", message, done.path, if channel ["--channel", channel]]
}
component summary {
  image "ghcr.io/acme/tools:1.0.0"
  input parts: String
  run ["summary", parts]
  sideEffects
}
`;

function resolved(body: string) {
  const result = checkSource(`${COMPONENTS}\npipeline p {\n${body}\n}\n`);
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return resolve(result.program!);
}

/** The groups of pipeline `p`: each as its component and its steps' names. */
function groups(body: string): string[] {
  return planDedup(resolved(body)).pipelines.get("p")!.groups.map((g) => `${g.component}: ${g.steps.map((s) => s.name).join(" ")}`);
}

const READ_ALL = (names: string[]) => `  s = summary(parts: "${names.map((n) => `\${${n}.done}`).join(",")}")`;

describe("dedup plan", () => {
  it("groups steps of one component with equal settings, whatever their argument values", () => {
    expect(groups(`  a = echo(message: "x")\n  b = echo(message: "y")\n${READ_ALL(["a", "b"])}`)).toEqual(["echo: a b", "summary: s"]);
  });

  it("groups equal components of different names under the first one's name", () => {
    expect(groups(`  a = shout(message: "x")\n  b = echo(message: "y")\n${READ_ALL(["a", "b"])}`)).toEqual(["shout: a b", "summary: s"]);
  });

  it("keeps apart steps whose settings, present inputs or caching differ", () => {
    const body = [
      `  a = echo(message: "x")`,
      `  b = echo(message: "x") { resources { cpu 2 } }`,
      `  c = echo(message: "x", channel: "#ml")`,
      `  d = echo(message: "x") { cache off }`,
      `  e = echo(message: "x") { labels { team: "ml" } }`,
      READ_ALL(["a", "b", "c", "d", "e"]),
    ].join("\n");
    expect(groups(body)).toEqual(["echo: a", "echo: b", "echo: c", "echo: d", "echo: e", "summary: s"]);
  });

  it("does not group by what cannot change the container: the step's name, locations, descriptions of the pipeline", () => {
    const one = planDedup(resolved(`  a = echo(message: "x")\n${READ_ALL(["a"])}`)).pipelines.get("p")!.groups[0].id;
    const other = planDedup(resolved(`\n\n  renamed = echo(message: "other")\n${READ_ALL(["renamed"])}`)).pipelines.get("p")!.groups[0].id;
    expect(other).toBe(one);
    expect(one).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("dedup rendered", () => {
  const body = `  a = shout(message: "x")\n  b = echo(message: "y")\n  c = echo(message: "z", channel: "#ml")\n${READ_ALL(["a", "b", "c"])}`;

  /** The Argo Workflow's container templates, and the template of each DAG task. */
  function argo(program: ReturnType<typeof resolved>) {
    const emitted = argoDocuments(program);
    expect(emitted.diagnostics.map((d) => d.message)).toEqual([]);
    const docs = emitted.documents.map((d) => printDocument(d));
    recordForSemcheck(docs);
    const wf = parse(docs[0].content);
    const leaves = wf.spec.templates.filter((t: { container?: unknown }) => t.container !== undefined).map((t: { name: string }) => t.name);
    const dag = wf.spec.templates.find((t: { name: string }) => t.name === wf.spec.entrypoint).dag.tasks;
    return { leaves, tasks: Object.fromEntries(dag.map((t: { name: string; template: string }) => [t.name, t.template])) };
  }

  it("Argo writes one template per group, named after its first component", () => {
    expect(argo(resolved(body))).toEqual({ leaves: ["shout", "echo", "summary"], tasks: { a: "shout", b: "shout", c: "echo", s: "summary" } });
  });

  it("without the optimizer (compile --no-optimize) every step has a template of its own", () => {
    expect(argo(unoptimized(resolved(body)))).toEqual({ leaves: ["shout", "echo", "echo-2", "summary"], tasks: { a: "shout", b: "echo", c: "echo-2", s: "summary" } });
  });

  it("KFP shares one component and executor per group; without the optimizer one per task, as the KFP SDK writes them", () => {
    const kfp = (program: ReturnType<typeof resolved>) => {
      const emitted = kfpDocuments(program);
      expect(emitted.diagnostics.map((d) => d.message)).toEqual([]);
      const files = emitted.documents.map((d) => printDocument(d));
      recordForConformance(files);
      const spec = parse(files[0].content);
      const tasks = Object.fromEntries(Object.entries<{ componentRef: { name: string } }>(spec.root.dag.tasks).map(([n, t]) => [n, t.componentRef.name]));
      return { components: Object.keys(spec.components), executors: Object.keys(spec.deploymentSpec.executors), tasks };
    };
    expect(kfp(resolved(body))).toEqual({
      components: ["comp-echo", "comp-shout", "comp-summary"],
      executors: ["exec-echo", "exec-shout", "exec-summary"],
      tasks: { a: "comp-shout", b: "comp-shout", c: "comp-echo", s: "comp-summary" },
    });
    expect(kfp(unoptimized(resolved(body)))).toEqual({
      components: ["comp-echo", "comp-echo-2", "comp-shout", "comp-summary"],
      executors: ["exec-echo", "exec-echo-2", "exec-shout", "exec-summary"],
      tasks: { a: "comp-shout", b: "comp-echo", c: "comp-echo-2", s: "comp-summary" },
    });
  });
});

semcheckTest();
conformanceTest();
