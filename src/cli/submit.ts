import { existsSync } from "node:fs";
import { delimiter, join, resolve as resolvePath } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { EmitOptions } from "../backends/contract.js";
import type { Param, Pipeline, Program } from "../ir/types.js";
import { exitCodeFor } from "./report.js";
import { connect, SubmitFailure, type Cluster } from "./submit-cluster.js";

/** The targets `submit` sends to a cluster through the Kubernetes API. */
export const SUBMIT_TARGETS = ["argo", "katib", "kserve"] as const;
export type SubmitTarget = (typeof SUBMIT_TARGETS)[number];

export interface SubmitOptions {
  readonly target: SubmitTarget;
  readonly pipeline?: string;
  readonly param: readonly string[];
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly dryRun?: boolean;
  readonly forceConflicts?: boolean;
  readonly argoKind: NonNullable<EmitOptions["argoKind"]>;
  readonly requestTimeout: number;
  readonly pretty?: boolean;
}

/** What `submit` needs of the CLI: its compile path, output and environment (src/cli/main.ts). */
export interface SubmitHost {
  readonly compile: (target: SubmitTarget, options: EmitOptions) => Promise<{
    diagnostics: Diagnostic[];
    sources: Map<string, string>;
    documents: readonly { readonly kind: string; readonly objects: readonly unknown[]; readonly declaration: { readonly kind: string; readonly name: string } }[];
    programs: readonly Program[];
  }>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
  /** A problem with how mlpc was called (exit 2, `mlpc: …`). */
  readonly usage: (message: string) => Error;
}

/** A manifest as submit sends it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * `mlpc submit`: compiles in memory, checks the run parameters, then creates (a Workflow) or applies
 * (everything else) each manifest on the cluster. Returns the exit code.
 */
export async function submit(opts: SubmitOptions, host: SubmitHost): Promise<number> {
  if (opts.pipeline !== undefined && opts.target !== "argo") throw host.usage("--pipeline picks one pipeline, which only -t argo submits.");
  if (opts.param.length > 0 && opts.target !== "argo") throw host.usage("--param gives the parameters of a pipeline run, which only -t argo submits.");

  const compiled = await host.compile(opts.target, { argoKind: opts.argoKind });
  const { diagnostics, sources } = compiled;
  const finish = (): number => {
    host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), sources, { color: host.color }));
    return exitCodeFor(diagnostics);
  };
  if (hasErrors(diagnostics)) return finish();

  let documents = compiled.documents;
  if (opts.pipeline !== undefined) {
    const pipelines = [...new Set(compiled.programs.flatMap((p) => p.pipelines.map((q) => q.name)))];
    if (!pipelines.includes(opts.pipeline)) {
      finish();
      throw host.usage(`there is no pipeline '${opts.pipeline}' in the sources; the pipelines are ${pipelines.map((p) => `'${p}'`).join(", ") || "none"}.`);
    }
    documents = documents.filter((d) => d.declaration.kind === "pipeline" && d.declaration.name === opts.pipeline);
  }
  if (documents.length === 0) {
    finish();
    throw host.usage(`the sources have nothing to submit to -t ${opts.target}.`);
  }
  const items = documents.flatMap((doc) => doc.objects.map((o) => ({ doc, manifest: structuredClone(o) as Manifest })));

  // Run parameters, before anything is sent.
  const runs = items.filter((i) => i.doc.declaration.kind === "pipeline");
  if (opts.param.length > 0 && new Set(runs.map((r) => r.doc.declaration.name)).size !== 1) {
    finish();
    throw host.usage(`--param needs one pipeline, and the sources have ${new Set(runs.map((r) => r.doc.declaration.name)).size}; pick one with --pipeline NAME.`);
  }
  const pipelines = new Map<string, Pipeline>();
  for (const program of compiled.programs) for (const p of program.pipelines) pipelines.set(p.name, p);
  for (const { doc, manifest } of runs) {
    diagnostics.push(...applyParams(manifest, pipelines.get(doc.declaration.name), opts.param, doc.declaration.name));
  }
  if (hasErrors(diagnostics)) return finish();

  try {
    const cluster = await connect(
      { kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace, requestTimeout: opts.requestTimeout },
      host.env,
      kubeconfigFile(opts.kubeconfig, host.cwd, host.env),
    );
    for (const { manifest } of items) await send(cluster, manifest, opts, host);
  } catch (err) {
    if (!(err instanceof SubmitFailure)) throw err;
    diagnostics.push(err.diagnostic);
    return finish();
  }
  if (diagnostics.length > 0) host.stderr(renderDiagnostics(sortDiagnostics(diagnostics), sources, { color: host.color }));
  return exitCodeFor(diagnostics);
}

/**
 * Which kubeconfig to read: `--kubeconfig`, else the first file of `KUBECONFIG` that exists, else
 * `~/.kube/config`; `in-cluster` inside a pod without either; a diagnostic when there is none.
 */
