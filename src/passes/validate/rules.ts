import type { ValidationRule } from "./rule.js";
import { afterBranches } from "./rules/after-branches.js";
import { artifactLists } from "./rules/artifact-lists.js";
import { argumentTypes } from "./rules/argument-types.js";
import { cacheMaxAge } from "./rules/cache-max-age.js";
import { commandPlaceholders } from "./rules/command-placeholders.js";
import { conditionTypes } from "./rules/condition-types.js";
import { cronSchedules } from "./rules/cron-schedules.js";
import { defaultTypes } from "./rules/default-types.js";
import { distributedElastic } from "./rules/distributed-elastic.js";
import { distributedGpus } from "./rules/distributed-gpus.js";
import { distributedIo } from "./rules/distributed-io.js";
import { distributedJobFields } from "./rules/distributed-job-fields.js";
import { distributedRuntimeName } from "./rules/distributed-runtime-name.js";
import { emptyBlocks } from "./rules/empty-blocks.js";
import { emptyPipelines } from "./rules/empty-pipelines.js";
import { executionLimits } from "./rules/execution-limits.js";
import { imageReferences } from "./rules/image-references.js";
import { interpolatedValues } from "./rules/interpolated-values.js";
import { knownInputs } from "./rules/known-inputs.js";
import { numberLiterals } from "./rules/number-literals.js";
import { oneOfBranches } from "./rules/oneof-branches.js";
import { optionalParams } from "./rules/optional-params.js";
import { integerSettings } from "./rules/integer-settings.js";
import { kubernetesMetadata } from "./rules/kubernetes-metadata.js";
import { kubernetesNames } from "./rules/kubernetes-names.js";
import { loopItems } from "./rules/loop-items.js";
import { migProfiles } from "./rules/mig-profiles.js";
import { outputsWritten } from "./rules/outputs-written.js";
import { pipelineOutputTypes } from "./rules/pipeline-output-types.js";
import { pipelineStatus } from "./rules/pipeline-status.js";
import { recursivePipelines } from "./rules/recursive-pipelines.js";
import { referenceScope } from "./rules/reference-scope.js";
import { requiredInputs } from "./rules/required-inputs.js";
import { resourceQuantities } from "./rules/resource-quantities.js";
import { serveSettings } from "./rules/serve-settings.js";
import { stepCycles } from "./rules/step-cycles.js";
import { tuneArtifactInputs } from "./rules/tune-artifact-inputs.js";
import { tuneSettings } from "./rules/tune-settings.js";
import { uniqueDeclarationNames } from "./rules/unique-declaration-names.js";
import { uniqueMemberNames } from "./rules/unique-member-names.js";
import { uniqueSettings } from "./rules/unique-settings.js";
import { uniqueStepNames } from "./rules/unique-step-names.js";
import { unknownReferences } from "./rules/unknown-references.js";

/**
 * Every validation rule, in the order they run: names first (declared once, resolvable, usable by
 * Kubernetes), then how steps connect (inputs, types, dependencies, scope), then expressions, then
 * container and target settings. Diagnostics are sorted by location afterwards, so the order only
 * matters for reading.
 */
export const specifiedRules: readonly ValidationRule[] = [
  uniqueDeclarationNames,
  uniqueStepNames,
  uniqueMemberNames,
  uniqueSettings,
  kubernetesNames,
  kubernetesMetadata,
  integerSettings,
  unknownReferences,
  knownInputs,
  requiredInputs,
  argumentTypes,
  tuneArtifactInputs,
  artifactLists,
  optionalParams,
  defaultTypes,
  numberLiterals,
  pipelineOutputTypes,
  stepCycles,
  recursivePipelines,
  referenceScope,
  afterBranches,
  oneOfBranches,
  pipelineStatus,
  conditionTypes,
  interpolatedValues,
  loopItems,
  commandPlaceholders,
  outputsWritten,
  emptyPipelines,
  emptyBlocks,
  resourceQuantities,
  migProfiles,
  executionLimits,
  cacheMaxAge,
  cronSchedules,
  imageReferences,
  tuneSettings,
  serveSettings,
  distributedJobFields,
  distributedElastic,
  distributedGpus,
  distributedRuntimeName,
  distributedIo,
];
