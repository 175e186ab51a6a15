import type { Loc } from "../ir/types.js";
import type { Diagnostic, Related, Severity } from "./diagnostic.js";

/**
 * The message catalog: every user-visible diagnostic has one entry here with a stable code.
 * Ranges: MLP1xxx syntax, MLP2xxx semantic validation, MLP3xxx optimizer, MLP4xxx back ends
 * (40xx KFP, 41xx Argo, 42xx Katib, 43xx KServe), MLP9xxx command line and files.
 * Codes are never reused; a retired message keeps its number reserved.
 * Messages are one sentence, present tense, naming the thing and what to do.
 */
export interface MessageDef<A extends unknown[]> {
  readonly code: string;
  readonly severity: Severity;
  format(...args: A): string;
  /** The diagnostic at `loc`, with related locations (the other declaration, the rest of a cycle). */
  at(loc: Loc | undefined, ...args: A): Diagnostic;
  /** Same as `at`, with related locations. */
  atWith(loc: Loc | undefined, related: readonly Related[], ...args: A): Diagnostic;
}

function def<A extends unknown[]>(code: string, severity: Severity, format: (...args: A) => string): MessageDef<A> {
  return {
    code,
    severity,
    format,
    at: (loc, ...args) => ({ code, severity, message: format(...args), loc, related: [] }),
    atWith: (loc, related, ...args) => ({ code, severity, message: format(...args), loc, related }),
  };
}

