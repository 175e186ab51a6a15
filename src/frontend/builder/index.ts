export { component, ifPresent } from "./component.js";
export type { Args, Callable, CommandElement, Component, ComponentSpec, Decls, IO, IfPresentItem, OutputDecls } from "./component.js";
export { collect, importer, oneOf, pipeline } from "./pipeline.js";
export type { IfChain, Pipeline, PipelineContext, PipelineOutputs, PipelineSpec, ScheduleSpec } from "./pipeline.js";
export { configMap, emptyDir, fieldPath, pvc, secret } from "./settings.js";
export type { CacheSpec, ContainerSettings, DurationSpec, EnvFrom, PipelineSettings, QuantitySpec, RequestLimitSpec, StepSettings, VolumeSpec } from "./settings.js";
export type { Outputs, Step, StepOptions } from "./step.js";
export { choice, range, tune } from "./tune.js";
export type {
  AlgorithmName,
  AlgorithmSettings,
  AlgorithmSpec,
  Distribution,
  FixedArgs,
  MetricName,
  MetricStrategy,
  Objective,
  RangeOptions,
  SearchKind,
  SearchSpace,
  SearchSpaceFor,
  SearchSpec,
  TrialsSpec,
  Tune,
  TuneSpec,
} from "./tune.js";
export { serve } from "./serve.js";
export type { ModelFormat, ModelSource, ModelSpec, ScaleSpec, Serve, ServeSettings, ServeSpec, TransformerArg, TransformerSpec } from "./serve.js";
export {
  Artifact,
  Bool,
  ClassificationMetrics,
  Dataset,
  Float,
  HTML,
  Int,
  List,
  Markdown,
  Metrics,
  Model,
  SlicedClassificationMetrics,
  Status,
  Str,
  Struct,
} from "./types.js";
export type { ArtifactKind, Decl, DefaultSpec, Kind, Literal, OptionalSpec, ParamKind, TypeSpec } from "./types.js";
export { and, Cond, LoopItem, not, or, Placeholder, Value } from "./values.js";
export type { Accepts, Condition } from "./values.js";
