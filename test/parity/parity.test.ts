import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emitArgo, type ArgoResult } from "../../src/backends/argo/index.js";
import { emitKfp, type KfpResult } from "../../src/backends/kfp/index.js";
import { checkFile } from "../../src/compiler.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/frontend/host.js";
import type { Program } from "../../src/ir/types.js";
import { CONSTRUCTS } from "./constructs.js";
import { fromArgo } from "./from-argo.js";
import { fromKfp } from "./from-kfp.js";
import { differences, type Pipeline } from "./neutral.js";
import { recordForSemcheck, semcheckTest } from "../backends/argo/semcheck.js";

/**
 * The parity suite: for every construct of the language (the table in `constructs.ts`), one small
 * `.mlpipe` under `cases/` is compiled to KFP and to Argo, both outputs are read back — from the YAML
 * the back ends wrote, not from the IR — into one neutral description (`neutral.ts`), and the two
 * descriptions must be equal.
 *
 * ABSTRACTIONS: where the targets legitimately differ, the neutral form leaves the difference out.
 * Each one, with its reason:
 */
export const ABSTRACTIONS: Readonly<Record<string, string>> = {
  "groups are flattened":
    "KFP wraps conditions, loops and the exit handler in generated group tasks (`condition-N`, `for-loop-N`, `exit-handler-N`); Argo puts a " +
    "condition's `when` on each task and loops into generated DAG templates (`for-<var>`, `for-<var>-body`). Neither adds a container: the " +
    "neutral form has only steps, with the groups' meaning folded into each step (`when`, `waitsFor`, `loopDepth`, `finally`) and loops listed " +
    "with the steps they run.",
  "sub-pipelines are flattened":
    "Both targets nest a called pipeline (a KFP DAG component, an Argo DAG template). Its steps are listed as `<calling step>/<inner step>`, " +
    "waiting for what the call waits for, and reading the call's inputs; its outputs are read through to the inner step that makes them. Group " +
    "or template names would otherwise be compared, and they are generated differently by design.",
  "dependencies on groups are dependencies on their steps":
    "A task that waits for a KFP group or an Argo DAG task waits for every step inside it; `waitsFor` lists those steps.",
  "importers are values, not tasks":
    "KFP runs an importer task and passes its `artifact` output; Argo has no importer node and writes the URI as the consumer's input " +
    "artifact location (`s3:`, `gcs:`, `http:`). The neutral form records `{ imported: { uri } }` as the consumer's input and drops the " +
    "dependency on the KFP importer task. Importer `metadata` and `reimport` exist on KFP only (Argo artifacts have neither) and are left out.",
  "output and input file paths":
    "KFP's launcher chooses where outputs are written and artifacts read (`{{$.outputs.artifacts['m'].path}}`, " +
    "`{{$.outputs.parameters['n'].output_file}}`); Argo's back end fixes `/tmp/outputs/<name>/data` and `/tmp/inputs/<name>/data` in the " +
    "template. Both are read as `{ outputPath }` / `{ inputPath }`, and Argo's `mlpc-outputs` emptyDir that holds the output files is not a " +
    "user volume.",
  "optional-input arguments are resolved per step":
    "Argo has no run-time `IfPresent`, so its back end resolves `if x [...] else [...]` per step; KFP writes the IfPresent placeholder, which " +
    "the reader evaluates against whether that task passes the input (or it has a default).",
  "component defaults are input values":
    "An input a step leaves out has the component's default: KFP puts it in `inputDefinitions`, Argo in the template's `inputs`. The neutral " +
    "form gives the task the default as a constant input either way.",
  "constants are text":
    "Argo parameters are strings (`'0.1'`, `'[1,2]'`), KFP constants and defaults are typed JSON (`0.1`, `[1, 2]`). Both are written as text: " +
    "numbers as JavaScript prints them (KFP's condition literal `3.0` and Argo's `3` are both `3`), lists and structs as compact JSON with sorted keys.",
  "conditions":
    "KFP's CEL (`int(inputs.parameter_values['pipelinechannel--m-n']) > 5`) and Argo's `when` (`{{tasks.m.outputs.parameters.n}} > 5`) are " +
    "parsed into one AST over the same references; casts are dropped (they are how CEL types a JSON value, Argo compares numbers as " +
    "numbers), and top-level conjunctions are flattened into the list of conditions around a step.",
  "KFP pipeline channels":
    "KFP passes values into groups as `pipelinechannel--…` inputs and interpolates them into constants; the reader follows each channel to the " +
    "parameter, output or loop item it carries, and does not list the channels as inputs of the step.",
  "loop items":
    "KFP names a loop's item `pipelinechannel--loop-item-param-N` or `…-loop-item` (with a `parameterExpressionSelector` for struct fields); " +
    "Argo writes `{{item}}` / `{{item.field}}`, or passes the item into an iteration template as an input parameter. Both are " +
    "`{ loopItem: depth, field }`, depth counted from the step's outermost loop.",
  "loop parallelism":
    "KFP's `iteratorPolicy.parallelismLimit` limits the iterations of a loop; Argo limits parallelism per template, so its back end wraps the " +
    "looped task in a template with `parallelism`. Both are the loop's `parallelism`.",
  "fan-in":
    "KFP collects a loop's output through the loop group's `dag.outputs`; Argo reads a looped task's output (an aggregated JSON list) or a " +
    "loop template's output parameter. Both are `{ collect: { step, name } }`.",
  "exit handler":
    "KFP wraps the body in an `exit-handler-N` group and runs the `finally` steps after it with ALL_UPSTREAM_TASKS_COMPLETED; Argo runs the " +
    "`onExit` template. Both are `finally: true` without the dependency on the group. `pipeline.status` is KFP's `taskFinalStatus` (a JSON " +
    "struct) and Argo's `{{workflow.status}}` (a phase name): both are `{ status: true }`; their formats differ by target.",
  "upstream failure":
    "KFP's `triggerPolicy.strategy: ALL_UPSTREAM_TASKS_COMPLETED` and Argo's `depends` on `Succeeded || Skipped || Failed || Errored` of each " +
    "upstream task are both `ignoreUpstreamFailure: true`.",
  "caching keys":
    "Only whether a step may be reused is compared (KFP `cachingOptions.enableCache`, Argo `memoize` present). Argo's memoize key, its " +
    "ConfigMap and `maxAge`, and the `mlpc-upstream` input parameter that carries upstream cache keys into the key are how Argo implements " +
    "KFP's built-in cache, not inputs of the component.",
  "retry defaults":
    "KFP always writes a backoff: `0s` is no backoff (and then the factor means nothing), and its 3600 s `backoffMaxDuration`, which KFP applies " +
    "when none is given, is no window. Argo's `cap` (per wait) and `maxDuration` (whole window), KFP's `backoffMaxDuration` (whole window) are " +
    "kept apart, as they mean different things.",
  "resources":
    "KFP writes each quantity twice (`resourceCpuLimit: '2'` and the deprecated `cpuLimit: 2`); the quantity strings are compared with " +
    "Argo's requests and limits. The GPU type has no field on either target (one shared warning, MLP2080) and is asked for with a node selector.",
  "pod labels and annotations":
    "KFP copies pipeline labels and annotations into each executor's `podMetadata`; Argo writes them once as the Workflow's `spec.podMetadata` " +
    "(and on the Workflow object, which KFP has no place for). The labels each pod gets are compared.",
  "run-level settings":
    "The run's service account and timeout, a step's service account, and the schedule are Argo fields KFP has no place for (KFP warns: " +
    "MLP4020, MLP4022, MLP4023); the neutral form leaves them out. Image pull secrets are per executor on KFP and per Workflow on Argo; left out. " +
    "A PVC's `readOnly` is left out: KFP mounts claims read-write only and warns (MLP4004).",
  "artifact URIs":
    "KFP's launcher substitutes `{{$.inputs.artifacts['x'].uri}}` / `{{$.outputs.artifacts['x'].uri}}`. Argo knows no artifact's URI, so its " +
    "back end (with `artifactRoot`) writes a producing container's own URI as the text `<scheme>://<bucket>/<key>` of the output's key-only " +
    "location, reports it as the output parameter `x-uri`, and passes it to a consumer as the hidden input parameter `<input>-uri` " +
    "(`{{inputs.parameters.x-uri}}` in the command line; an imported artifact's is the importer's URI). The reader reads the text as " +
    "`{ outputUri }` only when it is that artifact's own location (the `x-uri` parameter's default, ending in the artifact's key), and " +
    "`<input>-uri` as `{ inputUri }`, and leaves it out of the inputs, only when its value is the URI of the very artifact the task passes as " +
    "`<input>`; otherwise it stays an ordinary input and shows as a difference. Where each target puts an artifact under the root (KFP: its " +
    "pipeline root layout; Argo: `<prefix>/<workflow uid>/<pod name>/<output>`) is the engine's choice and not compared.",
  "deploy steps":
    "A serve deployed from a pipeline is a KFP container task (`docker.io/bitnami/kubectl`, `kubectl apply -f -` of the InferenceService as " +
    "JSON in its one argument, the model as the input artifact `model`) and an Argo `resource` template (`action: apply`, the manifest as " +
    "YAML, the URI as the input parameter `storage_uri`). Both are `{ deploys: { action, manifest } }`, the manifest compared as a whole " +
    "with its placeholders (KFP `{{$.inputs.artifacts['model'].uri}}`, Argo `{{inputs.parameters.storage_uri}}`) read as the value they " +
    "stand for (`{ uriOf: <the model artifact> }`), plus dependencies, conditions and caching like any task. The kubectl image and the " +
    "inputs that carry the URI are how each target gets the manifest applied, not part of it. The task is keyed by KFP's name, the serve's " +
    "(`candidate`); Argo names it `deploy-<serve>` (generated tasks take names after the steps), and the reader drops the `deploy-`.",
  "distributed steps":
    "A distributed step is a KFP container task (`docker.io/bitnami/kubectl`, a script that creates its first argument, the training job " +
    "as JSON, and waits for its condition) and an Argo `resource` template (`action: create`, the job as YAML, waiting on the job's " +
    "conditions). Both are `{ trains: <job> }`, the job compared as a whole without its `metadata` (Argo's records where the job writes " +
    "its outputs, read back as the template's outputs), its placeholders read as the values they stand for: an input (KFP " +
    "`{{$.inputs.parameters['x']}}` or the component's default, Argo `{{inputs.parameters.x}}`), an input artifact's URI (KFP " +
    "`{{$.inputs.artifacts['d'].uri}}`, Argo the parameter `d-uri`), the URI of one of its outputs (KFP `{{$.outputs.artifacts['m'].uri}}`, " +
    "Argo the text the job's annotation `mlpc.dev/m-uri` records). A later step reads the output as any step's: KFP's task output, Argo's " +
    "key-only artifact at the key the job reported (`m-key`), its URI the reported `m-uri`.",
  "names":
    "Step names are compared as both targets write them (lowercase, `-` for `_`); display names, template and component names, " +
    "`generateName`, `podGC` and `ttlStrategy` (Argo only) are not part of the neutral form.",
};

