import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Expr, Param, Pipeline, Tune } from "../../ir/types.js";
import type { ResolvedProgram } from "../../passes/resolve/index.js";
import { buildManifest } from "../argo/workflow.js";
import { argoName } from "../../kubernetes/names.js";
import { outputPath } from "../argo/names.js";
import type { Trial } from "./trial.js";

type Spec = Record<string, unknown>;

/** The label that marks a Workflow trial's pod Katib collects metrics from (Katib's own example's). */
export const PRIMARY_POD_LABEL = "katib.kubeflow.org/model-training";

/**
 * The trial of a tune of a whole pipeline: the pipeline as an Argo `Workflow` (what `-t argo` writes
 * for it), its searched parameters set to Katib's `${trialParameters.<name>}` and the tune's `with`
 * values given, with the Katib fields a non-Job trial needs: `primaryPodLabels` and
 * `primaryContainerName` (Argo names a step's container `main`) to say which pod's metrics Katib
 * collects, and `successCondition`/`failureCondition` on the Workflow's phase.
 *
 * The metrics are outputs of the pipeline taken from one step directly in its body (MLP4210,
 * MLP4211): that step's pod gets the label, is never memoized (a reused result prints no metrics),
 * and — unless `collector` says otherwise — prints `name=value` lines from its output files when
 * its command succeeds, for Katib's StdOut collector. The step's template is its own, so the other
 * steps run as written.
 */
export function buildWorkflowTrial(resolved: ResolvedProgram, tune: Tune, pipeline: Pipeline, diagnostics: Diagnostic[]): Trial | undefined {
  const before = diagnostics.length;
  if (Object.values(tune.settings).some((v) => v !== undefined)) diagnostics.push(M.katibPipelineTuneSettings.at(tune.loc, pipeline.name));

  // Which step reports the metrics.
  const metrics = [
    { name: tune.objective.metric, loc: tune.objective.loc },
    ...tune.objective.additionalMetrics.filter((m) => m.name !== tune.objective.metric),
  ];
  const sources = metrics.map((m) => ({ metric: m, source: metricSource(pipeline, m.name) }));
  for (const { metric, source } of sources) {
    if (typeof source === "string") diagnostics.push(M.katibTrialMetricSource.at(metric.loc, metric.name, source));
  }
  const found = sources.flatMap(({ metric, source }) => (typeof source === "string" ? [] : [{ metric, ...source }]));
  const primary = found[0];
  for (const f of found.slice(1)) {
    if (f.step !== primary.step) diagnostics.push(M.katibTrialMetricsApart.at(f.metric.loc, f.metric.name, f.step, primary.step));
  }
  if (diagnostics.slice(before).some((d) => d.severity === "error") || primary === undefined) return undefined;

  // The pipeline as the trial runs it: searched parameters from Katib, the others as the tune gives them.
  const searched = new Set(tune.search.map((s) => s.name));
  const given = new Map(tune.arguments.map((a) => [a.name, a.value]));
  const params = pipeline.params.map((p): Param => {
    if (searched.has(p.name)) return { ...p, default: { kind: "string", value: `\${trialParameters.${p.name}}`, loc: p.loc } };
    const value: Expr | undefined = given.get(p.name);
    return value === undefined ? p : { ...p, default: value };
  });
  const trialPipeline: Pipeline = { ...pipeline, params, schedule: undefined };
  const manifest = buildManifest(resolved, trialPipeline, { kind: "workflow" }, diagnostics);
  if (manifest === undefined) return undefined;
  const spec = manifest.spec as Spec;

  // The primary step's template: labelled, not memoized, reporting its metrics.
  const templates = spec.templates as Spec[];
  const entry = templates.find((t) => t.name === spec.entrypoint);
  const task = ((entry?.dag as Spec | undefined)?.tasks as Spec[] | undefined)?.find((t) => t.name === argoName(primary.step));
  const original = templates.find((t) => t.name === task?.template);
  if (task === undefined || original === undefined || original.container === undefined) {
    throw new Error(`katib: no container template for step '${primary.step}' in the Workflow of '${pipeline.name}'`);
  }
  const names = new Set(templates.map((t) => t.name as string));
  // Named after the step the user wrote (its component's template may serve other steps too).
  let name = argoName(`${primary.step}-trial`);
  for (let i = 2; names.has(name); i++) name = argoName(`${primary.step}-trial-${i}`);
  const container = { ...(original.container as Spec) };
  const collector = tune.collector;
  if (collector === undefined) {
    const command = [...((container.command as string[] | undefined) ?? []), ...((container.args as string[] | undefined) ?? [])];
    if (command.length === 0) {
      diagnostics.push(M.katibMetricFilesNeedRun.at(tune.objective.loc, tune.objective.metric));
      return undefined;
    }
    const format = found.map((f) => `${f.metric.name}=%s\\n`).join("");
    const values = found.map((f) => `"$(cat ${outputPath(f.output)})"`).join(" ");
    // The step's command runs as it is ("$@"); when it succeeds, its metric files are printed.
    container.command = ["sh", "-c", `"$@" && printf '${format}' ${values}`, "sh", ...command];
    delete container.args;
  } else if (collector.kind === "file" && !(collector.path ?? "").startsWith("/")) {
    diagnostics.push(M.katibRelativeMetricsFile.at(collector.loc, collector.path ?? ""));
    return undefined;
  }
  const metadata = (original.metadata as Spec | undefined) ?? {};
  const labels = { ...((metadata.labels as Spec | undefined) ?? {}), [PRIMARY_POD_LABEL]: "true" };
  const trialTemplate: Spec = { ...original, name, metadata: { ...metadata, labels }, container };
  delete trialTemplate.memoize;
  task.template = name;
  templates.push(trialTemplate);

  const metricsCollectorSpec: Spec =
    collector?.kind === "file"
      ? { source: { fileSystemPath: { path: collector.path, kind: "File", format: "TEXT" } }, collector: { kind: "File" } }
      : { collector: { kind: "StdOut" } };
  return {
    metricsCollectorSpec,
    trialTemplate: {
      primaryPodLabels: { [PRIMARY_POD_LABEL]: "true" },
      primaryContainerName: "main",
      successCondition: 'status.[@this].#(phase=="Succeeded")#',
      failureCondition: 'status.[@this].#(phase=="Failed")#',
      trialParameters: tune.search.map((s) => ({
        name: s.name,
        description: pipeline.params.find((p) => p.name === s.name)?.description,
        reference: s.name,
      })),
      // Katib names the trial's Workflow; the spec is all it takes.
      trialSpec: { apiVersion: manifest.apiVersion, kind: "Workflow", spec },
    },
  };
}

/**
 * The step and output a pipeline output named `metric` comes from, or why it cannot be a trial's
 * metric (a phrase appended to MLP4210's message).
 */
function metricSource(pipeline: Pipeline, metric: string): { step: string; output: string } | string {
  const output = pipeline.outputs.find((o) => o.name === metric);
  if (output === undefined) return ""; // the validator reports an unknown metric (MLP2052)
  const v = output.value;
  if (v.kind !== "output") return `; '${metric}' is ${v.kind === "collect" ? "collected from a loop" : "not a step's output"}`;
  const step = pipeline.body.find((n) => n.kind === "step" && n.name === v.step);
  if (step === undefined || step.kind !== "step" || step.call.kind !== "component") {
    return `; '${v.step}' is inside a condition or loop, or runs a sub-pipeline`;
  }
  return { step: v.step, output: v.output };
}