export function kubeconfigFile(given: string | undefined, cwd: string, env: SubmitHost["env"]): string | "in-cluster" | Diagnostic {
  if (given !== undefined) {
    const path = resolvePath(cwd, given);
    return existsSync(path) ? path : M.badKubeconfig.at(undefined, given, "no such file");
  }
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== "") {
    const files = list.split(delimiter).filter((f) => f !== "");
    const found = files.map((f) => resolvePath(cwd, f)).find((f) => existsSync(f));
    return found ?? M.noKubeconfig.at(undefined, `none of the files KUBECONFIG names exists (${files.join(", ")})`);
  }
  const home = env.HOME;
  if (home !== undefined && home !== "" && existsSync(join(home, ".kube", "config"))) return join(home, ".kube", "config");
  if (env.KUBERNETES_SERVICE_HOST !== undefined && env.KUBERNETES_SERVICE_PORT !== undefined) return "in-cluster";
  return M.noKubeconfig.at(undefined, "KUBECONFIG is not set, ~/.kube/config does not exist and mlpc is not running in a cluster");
}

/** Creates a Workflow (its name generated), applies anything else; prints what happened. */
async function send(cluster: Cluster, manifest: Manifest, opts: SubmitOptions, host: SubmitHost): Promise<void> {
  const create = manifest.kind === "Workflow" && manifest.metadata.name === undefined;
  const result = await cluster.submit(manifest, { create, dryRun: opts.dryRun === true, force: opts.forceConflicts === true });
  const ns = result.namespace === undefined ? "" : ` in namespace ${result.namespace}`;
  const dry = opts.dryRun === true ? " (server dry run: nothing was stored)" : "";
  host.stdout(`${result.resource}/${result.name} ${create ? "created" : "applied"}${ns}${dry}\n`);
  if (create && opts.dryRun !== true) {
    host.stdout(`Watch it with: argo watch ${result.name}${result.namespace === undefined ? "" : ` -n ${result.namespace}`}\n`);
  }
}

// -------------------------------------------------------------------------------------------------
// Run parameters

/** The parameter list of a Workflow (`spec.arguments`) or a CronWorkflow (`spec.workflowSpec.arguments`). */
function argumentList(manifest: Manifest): { name: string; value?: string }[] | undefined {
  const spec = manifest.spec as { arguments?: { parameters?: { name: string; value?: string }[] }; workflowSpec?: { arguments?: { parameters?: { name: string; value?: string }[] } } } | undefined;
  return (spec?.arguments ?? spec?.workflowSpec?.arguments)?.parameters;
}

/**
 * Sets each `--param NAME=VALUE` in the manifest's arguments, typed by the pipeline's parameter of
 * that name (an artifact parameter is its URI, `NAME-uri`, a String); for a Workflow, a parameter
 * left without a value is an error.
 */
export function applyParams(manifest: Manifest, pipeline: Pipeline | undefined, given: readonly string[], name: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const args = argumentList(manifest) ?? [];
  const seen = new Set<string>();
  for (const text of given) {
    const eq = text.indexOf("=");
    if (eq <= 0) {
      diagnostics.push(M.paramSyntax.at(undefined, text));
      continue;
    }
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    if (seen.has(key)) {
      diagnostics.push(M.paramRepeated.at(undefined, key));
      continue;
    }
    seen.add(key);
    const entry = args.find((a) => a.name === key);
    if (entry === undefined) {
      diagnostics.push(M.unknownParam.at(undefined, key, name, args.map((a) => `'${a.name}'`).join(", ") || "none"));
      continue;
    }
    const param = pipeline?.params.find((p) => p.name === key);
    const problem = param === undefined ? undefined : typeProblem(param, value);
    if (problem !== undefined) {
      diagnostics.push(M.paramType.at(undefined, key, problem.type, value, problem.expected));
      continue;
    }
    entry.value = value;
  }
  if (manifest.kind === "Workflow") {
    for (const a of args) {
      if (a.value !== undefined || seen.has(a.name)) continue;
      const param = pipeline?.params.find((p) => p.name === a.name || `${p.name}-uri` === a.name);
      diagnostics.push(M.paramMissing.at(param?.loc, a.name, name));
    }
  }
  return diagnostics;
}

/** Why `value` is not of the parameter's type, or undefined when it is. */
function typeProblem(param: Param, value: string): { type: string; expected: string } | undefined {
  const type = param.type;
  if (type.kind !== "param") return undefined;
  const ok = (test: boolean, expected: string) => (test ? undefined : { type: type.name, expected });
  switch (type.name) {
    case "String":
      return undefined;
    case "Int":
      return ok(/^[+-]?\d+$/.test(value), "a whole number such as 3");
    case "Float":
      return ok(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value), "a number such as 0.5");
    case "Bool":
      return ok(value === "true" || value === "false", "true or false");
    case "List":
      return ok(Array.isArray(parseJson(value)), "a JSON list such as [1, 2]");
    case "Struct": {
      const parsed = parseJson(value);
      return ok(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), 'a JSON object such as {"k": 1}');
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