const HERE = fileURLToPath(new URL(".", import.meta.url));
const CASES = join(HERE, "cases");

interface Compiled {
  readonly program: Program;
  readonly kfp: KfpResult;
  readonly argo?: ArgoResult;
  readonly argoCrash?: Error;
}

/** Cases whose Argo files were recorded for argo-semcheck (each case is compiled by several tests). */
const recorded = new Set<string>();

function compileCase(file: string): Compiled {
  const text = readFileSync(join(CASES, file), "utf8");
  const checked = checkFile(file, memoryHost({ [file]: text }));
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map(show), `${file} checks without errors`).toEqual([]);
  const program = checked.program!;
  const kfp = emitKfp(program);
  try {
    const argo = emitArgo(program);
    if (!recorded.has(file)) recordForSemcheck(argo.files);
    recorded.add(file);
    return { program, kfp, argo };
  } catch (e) {
    return { program, kfp, argoCrash: e as Error };
  }
}

const show = (d: Diagnostic): string => `${d.code} ${d.severity}: ${d.message}`;
const codesOf = (ds: readonly Diagnostic[], severity: Diagnostic["severity"]): string[] =>
  ds.filter((d) => d.severity === severity).map((d) => d.code).sort();

/** Both readings of every pipeline of a case, by KFP/Argo file name (they agree: `<name>.<target>.yaml`). */
export function readings(c: Compiled): { name: string; kfp: Pipeline; argo: Pipeline }[] {
  const argoFiles = new Map((c.argo?.files ?? []).map((f) => [f.name.replace(/\.argo\.yaml$/, ""), f]));
  expect([...argoFiles.keys()].sort()).toEqual(c.kfp.files.map((f) => f.name.replace(/\.kfp\.yaml$/, "")).sort());
  return c.kfp.files.map((f) => {
    const name = f.name.replace(/\.kfp\.yaml$/, "");
    return { name, kfp: fromKfp(f.content), argo: fromArgo(argoFiles.get(name)!.content) };
  });
}

