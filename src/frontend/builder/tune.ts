import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Argument, KeyValue, Loc, SearchParam, Settings, Tune as IRTune } from "../../ir/types.js";
import { checkNumber } from "../common/settings.js";
import { numberText } from "../common/values.js";
import type { Callable, Decls, OutputDecls } from "./component.js";
import { argumentLoc, callSite } from "./location.js";
import type { Declaration } from "./program.js";
import { toSettings, type ContainerSettings, type StepSettings } from "./settings.js";
import type { KindOf, LiteralOf, TypeSpec } from "./types.js";
import { Cond, exprOf, Value, type Resolver } from "./values.js";
import { checkOptions } from "./shapes.js";

// ---------------------------------------------------------------------------------------------------
// Search spaces

/** The kinds of input a search space can feed. */
export type SearchKind = "Int" | "Float" | "String";

/** How values of a range are drawn: `log` is log-uniform. Without it the algorithm's default is used. */
export type Distribution = "uniform" | "log" | "normal" | "lognormal";

/** Options of a numeric range: its step and distribution. */
export interface RangeOptions {
  /** The distance between two tried values (a whole number for an `Int` range). */
  readonly step?: number;
  /** How values are drawn from the range. */
  readonly distribution?: Distribution;
}

/**
 * The values a tune tries for one input of its target: a range (`range(Float, 0.001, 0.1)`) or a
 * list (`choice(Str, ["gbtree", "dart"])`). `K` is the kind of its values, so that TypeScript only
 * accepts it for inputs of a fitting kind.
 */
export interface SearchSpace<K extends SearchKind = SearchKind> {
  readonly kind: "searchSpace";
  /** The kind of the values, for TypeScript only. */
  readonly __kind?: K;
  /** @internal The IR search parameter for input `name`; undefined when it cannot be made. */
  $ir(name: string, report: (d: Diagnostic) => void): SearchParam | undefined;
}

const DISTRIBUTIONS: Readonly<Record<Distribution, NonNullable<SearchParam["distribution"]>>> = {
  uniform: "uniform",
  log: "logUniform",
  normal: "normal",
  lognormal: "logNormal",
};

/** The number, reported (with the language's wording) when it is not a finite or whole number. */
function checkedNumber(n: unknown, what: string, integer: boolean, loc: Loc, report: (d: Diagnostic) => void): number | undefined {
  const problem = checkNumber(what, n, integer, loc);
  if (problem !== undefined) {
    report(problem);
    return undefined;
  }
  return n as number;
}

/**
 * A numeric range to search: `range(Float, 0.001, 0.1, { distribution: "log" })` (Katib `double`),
 * `range(Int, 3, 12, { step: 1 })` (Katib `int`). Like `search x: Float in min .. max [step s] [log]`.
 */
export function range<K extends "Int" | "Float">(type: TypeSpec<K>, min: number, max: number, options: RangeOptions = {}): SearchSpace<K> {
  const loc = callSite();
  return {
    kind: "searchSpace",
    $ir(name, report) {
      const typeName = type.ir.kind === "param" ? type.ir.name : "";
      checkOptions(options, "RangeOptions", `the range of '${name}'`, argumentLoc(loc, 3), report);
      if (typeName !== "Int" && typeName !== "Float") {
        report(M.searchRangeType.at(loc));
        return undefined;
      }
      const integer = typeName === "Int";
      const lo = checkedNumber(min, "search minimum", integer, loc, report);
      const hi = checkedNumber(max, "search maximum", integer, loc, report);
      if (lo === undefined || hi === undefined) return undefined;
      const p: { -readonly [P in keyof SearchParam]: SearchParam[P] } = { kind: "search", name, type: integer ? "int" : "double", min: lo, max: hi, loc };
      if (options.step !== undefined) {
        const step = checkedNumber(options.step, "search step", integer, loc, report);
        if (step !== undefined) p.step = step;
      }
      if (options.distribution !== undefined) {
        const d = DISTRIBUTIONS[options.distribution];
        if (d === undefined) report(M.searchDistribution.at(loc, String(options.distribution)));
        else p.distribution = d;
      }
      return p;
    },
  };
}