export const M = {
  // -- MLP1xxx: syntax -------------------------------------------------------------------------------
  unexpectedCharacter: def("MLP1001", "error", (text: string) => `Unexpected character ${text}.`),
  unterminatedString: def("MLP1002", "error", () => "Unterminated string literal; close it with a matching quote."),
  invalidEscape: def("MLP1003", "error", (seq: string) => `Invalid escape sequence '${seq}'; use \\n, \\t, \\r, \\", \\\\, \\$ or \\u{…}.`),
  unexpectedToken: def("MLP1004", "error", (found: string, expected: string) => `Unexpected ${found}; expected ${expected}.`),
  unexpectedEof: def("MLP1005", "error", (expected: string) => `Unexpected end of file; expected ${expected}.`),
  notText: def("MLP1006", "error", (why: string) => `The file is not UTF-8 text (${why}); .mlpipe files must be UTF-8.`),
  tooDeep: def("MLP1007", "error", (max: number) => `Nesting is deeper than ${max} levels; split the construct into smaller parts.`),
  unterminatedInterpolation: def("MLP1008", "error", () => "Unterminated '${' in a string; close it with '}'."),
  invalidNumber: def("MLP1009", "error", (text: string) => `Invalid number '${text}'.`),
  invalidInterpolation: def("MLP1010", "error", (text: string) => `Invalid interpolation '\${${text}}'; write a name or a dotted reference such as \${model.path}.`),
  scriptSyntax: def("MLP1012", "error", (message: string) => `${message}`),
  fileTooLarge: def("MLP1011", "error", (size: number, max: number) => `The file has ${size} bytes; mlpc reads at most ${max}.`),

  // -- MLP2xxx: semantic validation -------------------------------------------------------------------
  unknownComponent: def("MLP2001", "error", (name: string, hint: string) => `Unknown component or pipeline '${name}'.${hint}`),
  unknownReference: def("MLP2002", "error", (name: string, hint: string) => `Unknown name '${name}'; it is not a parameter, loop variable or step in scope.${hint}`),
  unknownOutput: def("MLP2003", "error", (step: string, output: string, hint: string) => `Step '${step}' has no output '${output}'.${hint}`),
  unknownInput: def("MLP2004", "error", (callee: string, input: string, hint: string) => `'${callee}' has no input '${input}'.${hint}`),
  missingInput: def("MLP2005", "error", (callee: string, inputs: string) => `Missing required input ${inputs} of '${callee}'.`),
  duplicateName: def("MLP2006", "error", (what: string, name: string) => `Duplicate ${what} '${name}'.`),
  typeMismatch: def("MLP2007", "error", (what: string, expected: string, found: string) => `${what} expects ${expected} but is given ${found}.`),
  defaultTypeMismatch: def("MLP2008", "error", (name: string, expected: string, found: string) => `The default of '${name}' must be ${expected}, not ${found}.`),
  cycle: def("MLP2009", "error", (path: string) => `Steps depend on each other in a cycle: ${path}.`),
  outOfScope: def("MLP2010", "error", (ref: string, why: string) => `'${ref}' is not available here: ${why}.`),
  nonBooleanCondition: def("MLP2011", "error", (found: string) => `A condition must be Bool, but this is ${found}.`),
  invalidQuantity: def("MLP2012", "error", (what: string, value: string, hint: string) => `Invalid ${what} quantity '${value}'.${hint}`),
  invalidDuration: def("MLP2013", "error", (value: string) => `Invalid duration '${value}'; write a number of seconds or a value such as "90s", "30m", "4h" or "1h30m".`),
  invalidCron: def("MLP2014", "error", (value: string, why: string) => `Invalid cron schedule '${value}': ${why}.`),
  invalidImage: def("MLP2015", "error", (value: string, why: string) => `Invalid image reference '${value}': ${why}.`),
  importCycle: def("MLP2016", "error", (path: string) => `Files import each other in a cycle: ${path}.`),
  importNotFound: def("MLP2017", "error", (path: string) => `Cannot find imported file '${path}'.`),
  invalidName: def("MLP2018", "error", (what: string, name: string, why: string) => `The ${what} name '${name}' cannot be used: ${why}.`),
  incomparable: def("MLP2019", "error", (op: string, left: string, right: string) => `Cannot compare ${left} with ${right} using '${op}'.`),
  collectOutsideLoop: def("MLP2020", "error", (ref: string) => `collect(${ref}) gathers the values of a step inside a loop, but '${ref.split(".")[0]}' is in no loop; use ${ref} directly.`),
  notAList: def("MLP2021", "error", (found: string) => `A loop runs over a List, but this is ${found}.`),
  invalidValue: def("MLP2022", "error", (what: string, why: string) => `Invalid ${what}: ${why}.`),
  invalidPlaceholder: def("MLP2023", "error", (ref: string, why: string) => `Invalid reference '${ref}' in a command: ${why}.`),
  statusOutsideFinally: def("MLP2024", "error", () => "The pipeline status is only known in a 'finally' block."),
  notOptional: def("MLP2025", "error", (input: string) => `'${input}' is not an optional input; only optional inputs (declared with '?') can be tested with 'if'.`),
  invalidTimezone: def("MLP2026", "error", (tz: string) => `Unknown time zone '${tz}'; use an IANA name such as "Europe/Berlin".`),
  unknownAfter: def("MLP2027", "error", (name: string, hint: string) => `Unknown step '${name}' in 'after'.${hint}`),
  emptyPipeline: def("MLP2028", "error", (name: string) => `Pipeline '${name}' has no steps.`),
  unusedImport: def("MLP2029", "warning", (path: string) => `Nothing from '${path}' is used.`),
  importNameNotFound: def("MLP2030", "error", (name: string, path: string, hint: string) => `'${name}' is not defined in '${path}'.${hint}`),
  pipelineOutputMismatch: def("MLP2031", "error", (name: string, expected: string, found: string) => `Pipeline output '${name}' is declared ${expected} but given ${found}.`),
  unknownServe: def("MLP2032", "error", (name: string) => `Unknown serve '${name}'.`),
  recursivePipeline: def("MLP2033", "error", (path: string) => `Pipelines call each other recursively: ${path}.`),
  unknownSetting: def("MLP2034", "error", (what: string, name: string, hint: string) => `Unknown ${what} '${name}'.${hint}`),
  outputNotWritten: def("MLP2035", "warning", (component: string, output: string) => `Component '${component}' never passes output '${output}' to its command; write '${output}.path' somewhere in 'run' or 'args'.`),
  missingImage: def("MLP2036", "error", (component: string) => `Component '${component}' has no image; add 'image "…"'.`),
  // MLP2037-MLP2049: lowering (src/frontend/dsl); MLP2050 and up: validation rules added later.
  unknownFunction: def("MLP2037", "error", (name: string, allowed: string) => `Unknown function '${name}' here; expected ${allowed}.`),
  settingNotAllowed: def("MLP2038", "error", (setting: string, where: string) => `'${setting}' cannot be set on ${where}.`),
  invalidArgument: def("MLP2039", "error", (what: string, why: string) => `Invalid ${what}: ${why}.`),
  unknownType: def("MLP2040", "error", (name: string, hint: string) => `Unknown type '${name}'.${hint}`),
  duplicateSetting: def("MLP2041", "error", (setting: string) => `'${setting}' is set twice.`),
  misplacedFinally: def("MLP2042", "error", () => "A pipeline has at most one 'finally' block."),
  expectedLiteral: def("MLP2043", "error", (what: string) => `${what} must be a literal value here.`),
  emptyFile: def("MLP2044", "error", () => "The file declares nothing; add a component, pipeline, tune or serve."),
  outsidePipeline: def("MLP2045", "error", (what: string) => `${what} adds a step, so it belongs inside a pipeline body.`),
  builderMisuse: def("MLP2046", "error", (what: string, why: string) => `Invalid ${what}: ${why}.`),
  // MLP2050 and up: validation rules (src/passes/validate).
  mutableImage: def("MLP2050", "warning", (image: string, why: string) => `Image '${image}' ${why}, so it can change between runs and its steps are never cached; pin a version tag or a digest.`),
  requestAboveLimit: def("MLP2051", "error", (what: string, request: string, limit: string) => `The ${what} request '${request}' is above its limit '${limit}'; raise the limit or lower the request.`),
  unknownMetric: def("MLP2052", "error", (target: string, metric: string, hint: string) => `'${target}' has no output '${metric}' to report as a metric.${hint}`),

  artifactInString: def("MLP2053", "error", (ref: string, type: string) => `'${ref}' is ${type}, an artifact with no value to put in a string; pass it to an input of that type.`),
  nonNumericMetric: def("MLP2054", "error", (metric: string, type: string) => `Metric '${metric}' is ${type}; a tuning metric is an Int or Float output.`),
  optionalParamToRequired: def("MLP2055", "error", (param: string, input: string, callee: string) => `'${param}' is optional and may have no value, but '${input}' of '${callee}' needs one; declare that input optional ('?'), or give '${param}' a default.`),
  optionalParamUsed: def("MLP2056", "error", (param: string) => `'${param}' is optional and may have no value, so it can only be passed on to an input that may be left out; give it a default to use it here.`),
  oneOfBranches: def("MLP2057", "error", (why: string) => `oneOf(…) takes the outputs of steps in the branches of one if/elif/else with an else, one per branch, read after it; here ${why}.`),
  artifactList: def("MLP2058", "error", (what: string, type: string, instead: string) => `${what} a list of ${type} artifacts, and lists of artifacts do not exist; ${instead}.`),
  afterInBranch: def("MLP2059", "error", (step: string, branch: string) => `'${step}' runs only when its '${branch}' branch runs, and KFP and Argo disagree on what waiting for it means when the branch is skipped; move this step into that branch, or wait for a step outside the condition.`),
  emptyBlock: def("MLP2060", "error", (what: string) => `The ${what} has no steps, and neither KFP nor Argo runs an empty group; add a step or remove the block.`),
  intNotExact: def("MLP2061", "error", (why: string) => `This Int literal ${why}; write an integer from -9007199254740991 to 9007199254740991, or pass the value as a String.`),
  notFinite: def("MLP2062", "error", (value: string) => `The number ${value} is not finite, and no target can hold it; write a finite number.`),
  invalidMetadataKey: def("MLP2063", "error", (what: string, key: string, why: string) => `The ${what} key '${key}' is not valid on Kubernetes: ${why}.`),
  invalidLabelValue: def("MLP2064", "error", (what: string, key: string, value: string, why: string) => `The value '${value}' of ${what} '${key}' is not valid on Kubernetes: ${why}.`),
  annotationsTooLarge: def("MLP2065", "error", (bytes: number, max: number) => `These annotations take ${bytes} bytes, but Kubernetes accepts at most ${max} bytes of annotations on one object; move large values into a ConfigMap or an artifact.`),
  integerSettingTooLarge: def("MLP2066", "error", (what: string, value: string, max: string) => `The ${what} ${value} is larger than ${max}, the most the targets accept; use a smaller number.`),

  // MLP2080-MLP2089: checks of what the targets will run (src/passes/targets) and the builder's own errors.
  gpuModelNotSelected: def("MLP2080", "warning", (type: string) => `No node selector or affinity asks for the GPU model '${type}', and no target has another place for it, so the pods may run on any GPU node; add one such as nodeSelector { "cloud.google.com/gke-accelerator": "${type}" }.`),
  asyncBody: def("MLP2081", "error", (what: string) => `${what} returns a promise, but a pipeline is built by calling its bodies once without waiting, so steps after an 'await' would be lost; write the body as a plain (not async) function and await what it needs before calling pipeline().`),

  // -- MLP4xxx: back ends -----------------------------------------------------------------------------
  // MLP4001-MLP4049: KFP (src/backends/kfp). Errors: the pipeline would not run as written. Warnings: a
  // setting KFP has no place for is left out, and the message says what happens instead.
  kfpNotYetSupported: def("MLP4001", "error", (what: string) => `${what} is not supported by the KFP back end yet, so this pipeline cannot be compiled for KFP.`),
  kfpMetadataPlaceholder: def("MLP4002", "error", (ref: string) => `KFP's launcher does not substitute artifact metadata, so '${ref}' would reach the container as literal text; pass the information as a parameter output instead.`),
  kfpEnvNotLiteral: def("MLP4003", "error", (name: string) => `KFP sets environment variables only to literal text, so '${name}' cannot take a value computed at run time; use a literal, secret() or configmap().`),
  kfpReadOnlyPvc: def("MLP4004", "warning", (path: string) => `KFP mounts PersistentVolumeClaims read-write only, so the claim at '${path}' is mounted read-write and the step could change what it holds; compile for Argo to mount it read-only.`),
  kfpVolumeNameClash: def("MLP4005", "error", (path: string, name: string, other: string) => `KFP names the pod volume for '${path}' after '${name}', the same as the volume for '${other}'; mount each Secret, ConfigMap and claim at most once per step.`),
  kfpArtifactParam: def("MLP4006", "warning", (pipeline: string, name: string) => `KFP cannot hand an artifact to a run when it starts, so '${pipeline}' can run only as a sub-pipeline, which '${name}' makes it; to run it on its own, take the artifact's URI as a String parameter and import it inside the pipeline.`),
  kfpRuntimeCollection: def("MLP4007", "error", (what: string) => `KFP cannot build a ${what} from parameters or step outputs at run time; pass the values as separate inputs.`),
  kfpPipelineOutputSource: def("MLP4008", "error", (name: string) => `KFP takes a pipeline output from a step's output, so '${name}' cannot be a parameter or a literal; give it the output of a step.`),
  kfpNoCommand: def("MLP4009", "error", (component: string) => `KFP starts every container through its launcher, which replaces the image's entrypoint, so component '${component}' needs its command written with 'run'.`),
  kfpLoopOverArtifacts: def("MLP4010", "error", () => "KFP's open-source back end rejects a loop over a list of artifacts when the run starts; loop over parameters (such as URIs or names) and read the artifacts inside the loop instead."),
  kfpStatusNotInFinally: def("MLP4011", "error", () => "KFP hands the pipeline status only to steps directly in the 'finally' block, not to steps inside a condition or loop there; move this step out of the condition or loop."),
  kfpImporterMetadata: def("MLP4012", "error", (what: string) => `KFP's importer takes metadata made of literals, parameters and step outputs, so ${what} cannot be part of it.`),
  kfpTemplateText: def("MLP4016", "error", (text: string) => `KFP runs a pipeline as an Argo workflow, which reads '{{' in any of its strings as the start of a placeholder, so the text '${text}' would not reach the step as written; keep '{{' out of the text (ship such a template in the image, or pass it in an artifact).`),
  kfpNoServiceAccount: def("MLP4020", "warning", (name: string) => `KFP runs every step with the service account of the run, so '${name}' is not applied; set it when the run is created.`),
  kfpNoEphemeralStorage: def("MLP4021", "warning", () => "KFP cannot request ephemeral storage, so the step runs without this request and limit."),
  kfpNoPipelineTimeout: def("MLP4022", "warning", () => "KFP pipelines have no overall timeout, so the run is not stopped after this long; set timeouts on the steps instead."),
  kfpNoSchedule: def("MLP4023", "warning", (cron: string) => `A KFP pipeline file carries no schedule, so '${cron}' is not applied; create a recurring run with it.`),
  // MLP4024 (KFP: no field for the GPU model) is retired: one shared warning, MLP2080.

  // -- MLP41xx: Argo back end ------------------------------------------------------------------------
  // MLP4100-MLP4149: Argo (src/backends/argo). Errors: what Argo cannot express or would reject at run
  // time. Warnings: a setting Argo has no place for, and the message says what happens instead.
  argoNotYetSupported: def("MLP4100", "error", (what: string) => `${what} is not supported by the Argo back end yet, so this pipeline cannot be compiled for Argo.`),
  argoArtifactUri: def("MLP4101", "error", (ref: string, pipeline: string) => `On Argo an artifact has a URI only when the pipeline says where artifacts are stored, so '${ref}' has no value; set artifactRoot "s3://bucket/prefix" (the bucket of the workflow's artifact repository) in pipeline '${pipeline}'.`),
  argoArtifactMetadata: def("MLP4102", "error", (ref: string) => `Argo artifacts carry no metadata, so '${ref}' has no value; pass the information as a parameter output instead.`),
  argoImporterScheme: def("MLP4103", "error", (uri: string, scheme: string) => `Argo cannot download '${uri}': it has no artifact source for '${scheme}' URIs; import from s3://, gs://, http:// or https://.`),
  argoImporterRuntimeUri: def("MLP4104", "error", () => "Argo needs an imported artifact's scheme and bucket when the workflow is written, but this URI is computed at run time; write them in the string, as in \"s3://bucket/${key}\"."),
  argoRuntimeCollection: def("MLP4105", "error", (what: string) => `Argo cannot build a ${what} from parameters or step outputs at run time; pass the values as separate inputs.`),
  argoCronNameTooLong: def("MLP4106", "error", (name: string, length: number) => `Argo accepts CronWorkflow names of at most 52 characters, but '${name}' has ${length}; shorten the pipeline's name.`),
  argoOptionalParam: def("MLP4107", "error", (name: string) => `An Argo workflow argument always has a value, so the optional parameter '${name}' cannot be left out; give it a default (the value the pipeline uses when it is not given) or make it required.`),
  argoParamArtifactUri: def("MLP4108", "error", (name: string) => `Argo does not say where an artifact given to the pipeline as '${name}' is stored, so its URI has no value; take the URI as a String parameter and import the artifact inside the pipeline.`),
  argoExitReadsLoopOutput: def("MLP4109", "error", (ref: string) => `The 'finally' steps read main-DAG outputs through the workflow's global outputs, which hold one value each, so '${ref}' cannot be read there; collect the values in a step of the main DAG and read that step's output.`),
  argoScheduleOnTemplate: def("MLP4120", "warning", (cron: string) => `A workflow template carries no schedule, so '${cron}' is not applied; compile with --argo-kind workflow for a CronWorkflow, or create one that references the template.`),
  // MLP4121 (Argo: no field for the GPU model) is retired: one shared warning, MLP2080.
  // MLP4122 (a Workflow cannot be given an artifact at submission) is retired: an artifact parameter
  // is given as its URI, the parameter `<name>-uri`.
  argoImporterOtherBucket: def("MLP4123", "warning", (bucket: string) => `Argo reads ${bucket} from AWS S3 with the pod's AWS credentials, since it is not the bucket of the pipeline's artifactRoot (the artifact repository's); for another S3-compatible store, import from the artifactRoot bucket.`),
  argoTemplateText: def("MLP4140", "error", (text: string) => `Argo reads '{{' in any string of a workflow as the start of a placeholder, so the text '${text}' would not reach the step as written; keep '{{' out of the text (ship such a template in the image, or pass it in an artifact).`),
  argoBraceBeforeValue: def("MLP4141", "error", () => "A '{' right before a value makes '{{' with the placeholder Argo reads the value from, so Argo would not substitute it; put another character between the '{' and the value."),

  // -- MLP42xx/43xx: Katib and KServe back ends ---------------------------------------------------------
  // MLP4200-MLP4249: Katib (src/backends/katib). Rules of Katib's admission webhook that the validator
  // does not cover, and what a trial pod cannot run as written.
  // MLP4200 (a tune of a pipeline not compiled yet) is retired: tunes of pipelines compile now.
  katibNameTooLong: def("MLP4201", "error", (name: string, label: string) => `Katib accepts Experiment names of at most 40 characters, but tune '${name}' becomes '${label}' (${label.length}); shorten the name.`),
  katibObjectiveInMetrics: def("MLP4202", "error", (metric: string) => `'${metric}' is the objective, so Katib rejects it among the additional metrics; remove it from 'metrics'.`),
  katibNoSearch: def("MLP4203", "error", (name: string) => `Tune '${name}' searches nothing, and Katib needs at least one search parameter; add 'search input: Type in …'.`),
  katibRelativeMetricsFile: def("MLP4204", "error", (path: string) => `Katib reads the metrics file by absolute path, so '${path}' cannot be used; write a path starting with '/'.`),
  katibNoValue: def("MLP4205", "error", (ref: string, why: string) => `A trial has no value for '${ref}': ${why}.`),
  katibUnquotableArgument: def("MLP4206", "error", (arg: string) => `Katib joins the trial's command line into a shell command without quoting, so the argument ${arg} would be split or misread; give the component a 'run' command so that mlpc can quote it, or avoid spaces and shell characters.`),
  katibMetricFilesNeedRun: def("MLP4207", "error", (metric: string) => `Katib reads metrics as 'name=value' lines, so mlpc appends the value of '${metric}.path' to the trial's command; that needs the component's full command ('run'), or say how the trial reports it with 'collector stdout' or 'collector file "…"'.`),
  katibUnusedSearch: def("MLP4208", "error", (input: string, component: string) => `The searched input '${input}' never reaches the command line of '${component}', so the trials would all run alike; pass it in 'run' or 'args'.`),
  katibUnsafeSearchValue: def("MLP4209", "error", (value: string) => `Katib writes search values into the trial's manifest and mlpc quotes them for the shell, so the value ${value} cannot contain ', " or \\; choose another value.`),
  katibTrialMetricSource: def("MLP4210", "error", (metric: string, why: string) => `Katib reads a Workflow trial's metrics from one pod, so '${metric}' must be an output of the pipeline taken from a step directly in its body${why}.`),
  katibTrialMetricsApart: def("MLP4211", "error", (metric: string, step: string, other: string) => `Katib reads a Workflow trial's metrics from one pod, but '${metric}' comes from step '${step}' and the objective from '${other}'; report them from one step.`),
  katibPipelineTuneSettings: def("MLP4212", "error", (pipeline: string) => `A tune of the pipeline '${pipeline}' runs its steps with their own settings, so the tune's settings would apply to nothing; set them on the steps.`),
  katibRetryBackoff: def("MLP4220", "warning", () => "A trial's Job retries failed pods with Kubernetes' own backoff (10 s, doubling, at most 6 min), so this backoff is not applied."),
  // MLP4221 (Katib: no selector for the GPU model) is retired: one shared warning, MLP2080.
  // MLP4300-MLP4349: KServe (src/backends/kserve). Rules of KServe's admission webhook and controller
  // that the validator does not cover.
  kserveCanaryMode: def("MLP4300", "error", (mode: string) => `KServe splits traffic for a canary only in serverless (Knative) mode, not in ${mode} mode; remove 'canary' or use 'mode serverless'.`),
  kserveCanaryDefaultMode: def("MLP4301", "warning", () => "KServe splits traffic for a canary only in serverless (Knative) mode, and without 'mode' the cluster's default mode decides; add 'mode serverless'."),
  kserveScaleMetricMode: def("MLP4302", "error", (metric: string, mode: string, fix: string) => `KServe cannot autoscale on '${metric}' in ${mode}; ${fix}.`),
  kserveWholeNumber: def("MLP4303", "error", (what: string, value: number, range: string) => `KServe takes the ${what} as a whole number ${range}, not ${value}.`),
  kserveInvalidStorageUri: def("MLP4304", "error", (uri: string, why: string) => `Invalid model storage URI '${uri}': ${why}.`),
  kserveUnknownStorageScheme: def("MLP4305", "warning", (uri: string, scheme: string) => `KServe's storage initializer does not download '${scheme}' URIs such as '${uri}', so the cluster needs a ClusterStorageContainer for them; otherwise give an s3://, gs://, pvc://, hf://, oci:// or https:// URI.`),
  kserveMlflowRegistry: def("MLP4306", "warning", (uri: string) => `KServe's storage initializer cannot resolve the MLflow registry URI '${uri}', so the cluster needs a ClusterStorageContainer for 'models:/' URIs; otherwise give the model version's artifact URI (s3://…, gs://…).`),
  kserveMlflowFormat: def("MLP4307", "error", (format: string) => `A 'models:/' URI names an MLflow model, which KServe serves with the 'mlflow' model format, not '${format}'; write 'model mlflow from …'.`),
  kserveMlflowProtocol: def("MLP4308", "error", () => `KServe serves MLflow models with MLServer, which speaks only the v2 inference protocol; use protocol "v2" or "grpc-v2".`),
  // MLP4320 (KServe: no selector for the GPU model) is retired: one shared warning, MLP2080.
  kserveRawScaleToZero: def("MLP4321", "warning", () => "In raw deployment mode KServe scales with a Kubernetes HPA, which keeps at least one replica, so a minimum of 0 runs 1; use 'mode serverless' to scale to zero."),

  // -- MLP9xxx: command line and files ---------------------------------------------------------------
  cannotRead: def("MLP9001", "error", (path: string, why: string) => `Cannot read '${path}': ${why}.`),
  noInputs: def("MLP9002", "error", (path: string) => `No .mlpipe files found in '${path}'.`),
  cannotWrite: def("MLP9003", "error", (path: string, why: string) => `Cannot write '${path}': ${why}.`),
  unsupportedFile: def("MLP9004", "error", (path: string) => `'${path}' is not a pipeline source; give a .mlpipe, .ts, .mts or .js file or a directory.`),
  nothingExported: def("MLP9005", "error", (path: string) => `'${path}' exports no pipeline, component, tune or serve; export them (default or named exports).`),
  moduleFailed: def("MLP9006", "error", (path: string, why: string) => `Loading '${path}' failed: ${why}.`),
  pipelineCodeThrew: def("MLP9007", "error", (why: string) => `The pipeline's code threw an exception while it was built: ${why}.`),
  moduleExited: def("MLP9008", "error", (call: string) => `The pipeline module calls ${call}, which would end mlpc before it reports or writes anything; remove the call and let mlpc run the exported pipelines.`),
  moduleNeverSettles: def("MLP9009", "error", (path: string) => `Loading '${path}' cannot finish: it awaits a promise that nothing is left to settle; make sure what its top level awaits resolves or rejects.`),
} as const;

export type Catalog = typeof M;

/** Every entry of the catalog, for documentation and the test that codes are unique. */
export function catalogEntries(): { key: string; code: string; severity: Severity }[] {
  return Object.entries(M).map(([key, d]) => ({ key, code: d.code, severity: d.severity }));
}