/** The paths at which the two readings of a case differ (`<pipeline>:/tasks/…`). */
function differencePaths(c: Compiled): string[] {
  return readings(c).flatMap((r) => differences(r.kfp, r.argo).map((d) => `${d.slice(0, d.indexOf(": "))}`));
}

describe("parity: the construct table", () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith(".mlpipe")).sort();

  it("every case file is in the table, and every file the table names exists", () => {
    const named = CONSTRUCTS.flatMap((e) => (e.file === undefined ? [] : [e.file]));
    expect([...new Set(named)].sort()).toEqual(files);
    expect(new Set(named).size, "each case file is one table entry").toBe(named.length);
  });

  it("every entry without a case file says why", () => {
    for (const e of CONSTRUCTS) {
      if (e.file === undefined) expect(e.status.kind, e.construct).toBe("out of scope");
    }
  });

  // The construct list of DESIGN.md, beside the repository: each of its clauses is covered.
  const design = join(HERE, "..", "..", "..", "shared", "DESIGN.md");
  it.skipIf(!existsSync(design))("every construct of DESIGN.md's list has an entry", () => {
    const text = readFileSync(design, "utf8").replace(/\s+/g, " ");
    const start = text.indexOf("Constructs the language and the builder must both cover:");
    expect(start).toBeGreaterThanOrEqual(0);
    const list = text.slice(start, text.indexOf("The builder is ordinary", start));
    for (const e of CONSTRUCTS) expect(list, `phrase of "${e.construct}"`).toContain(e.phrase);
    const clauses = list
      .slice(list.indexOf(":") + 1)
      .split(/;|, and |\(|\)|, /)
      .map((s) => s.trim().replace(/\.$/, ""))
      .filter((s) => s.length > 0);
    // A clause is covered when some entry's phrase overlaps it (contains it or is contained in it).
    const uncovered = clauses.filter((cl) => !CONSTRUCTS.some((e) => e.phrase.includes(cl) || cl.includes(e.phrase)) && !COVERED_BY_ENTRY_NAMED[cl]);
    expect(uncovered).toEqual([]);
    for (const phrase of Object.values(COVERED_BY_ENTRY_NAMED)) expect(CONSTRUCTS.map((e) => e.phrase)).toContain(phrase);
  });
});

