import { M } from "../../diagnostics/catalog.js";
import { checkNumber } from "../common/settings.js";
import { numberText } from "../common/values.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CommandItem, Expr, Loc, Serve as IRServe } from "../../ir/types.js";
import { argumentLoc, callSite } from "./location.js";
import type { Declaration } from "./program.js";
import type { ContainerSettings } from "./settings.js";
import { addNode, currentBody } from "./step.js";
import { ownerSettings, SETTING_NAMES } from "./tune.js";
import { Cond, exprOf, splitMarkers, Value, type Resolver } from "./values.js";
import { checkOptions } from "./shapes.js";

/** Model formats KServe knows (any other name is passed through). */
export type ModelFormat =
  | "sklearn"
  | "xgboost"
  | "lightgbm"
  | "tensorflow"
  | "pytorch"
  | "onnx"
  | "triton"
  | "mlflow"
  | "huggingface"
  | "pmml"
  | "paddle"
  | (string & {});

/**
 * Where the model is: a storage URI (`s3://…`, `gs://…`, `pvc://claim/path`, `hf://org/model`, an MLflow
 * `models:/name/version`), or — for a serve made inside a pipeline body — a step's `Model` output or a
 * parameter (`fit.outputs.model`, `p.params.uri`), or a template literal with them.
 */
export type ModelSource = string | Value<"Model" | "Artifact" | "String">;

/** The model to serve: its format, where it is, and optionally the format's version. */
export interface ModelSpec {
  /** The model's format, which picks KServe's serving runtime: `"sklearn"`, `"xgboost"`, `"mlflow"`, … */
  readonly format: ModelFormat;
  /** Where the model is (see `ModelSource`). */
  readonly from: ModelSource;
  /** The format's version (`"1"`), when the runtime needs it. */
  readonly version?: string;
}

/** A transformer's command-line element: text or a literal (a transformer has no placeholders). */
export type TransformerArg = string | number | boolean;

/** A pre/post-processing container in front of the model: like a component without inputs and outputs. */
export interface TransformerSpec extends Pick<ContainerSettings, "env" | "resources"> {
  /** The transformer's container image. */
  readonly image: string;
  /** The command. */
  readonly run?: readonly TransformerArg[];
  /** The arguments after the command (or after the image's entrypoint). */
  readonly args?: readonly TransformerArg[];
}

/** Settings a serve takes for its predictor: container settings without volumes. */
export type ServeSettings = Omit<ContainerSettings, "volumes">;

/** The autoscaling metric and its target per replica. */
export interface ScaleSpec {
  /** What the autoscaler watches: in-flight requests, requests per second, CPU or memory use. */
  readonly metric: "concurrency" | "rps" | "cpu" | "memory";
  /** The value of the metric per replica the autoscaler aims at. */
  readonly target: number;
}

/** The spec of a serve (a KServe InferenceService). */
export interface ServeSpec extends ServeSettings {
  /** The model: format, location, version. */
  readonly model: ModelSpec;
  /** The ServingRuntime; KServe picks one for the format when left out. */
  readonly runtime?: string;
  /** The inference protocol. */
  readonly protocol?: "v1" | "v2" | "grpc-v2";
  /** A fixed number of replicas, or the autoscaling range `[min, max]` (`min` may be 0: scale to zero). */
  readonly replicas?: number | readonly [min: number, max: number];
  /** The autoscaling metric and target. */
  readonly scale?: ScaleSpec;
  /** Percentage (0–100) of the traffic sent to the latest revision. */
  readonly canary?: number;
  /** KServe's deployment mode (`Serverless`, `RawDeployment`, `ModelMesh`). */
  readonly mode?: "serverless" | "raw" | "modelmesh";
  /** A pre/post-processing container. */
  readonly transformer?: TransformerSpec;
}

/** A serve: export it to compile it to a KServe InferenceService; made in a pipeline body, the run deploys it. */
export interface Serve extends Declaration<IRServe> {
  readonly $kind: "serve";
}

/**
 * Declares a serve (`serve name { … }`): a model served by KServe. Called at the top level of a module,
 * export it. Called inside a pipeline body, it is deployed by the run (after the step whose model it
 * serves, and only in the branches that contain it), like a `serve` statement in a pipeline; the
 * program holds it whether exported or not.
 */
export function serve(name: string, spec: ServeSpec): Serve {
  const loc = callSite();
  const ctx = currentBody();
  // Inside a pipeline, the names of the pipeline's steps, once it is complete.
  let resolver: Resolver | undefined;
  const declaration: Serve = {
    $kind: "serve",
    $name: name,
    $ir: (report) => buildServe(name, spec, loc, ctx === undefined ? undefined : (resolver ?? UNBOUND), report),
  };
  if (ctx !== undefined) {
    addNode(ctx, {
      kind: "deploy",
      serve: {
        name,
        loc,
        declaration,
        bind: (r) => {
          resolver = r;
        },
      },
      after: [],
    });
  }
  return declaration;
}