/**
 * A list of values to search: numbers (`choice(Float, [1, 3, 5, 10])`, Katib `discrete`) or strings
 * (`choice(Str, ["gbtree", "dart"])`, Katib `categorical`). Like `search x: T in [ … ]`.
 */
export function choice<K extends SearchKind>(type: TypeSpec<K>, values: readonly LiteralOf<K>[]): SearchSpace<K> {
  const loc = callSite();
  return {
    kind: "searchSpace",
    $ir(name, report) {
      const typeName = type.ir.kind === "param" ? type.ir.name : "";
      const out: (string | number)[] = [];
      for (const v of values as readonly unknown[]) {
        if (typeof v === "number" && Number.isFinite(v) && (typeName === "Int" || typeName === "Float")) out.push(v);
        else if (typeof v === "string" && typeName === "String") out.push(v);
        else report(M.searchValueType.at(loc, typeName === "String" ? "a string" : "a number", typeName));
      }
      if (typeName !== "String" && typeName !== "Int" && typeName !== "Float") {
        report(M.searchType.at(loc));
        return undefined;
      }
      return { kind: "search", name, type: typeName === "String" ? "categorical" : "discrete", values: out, loc };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The tune spec, typed from its target

/** The outputs of a target that can be tuning metrics: its `Int` and `Float` outputs, by name. */
export type MetricName<O extends OutputDecls> = {
  [K in keyof O]: O[K] extends TypeSpec<infer T> ? ([T] extends ["Int" | "Float"] ? K : never) : never;
}[keyof O] &
  string;

/**
 * What a tune optimizes: `{ maximize: "accuracy", goal: 0.95 }` or `{ minimize: "loss" }` — a metric
 * output of the target, and an optional goal at which the experiment stops.
 */
export type Objective<O extends OutputDecls> =
  | { readonly maximize: MetricName<O>; readonly minimize?: never; readonly goal?: number }
  | { readonly minimize: MetricName<O>; readonly maximize?: never; readonly goal?: number };

/** Which value of a metric over a trial counts (Katib's metric strategies). */
export type MetricStrategy = "min" | "max" | "latest";

/** Katib's search algorithms (any other name is passed through). */
export type AlgorithmName =
  | "random"
  | "grid"
  | "bayesianoptimization"
  | "tpe"
  | "multivariate-tpe"
  | "cmaes"
  | "sobol"
  | "hyperband"
  | "pbt"
  | "enas"
  | "darts"
  | (string & {});

/** Settings of an algorithm, passed to Katib as name/value strings (numbers and Bools as their text). */
export type AlgorithmSettings = Readonly<Record<string, string | number | boolean>>;

/** An algorithm by name, or by name with its settings: `{ name: "bayesianoptimization", settings: { random_state: 42 } }`. */
export type AlgorithmSpec<N extends string = AlgorithmName> = N | { readonly name: N; readonly settings?: AlgorithmSettings };

/** The search space: for each searched input of the target, a `range(…)` or a `choice(…)` of a fitting kind. */
export type SearchSpec<I extends Decls> = { readonly [K in keyof I]?: SearchSpaceFor<KindOf<I[K]>> };

/** The search spaces an input of kind `K` accepts: a `Float` input takes `Float` or `Int` values. */
export type SearchSpaceFor<K> = K extends "Float" ? SearchSpace<"Float" | "Int"> : K extends "Int" ? SearchSpace<"Int"> : K extends "String" ? SearchSpace<"String"> : never;

/** Fixed literal values for inputs of the target that are not searched. */
export type FixedArgs<I extends Decls> = { readonly [K in keyof I]?: LiteralOf<KindOf<I[K]>> };

/** The trial budget: at most `max` trials, `parallel` at a time, stop after `failures` failed ones. */
export interface TrialsSpec {
  /** How many trials in all. */
  readonly max: number;
  /** How many trials run at once. */
  readonly parallel?: number;
  /** How many failed trials end the experiment. */
  readonly failures?: number;
}

/**
 * The spec of a tune (a Katib Experiment), typed from its target `I` (inputs) and `O` (outputs), plus
 * the trial pods' container settings (env, resources, volumes, timeout, scheduling, labels,
 * annotations, service account, image pull secrets).
 */
export interface TuneSpec<I extends Decls, O extends OutputDecls> extends ContainerSettings {
  /** The metric to optimize, an `Int` or `Float` output of the target, and an optional goal. */
  readonly objective: Objective<O>;
  /** Further outputs of the target to record. */
  readonly metrics?: readonly MetricName<O>[];
  /** Which value of a metric over a trial counts, per metric (kept in the order written). */
  readonly strategies?: { readonly [M in MetricName<O>]?: MetricStrategy };
  /** The search algorithm, with its settings. */
  readonly algorithm: AlgorithmSpec;
  /** An early-stopping algorithm (`medianstop`), with its settings. */
  readonly earlyStopping?: AlgorithmSpec<"medianstop" | (string & {})>;
  /** The searched inputs of the target. */
  readonly search: SearchSpec<I>;
  /** The trial budget: a number of trials, or `{ max, parallel, failures }`. */
  readonly trials?: number | TrialsSpec;
  /** Fixed values for inputs of the target that are not searched; literals. */
  readonly with?: FixedArgs<I>;
  /** Katib's resume policy. */
  readonly resume?: "never" | "longRunning" | "fromVolume";
  /** How Katib reads the metrics: `name=value` lines on stdout, or a file the trial writes. Derived from the metric outputs when left out. */
  readonly collector?: "stdout" | { readonly file: string };
}

/** A tune: export it to compile it to a Katib Experiment. */
export interface Tune extends Declaration<IRTune> {
  readonly $kind: "tune";
  /** @internal The component or pipeline whose trials it runs. */
  readonly $uses: () => readonly Callable[];
}

/**
 * Declares a tune (`tune name of target { … }`): a hyperparameter search that runs the component or
 * pipeline `target` once per trial, with different values for the searched inputs. The spec is typed
 * from the target: metrics are its `Int`/`Float` outputs, searched and fixed names its inputs.
 */
export function tune<I extends Decls, O extends OutputDecls>(name: string, target: Callable<I, O>, spec: TuneSpec<NoInfer<I>, NoInfer<O>>): Tune {
  const loc = callSite();
  return {
    $kind: "tune",
    $name: name,
    $ir: (report) => buildTune(name, target, spec as TuneSpec<Decls, OutputDecls>, loc, report),
    $uses: () => [target],
  };
}

// ---------------------------------------------------------------------------------------------------
// Lowering

const NO_STEPS: Resolver = { stepName: () => "" };

/** Settings a `settings` block can hold, by their builder names. */
export const SETTING_NAMES: readonly string[] = [
  "env", "resources", "volumes", "retry", "timeout", "cache", "nodeSelector", "tolerations", "affinity",
  "labels", "annotations", "serviceAccount", "imagePullSecrets",
];

/**
 * @internal The IR settings of an owner that accepts only `allowed` of them; any other setting found
 * in `spec` is reported as the language reports it (MLP2038).
 */
export function ownerSettings(spec: object, allowed: readonly string[], owner: string, loc: Loc, report: (d: Diagnostic) => void): Settings {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === undefined || !SETTING_NAMES.includes(k)) continue;
    if (allowed.includes(k)) picked[k] = v;
    else report(M.settingNotAllowed.at(loc, k, owner));
  }
  return toSettings(picked as StepSettings, loc, report);
}

const TUNE_SETTINGS = ["env", "resources", "volumes", "timeout", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets"];

/** Name/value strings of algorithm settings, numbers and Bools as their text. */
function keyValues(settings: AlgorithmSettings | undefined, loc: Loc): KeyValue[] {
  return Object.entries(settings ?? {}).map(([key, v]) => ({ key, value: typeof v === "number" ? numberText(v) : String(v), loc }));
}

function algorithmOf(a: AlgorithmSpec<string>, loc: Loc): { name: string; settings: KeyValue[]; loc: Loc } {
  return typeof a === "string" ? { name: a, settings: [], loc } : { name: a.name, settings: keyValues(a.settings, loc), loc };
}

function buildTune(name: string, target: Callable, spec: TuneSpec<Decls, OutputDecls>, loc: Loc, report: (d: Diagnostic) => void): IRTune {
  checkOptions(spec, "TuneSpec", `tune '${name}'`, argumentLoc(loc, 2), report, SETTING_NAMES);
  const count = (n: number | undefined, what: string): number | undefined => (n === undefined ? undefined : checkedNumber(n, what, true, loc, report));

  // objective, metrics, strategies
  const o = spec.objective as { maximize?: string; minimize?: string; goal?: number } | undefined;
  let objective: { -readonly [K in keyof IRTune["objective"]]: IRTune["objective"][K] };
  if (o === undefined || (o.maximize === undefined) === (o.minimize === undefined)) {
    report(M.tuneNoObjective.at(loc, name, 'objective: { maximize: "accuracy" }'));
    objective = { type: "maximize", metric: "", additionalMetrics: [], strategies: [], loc };
  } else {
    objective = { type: o.maximize !== undefined ? "maximize" : "minimize", metric: (o.maximize ?? o.minimize)!, additionalMetrics: [], strategies: [], loc };
    if (o.goal !== undefined) {
      const goal = checkedNumber(o.goal, "objective goal", false, loc, report);
      if (goal !== undefined) objective.goal = goal;
    }
  }
  objective.additionalMetrics = (spec.metrics ?? []).map((m) => ({ name: m, loc }));
  objective.strategies = Object.entries(spec.strategies ?? {}).flatMap(([metric, value]) => {
    if (value === undefined) return [];
    if (value !== "min" && value !== "max" && value !== "latest") {
      report(M.metricStrategy.at(loc, String(value)));
      return [];
    }
    return [{ metric, value, loc }];
  });

  let algorithm: IRTune["algorithm"];
  if (spec.algorithm === undefined) {
    report(M.tuneNoAlgorithm.at(loc, name, 'algorithm: "random"'));
    algorithm = { name: "", settings: [], loc };
  } else algorithm = algorithmOf(spec.algorithm, loc);

  const search = Object.entries(spec.search ?? {}).flatMap(([input, space]) => {
    if (space === undefined) return [];
    const p = (space as SearchSpace).$ir(input, report);
    return p === undefined ? [] : [p];
  });

  const args: Argument[] = Object.entries(spec.with ?? {}).flatMap(([input, v]) => {
    if (v === undefined) return [];
    if (v instanceof Value || v instanceof Cond) {
      report(M.expectedLiteral.at(loc, `The value of '${input}'`));
      return [{ name: input, value: { kind: "null", loc }, loc }];
    }
    return [{ name: input, value: exprOf(v, loc, NO_STEPS), loc }];
  });

  const tune: { -readonly [K in keyof IRTune]: IRTune[K] } = {
    kind: "tune",
    name,
    target: { kind: target.$kind, name: target.$name, loc },
    objective,
    algorithm,
    search,
    arguments: args,
    settings: ownerSettings(spec, TUNE_SETTINGS, "a tune", loc, report),
    loc,
  };
  if (spec.earlyStopping !== undefined) tune.earlyStopping = algorithmOf(spec.earlyStopping, loc);

  if (spec.trials !== undefined) {
    const t: TrialsSpec = typeof spec.trials === "number" ? { max: spec.trials } : spec.trials;
    const max = count(t.max, "trial count");
    if (max !== undefined) tune.maxTrials = max;
    const parallel = count(t.parallel, "parallel trial count");
    if (parallel !== undefined) tune.parallelTrials = parallel;
    const failures = count(t.failures, "failed trial count");
    if (failures !== undefined) tune.maxFailedTrials = failures;
  }
  if (spec.resume !== undefined) {
    const v = ({ never: "Never", longRunning: "LongRunning", fromVolume: "FromVolume" } as const)[spec.resume];
    if (v === undefined) report(M.resumePolicy.at(loc, String(spec.resume)));
    else tune.resumePolicy = v;
  }
  if (spec.collector !== undefined) {
    const c = spec.collector;
    if (c === "stdout") tune.collector = { kind: "stdout", loc };
    else if (typeof c === "object" && c !== null && typeof c.file === "string") tune.collector = { kind: "file", path: c.file, loc };
    else report(M.collectorKind.at(loc, String(c), '"stdout" or { file: "…" }'));
  }
  return tune;
}
