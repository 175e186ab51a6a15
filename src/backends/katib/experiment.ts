import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { KeyValue, SearchParam, Tune } from "../../ir/types.js";
import { findPipeline } from "../../ir/query/callee.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { MAX_EXPERIMENT_NAME } from "./names.js";
import { buildTrial, type Trial } from "./trial.js";
import { buildWorkflowTrial } from "./workflow-trial.js";
import { plainNumber } from "../../output/numbers.js";

/**
 * The Katib `Experiment` (kubeflow.org/v1beta1) of one tune, or `undefined` when the tune cannot be
 * compiled (the reason is in `diagnostics`). Checks the rules of Katib's admission webhook that the
 * validator does not (name length, objective among the additional metrics, no search parameter);
 * counts, metrics and searched inputs are the validator's (tune-settings, known-inputs).
 */
export function buildExperiment(resolved: ResolvedProgram, tune: Tune, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const before = diagnostics.length;
  const name = nameOn(resolved.names.katib, tune.name);
  if (name.length > MAX_EXPERIMENT_NAME) diagnostics.push(M.katibNameTooLong.at(tune.loc, tune.name, name, name.length));
  for (const m of tune.objective.additionalMetrics) {
    if (m.name === tune.objective.metric) diagnostics.push(M.katibObjectiveInMetrics.at(m.loc, m.name));
  }
  if (tune.search.length === 0) diagnostics.push(M.katibNoSearch.at(tune.loc, tune.name));

  const trial = targetTrial(resolved, tune, diagnostics);
  if (trial === undefined || diagnostics.slice(before).some((d) => d.severity === "error")) return undefined;

  const o = tune.objective;
  return {
    apiVersion: "kubeflow.org/v1beta1",
    kind: "Experiment",
    metadata: { name },
    spec: {
      objective: {
        type: o.type,
        goal: o.goal,
        objectiveMetricName: o.metric,
        additionalMetricNames: nonEmpty(o.additionalMetrics.map((m) => m.name)),
        metricStrategies: nonEmpty(o.strategies.map((s) => ({ name: s.metric, value: s.value }))),
      },
      algorithm: { algorithmName: tune.algorithm.name, algorithmSettings: settingsList(tune.algorithm.settings) },
      earlyStopping:
        tune.earlyStopping === undefined
          ? undefined
          : { algorithmName: tune.earlyStopping.name, algorithmSettings: settingsList(tune.earlyStopping.settings) },
      parallelTrialCount: tune.parallelTrials,
      maxTrialCount: tune.maxTrials,
      maxFailedTrialCount: tune.maxFailedTrials,
      resumePolicy: tune.resumePolicy,
      metricsCollectorSpec: trial.metricsCollectorSpec,
      parameters: tune.search.map(parameter),
      trialTemplate: trial.trialTemplate,
    },
  };
}

/** The trial of a tune: a Job running the component, or an Argo Workflow running the pipeline. */
function targetTrial(resolved: ResolvedProgram, tune: Tune, diagnostics: Diagnostic[]): Trial | undefined {
  const ofComponent = resolved.tunes.get(tune.name);
  if (ofComponent !== undefined) return buildTrial(tune, ofComponent.component, ofComponent.settings, diagnostics);
  const pipeline = findPipeline(resolved.program, tune.target.name);
  if (pipeline !== undefined) return buildWorkflowTrial(resolved, tune, pipeline, diagnostics);
  // The validator reports unknown targets (MLP2001); back ends run on validated programs only.
  throw new Error(`emitKatib: tune '${tune.name}' targets '${tune.target.name}', which the program does not define`);
}

/** Algorithm and early-stopping settings: name/value strings, in the user's order. */
function settingsList(settings: readonly KeyValue[]): { name: string; value: string }[] | undefined {
  return nonEmpty(settings.map((s) => ({ name: s.key, value: s.value })));
}

/**
 * One search parameter. Katib takes the feasible space as strings (`min: "0.01"`); numbers are written
 * as plain decimals (`plainNumber`), which Go's `ParseFloat`/`Atoi` and Python's `float`/`int` read back.
 */
function parameter(s: SearchParam): Record<string, unknown> {
  const text = (n: number | undefined) => (n === undefined ? undefined : plainNumber(n));
  return {
    name: s.name,
    parameterType: s.type,
    feasibleSpace: {
      min: text(s.min),
      max: text(s.max),
      step: text(s.step),
      list: s.values === undefined ? undefined : s.values.map((v) => (typeof v === "number" ? plainNumber(v) : v)),
      distribution: s.distribution,
    },
  };
}

function nonEmpty<T>(xs: T[]): T[] | undefined {
  return xs.length > 0 ? xs : undefined;
}