const UNBOUND: Resolver = { stepName: () => "<step outside this pipeline>" };

const SERVE_SETTINGS = ["env", "resources", "timeout", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "serviceAccount", "imagePullSecrets"];
const TRANSFORMER_SETTINGS = ["env", "resources"];


/** Whether a model location refers to pipeline values (a value, or a string interpolating one). */
function readsValues(from: unknown): boolean {
  return from instanceof Value || from instanceof Cond || (typeof from === "string" && splitMarkers(from).some((p) => typeof p !== "string"));
}

function buildServe(name: string, spec: ServeSpec, loc: Loc, resolver: Resolver | undefined, report: (d: Diagnostic) => void): IRServe {
  // A setting the serve or its transformer does not take is `ownerSettings`'s to report (MLP2038).
  checkOptions(spec, "ServeSpec", `serve '${name}'`, argumentLoc(loc, 1), report, SETTING_NAMES);
  const checked = (n: unknown, what: string, integer: boolean): number | undefined => {
    const problem = checkNumber(what, n, integer, loc);
    if (problem === undefined) return n as number;
    report(problem);
    return undefined;
  };
  const count = (n: unknown, what: string): number | undefined => checked(n, what, true);
  const number = (n: unknown, what: string): number | undefined => checked(n, what, false);

  let model: { -readonly [K in keyof IRServe["model"]]: IRServe["model"][K] };
  if (spec.model === undefined) {
    report(M.serveNoModel.at(loc, name, 'model: { format: "sklearn", from: "s3://…" }'));
    model = { format: "", storage: { kind: "null", loc }, loc };
  } else {
    let storage: Expr;
    if (resolver === undefined && readsValues(spec.model.from)) {
      report(M.expectedLiteral.at(loc, "A model URI outside a pipeline"));
      storage = { kind: "null", loc };
    } else storage = exprOf(spec.model.from, loc, resolver ?? UNBOUND);
    model = { format: spec.model.format, storage, loc };
    if (spec.model.version !== undefined) model.version = spec.model.version;
  }

  const s: { -readonly [K in keyof IRServe]: IRServe[K] } = {
    kind: "serve",
    name,
    model,
    settings: ownerSettings(spec, SERVE_SETTINGS, "a serve", loc, report),
    loc,
  };
  if (spec.runtime !== undefined) s.runtime = spec.runtime;
  if (spec.protocol !== undefined) {
    if (!["v1", "v2", "grpc-v2"].includes(spec.protocol)) report(M.serveProtocol.at(loc, String(spec.protocol)));
    else s.protocol = spec.protocol;
  }
  if (spec.replicas !== undefined) {
    const [lo, hi] = typeof spec.replicas === "number" ? [spec.replicas, spec.replicas] : spec.replicas;
    const min = count(lo, "replica count");
    const max = typeof spec.replicas === "number" ? min : count(hi, "replica count");
    if (min !== undefined) s.minReplicas = min;
    if (max !== undefined) s.maxReplicas = max;
  }
  if (spec.scale !== undefined) {
    const { metric, target } = spec.scale;
    const t = number(target, "scale target");
    if (!["concurrency", "rps", "cpu", "memory"].includes(metric)) {
      report(M.scaleMetric.at(loc, String(metric)));
    } else if (t !== undefined) s.scale = { metric, target: t, loc };
  }
  if (spec.canary !== undefined) {
    const p = number(spec.canary, "canary percentage");
    if (p !== undefined) s.canary = { percent: p, loc };
  }
  if (spec.mode !== undefined) {
    const m = ({ serverless: "Serverless", raw: "RawDeployment", modelmesh: "ModelMesh" } as const)[spec.mode];
    if (m === undefined) report(M.deploymentMode.at(loc, String(spec.mode)));
    else s.deploymentMode = m;
  }
  if (spec.transformer !== undefined) {
    const t = spec.transformer;
    let image = t.image;
    if (typeof image !== "string" || image === "") {
      report(M.missingImage.at(loc, "transformer"));
      image = "";
    }
    s.transformer = {
      image: { ref: image, loc },
      command: commandItems(t.run ?? [], loc, report),
      args: commandItems(t.args ?? [], loc, report),
      settings: ownerSettings(t, TRANSFORMER_SETTINGS, "a transformer", loc, report),
      loc,
    };
  }
  return s;
}

/** A transformer's command line: literal text only (it has no inputs or outputs to refer to). */
function commandItems(items: readonly TransformerArg[], loc: Loc, report: (d: Diagnostic) => void): CommandItem[] {
  return items.map((item): CommandItem => {
    const text = typeof item === "string" ? item : typeof item === "number" ? numberText(item) : String(item);
    if (typeof item === "object" || splitMarkers(text).some((p) => typeof p !== "string")) {
      report(M.transformerCommandValue.at(loc));
    }
    return { kind: "arg", parts: [{ kind: "text", value: typeof item === "object" ? "" : text, loc }], loc };
  });
}