/**
 * DESIGN.md clauses (as split above) that are details of a construct whose entry is named by another
 * phrase: the clause, and the entry that covers it.
 */
const COVERED_BY_ENTRY_NAMED: Readonly<Record<string, string>> = {
  "`Artifact`": "components with typed",
  "`Dataset`": "components with typed",
  "`Model`": "components with typed",
  "`Metrics`": "components with typed",
  "`ClassificationMetrics`": "components with typed",
  "`HTML`": "components with typed",
  "`Markdown`": "components with typed",
  "and pipelines": "as sub-pipelines",
  "`if`/`elif`/`else`": "typed conditions",
  "Katib: objective": "`tune`",
  "algorithm": "`tune`",
  "search space": "`tune`",
  "trial budget": "`tune`",
  "metrics collection from a step's metric output": "`tune`",
  "and `serve`": "`serve` (KServe",
  "KServe: model format": "`serve` (KServe",
  "replicas": "`serve` (KServe",
  "canary": "`serve` (KServe",
  "resources": "`serve` (KServe",
};

describe("parity: KFP and Argo mean the same", () => {
  for (const entry of CONSTRUCTS) {
    if (entry.file === undefined) continue;
    const file = entry.file;
    const status = entry.status;
    describe(`${entry.construct} (${file})`, () => {
      if (status.kind === "parity" || status.kind === "differs") {
        it("compiles with both back ends without errors, with the listed warnings", () => {
          const c = compileCase(file);
          expect(c.argoCrash, "the Argo back end does not throw").toBeUndefined();
          expect(c.kfp.diagnostics.filter((d) => d.severity === "error").map(show)).toEqual([]);
          expect(c.argo!.diagnostics.filter((d) => d.severity === "error").map(show)).toEqual([]);
          expect(codesOf(c.kfp.diagnostics, "warning"), "KFP warnings").toEqual([...(entry.warnings?.kfp ?? [])].sort());
          expect(codesOf(c.argo!.diagnostics, "warning"), "Argo warnings").toEqual([...(entry.warnings?.argo ?? [])].sort());
          expect(c.kfp.files.length).toBeGreaterThan(0);
        });
        it(status.kind === "parity" ? "both outputs give the same neutral description" : "the outputs differ exactly where the finding says", () => {
          const c = compileCase(file);
          for (const r of readings(c)) expect(Object.keys(r.kfp.tasks).length, `${r.name} has tasks`).toBeGreaterThan(0);
          if (status.kind === "parity") {
            for (const r of readings(c)) expect(differences(r.kfp, r.argo), r.name).toEqual([]);
          } else {
            expect(differencePaths(c).map((p) => p)).toEqual([...status.paths].sort());
          }
        });
      } else if (status.kind === "rejected by check") {
        it(`the checker rejects it with ${status.code}`, () => {
          const text = readFileSync(join(CASES, file), "utf8");
          const checked = checkFile(file, memoryHost({ [file]: text }));
          expect(codesOf(checked.diagnostics, "error"), "when this fails, the case checks: compile it and compare").toContain(status.code);
        });
      } else if (status.kind === "pending" || status.kind === "rejected") {
        it(`${status.target} still rejects it with ${status.code} (${status.kind})`, () => {
          const c = compileCase(file);
          const other = status.target === "argo" ? c.kfp.diagnostics : (c.argo?.diagnostics ?? []);
          expect(other.filter((d) => d.severity === "error").map(show), "the other target compiles it").toEqual([]);
          if (status.target === "argo" && "crash" in status && status.crash !== undefined) {
            expect(c.argoCrash?.message, "the Argo back end still throws; if it now reports the code, drop `crash`").toContain(status.crash);
            return;
          }
          expect(c.argoCrash, "the Argo back end does not throw").toBeUndefined();
          const target = status.target === "argo" ? c.argo!.diagnostics : c.kfp.diagnostics;
          expect(codesOf(target, "error"), "when this fails, the case compiles: move it to parity").toContain(status.code);
        });
      }
    });
  }
});

semcheckTest();
