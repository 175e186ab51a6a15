import type { Loc } from "../ir/types.js";
import type { Diagnostic, Related, Severity } from "./diagnostic.js";

/**
 * The message catalog: every user-visible diagnostic has one entry here with a stable code.
 * Ranges: MLP1xxx syntax, MLP2xxx semantic validation, MLP3xxx optimizer, MLP4xxx back ends
 * (40xx KFP, 41xx Argo, 42xx Katib, 43xx KServe), MLP5xxx lint rules (50xx, one code per rule of
 * `src/passes/lint/rules`), MLP9xxx command line and files.
 * Codes are never reused; a retired message keeps its number reserved.
 * Messages are one sentence, present tense, naming the thing and what to do.
 *
 * Each entry is data: a code, a severity, the names of its placeholders, a static template (`{name}`
 * where an argument goes) and a one-line description (docs/codes.md and SARIF rule entries are
 * generated from it). `M.<name>.at(loc, ...args)` takes the arguments in the order of the names.
 */

/** The arguments of a message, one per placeholder name, in the order of `params`. */
export type MessageArgs<P extends readonly string[]> = { -readonly [K in keyof P]: string | number };

export interface MessageDef<P extends readonly string[] = readonly string[]> {
  readonly code: string;
  readonly severity: Severity;
  /** The placeholder names, in the order `at`, `atWith` and `format` take their arguments. */
  readonly params: P;
  /** The message with `{name}` for each placeholder; everything else is literal text. */
  readonly template: string;
  /** One line saying what the problem is, for the code reference and SARIF rule entries. */
  readonly description: string;
  format(...args: MessageArgs<P>): string;
  /** The diagnostic at `loc`. */
  at(loc: Loc | undefined, ...args: MessageArgs<P>): Diagnostic;
  /** Same as `at`, with related locations (the other declaration, the rest of a cycle). */
  atWith(loc: Loc | undefined, related: readonly Related[], ...args: MessageArgs<P>): Diagnostic;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a template uses, in order of first use (`{name}` where name is an identifier). */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Fills a template in one pass, so text given as an argument is never read as a placeholder. */
export function fillTemplate(template: string, params: readonly string[], args: readonly (string | number)[]): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const i = params.indexOf(name);
    return i < 0 ? whole : String(args[i]);
  });
}

function def<const P extends readonly string[]>(code: string, severity: Severity, params: P, template: string, description: string): MessageDef<P> {
  const format = (...args: MessageArgs<P>): string => fillTemplate(template, params, args);
  return {
    code,
    severity,
    params,
    template,
    description,
    format,
    at: (loc, ...args) => ({ code, severity, message: format(...args), loc, related: [] }),
    atWith: (loc, related, ...args) => ({ code, severity, message: format(...args), loc, related }),
  };
}

export const M = {
  // -- MLP1xxx: syntax -------------------------------------------------------------------------------
  unexpectedCharacter: def("MLP1001", "error", ["text"], "Unexpected character {text}.", "A character that no token of the language starts with."),
  unterminatedString: def("MLP1002", "error", [], "Unterminated string literal; close it with a matching quote.", "A string literal is not closed before the end of its line or file."),
  invalidEscape: def("MLP1003", "error", ["seq"], "Invalid escape sequence '{seq}'; use \\n, \\t, \\r, \\\", \\\\, \\$ or \\u{…}.", "A backslash in a string is followed by something that is not a known escape."),
  unexpectedToken: def("MLP1004", "error", ["found", "expected", "suggestion"], "Unexpected {found}; expected {expected}.{suggestion}", "A token appears where the grammar expects something else."),
  unexpectedEof: def("MLP1005", "error", ["expected"], "Unexpected end of file; expected {expected}.", "The file ends in the middle of a construct."),
  notText: def("MLP1006", "error", ["why"], "The file is not UTF-8 text ({why}); .mlpipe files must be UTF-8.", "The file is not valid UTF-8 text."),
  tooDeep: def("MLP1007", "error", ["max"], "Nesting is deeper than {max} levels; split the construct into smaller parts.", "Constructs are nested deeper than the parser allows."),
  unterminatedInterpolation: def("MLP1008", "error", [], "Unterminated '${' in a string; close it with '}'.", "A '${' interpolation in a string is not closed with '}'."),
  invalidNumber: def("MLP1009", "error", ["text", "hint"], "Invalid number '{text}'.{hint}", "A number literal is malformed."),
  invalidInterpolation: def("MLP1010", "error", ["text"], "Invalid interpolation '${{text}}'; write a name or a dotted reference such as ${model.path}.", "An interpolation holds something other than a name or dotted reference."),
  scriptSyntax: def("MLP1012", "error", ["message"], "{message}", "A pipeline module written in TypeScript or JavaScript has a syntax error."),
  fileTooLarge: def("MLP1011", "error", ["size", "max"], "The file has {size} bytes; mlpc reads at most {max}.", "The file is larger than mlpc reads."),

  // -- MLP2xxx: semantic validation -------------------------------------------------------------------
  unknownComponent: def("MLP2001", "error", ["name", "hint"], "Unknown component or pipeline '{name}'.{hint}", "A call names no component or pipeline in scope."),
  unknownReference: def("MLP2002", "error", ["name", "hint"], "Unknown name '{name}'; it is not a parameter, loop variable or step in scope.{hint}", "A name is not a parameter, loop variable or step in scope."),
  unknownOutput: def("MLP2003", "error", ["step", "output", "hint"], "Step '{step}' has no output '{output}'.{hint}", "A reference names an output the step does not have."),
  unknownInput: def("MLP2004", "error", ["callee", "input", "hint"], "'{callee}' has no input '{input}'.{hint}", "A call passes an input the component or pipeline does not declare."),
  missingInput: def("MLP2005", "error", ["callee", "inputs"], "Missing required input {inputs} of '{callee}'.", "A call leaves out a required input."),
  duplicateName: def("MLP2006", "error", ["what", "name"], "Duplicate {what} '{name}'.", "Two declarations in one scope have the same name."),
  typeMismatch: def("MLP2007", "error", ["what", "expected", "found"], "{what} expects {expected} but is given {found}.", "A value's type does not match what its place expects."),
  defaultTypeMismatch: def("MLP2008", "error", ["name", "expected", "found"], "The default of '{name}' must be {expected}, not {found}.", "A default value does not have the declared type."),
  cycle: def("MLP2009", "error", ["path"], "Steps depend on each other in a cycle: {path}.", "Steps depend on each other in a cycle."),
  outOfScope: def("MLP2010", "error", ["ref", "why"], "'{ref}' is not available here: {why}.", "A reference is used where its value is not available (outside its loop or branch)."),
  nonBooleanCondition: def("MLP2011", "error", ["found"], "A condition must be Bool, but this is {found}.", "A condition is not a Bool."),
  invalidQuantity: def("MLP2012", "error", ["what", "value", "hint"], "Invalid {what} quantity '{value}'.{hint}", "A CPU, memory, storage or GPU quantity is malformed."),
  invalidDuration: def("MLP2013", "error", ["value"], "Invalid duration '{value}'; write a number of seconds or a value such as \"90s\", \"30m\", \"4h\" or \"1h30m\".", "A duration is malformed."),
  invalidCron: def("MLP2014", "error", ["value", "why"], "Invalid cron schedule '{value}': {why}.", "A cron schedule is malformed."),
  invalidImage: def("MLP2015", "error", ["value", "why"], "Invalid image reference '{value}': {why}.", "A container image reference is malformed."),
  importCycle: def("MLP2016", "error", ["path"], "Files import each other in a cycle: {path}.", "Files import each other in a cycle."),
  importNotFound: def("MLP2017", "error", ["path"], "Cannot find imported file '{path}'.", "An imported file does not exist."),
  invalidName: def("MLP2018", "error", ["what", "name", "why"], "The {what} name '{name}' cannot be used: {why}.", "A name cannot be used on the targets (reserved, too long or not a valid Kubernetes name)."),
  incomparable: def("MLP2019", "error", ["op", "left", "right"], "Cannot compare {left} with {right} using '{op}'.", "Two values of types that cannot be compared with this operator are compared."),
  collectOutsideLoop: def("MLP2020", "error", ["ref", "step"], "collect({ref}) gathers the values of a step inside a loop, but '{step}' is in no loop; use {ref} directly.", "collect(…) reads a step that is in no loop."),
  notAList: def("MLP2021", "error", ["found"], "A loop runs over a List, but this is {found}.", "A loop runs over something that is not a List."),
  // MLP2022 (an invalid value, 19 different problems) is retired: each has its own code, MLP2082 and up.
  invalidPlaceholder: def("MLP2023", "error", ["ref", "why"], "Invalid reference '{ref}' in a command: {why}.", "A reference in a component's command is invalid."),
  statusOutsideFinally: def("MLP2024", "error", [], "The pipeline status is only known in a 'finally' block.", "The pipeline status is read outside a 'finally' block."),
  notOptional: def("MLP2025", "error", ["input"], "'{input}' is not an optional input; only optional inputs (declared with '?') can be tested with 'if'.", "An 'if' in a command tests an input that is not optional."),
  invalidTimezone: def("MLP2026", "error", ["tz"], "Unknown time zone '{tz}'; use an IANA name such as \"Europe/Berlin\".", "A schedule's time zone is not a known IANA name."),
  unknownAfter: def("MLP2027", "error", ["name", "hint"], "Unknown step '{name}' in 'after'.{hint}", "'after' names a step that does not exist."),
  emptyPipeline: def("MLP2028", "error", ["name"], "Pipeline '{name}' has no steps.", "A pipeline has no steps."),
  // MLP2029 (an import of which nothing is used) is retired: it was never raised.
  importNameNotFound: def("MLP2030", "error", ["name", "path", "hint"], "'{name}' is not defined in '{path}'.{hint}", "An import names something the imported file does not define."),
  pipelineOutputMismatch: def("MLP2031", "error", ["name", "expected", "found"], "Pipeline output '{name}' is declared {expected} but given {found}.", "A pipeline output is given a value of another type than declared."),
  unknownServe: def("MLP2032", "error", ["name"], "Unknown serve '{name}'.", "A reference names no serve block."),
  recursivePipeline: def("MLP2033", "error", ["path"], "Pipelines call each other recursively: {path}.", "Pipelines call each other recursively."),
  unknownSetting: def("MLP2034", "error", ["what", "name", "where", "hint"], "Unknown {what} '{name}'{where}.{hint}", "A setting, field or option name is unknown."),
  outputNotWritten: def("MLP2035", "warning", ["component", "output"], "Component '{component}' never passes output '{output}' to its command; write '{output}.path' somewhere in 'run' or 'args'.", "A component never passes one of its outputs to its command."),
  missingImage: def("MLP2036", "error", ["component"], "Component '{component}' has no image; add 'image \"…\"'.", "A component has no container image."),
  // MLP2037-MLP2049: lowering (src/frontend/dsl); MLP2050 and up: validation rules added later.
  unknownFunction: def("MLP2037", "error", ["name", "allowed"], "Unknown function '{name}' here; expected {allowed}.", "A function call names a function that is not allowed in this place."),
  settingNotAllowed: def("MLP2038", "error", ["setting", "where"], "'{setting}' cannot be set on {where}.", "A setting is written on a construct that does not take it."),
  // MLP2039 (an invalid argument, 76 different problems) is retired: each has its own code, MLP2082 and up.
  unknownType: def("MLP2040", "error", ["name", "hint"], "Unknown type '{name}'.{hint}", "A type name is unknown."),
  duplicateSetting: def("MLP2041", "error", ["setting"], "'{setting}' is set twice.", "A setting is written twice in one block."),
  misplacedFinally: def("MLP2042", "error", [], "A pipeline has at most one 'finally' block.", "A pipeline has more than one 'finally' block."),
  expectedLiteral: def("MLP2043", "error", ["what"], "{what} must be a literal value here.", "A value that must be a literal is computed."),
  emptyFile: def("MLP2044", "error", [], "The file declares nothing; add a component, pipeline, tune or serve.", "A file declares no component, pipeline, tune or serve."),
  outsidePipeline: def("MLP2045", "error", ["what"], "{what} adds a step, so it belongs inside a pipeline body.", "A component is called outside a pipeline body."),
  builderMisuse: def("MLP2046", "error", ["what", "why"], "Invalid {what}: {why}.", "The TypeScript builder API is used in a way it does not support."),
  // MLP2050 and up: validation rules (src/passes/validate).
  mutableImage: def("MLP2050", "warning", ["image", "why"], "Image '{image}' {why}, so it can change between runs and its steps are never cached; pin a version tag or a digest.", "A container image is not pinned to a version tag or digest, so its steps are never cached."),
  requestAboveLimit: def("MLP2051", "error", ["what", "request", "limit"], "The {what} request '{request}' is above its limit '{limit}'; raise the limit or lower the request.", "A resource request is above its limit."),
  unknownMetric: def("MLP2052", "error", ["target", "metric", "hint"], "'{target}' has no output '{metric}' to report as a metric.{hint}", "A tune reports a metric that its component or pipeline has no output for."),

  artifactInString: def("MLP2053", "error", ["ref", "type"], "'{ref}' is {type}, an artifact with no value to put in a string; pass it to an input of that type.", "An artifact is interpolated into a string."),
  nonNumericMetric: def("MLP2054", "error", ["metric", "type"], "Metric '{metric}' is {type}; a tuning metric is an Int or Float output.", "A tuning metric is not an Int or Float output."),
  optionalParamToRequired: def("MLP2055", "error", ["param", "input", "callee"], "'{param}' is optional and may have no value, but '{input}' of '{callee}' needs one; declare that input optional ('?'), or give '{param}' a default.", "An optional parameter without a default is passed to a required input."),
  optionalParamUsed: def("MLP2056", "error", ["param"], "'{param}' is optional and may have no value, so it can only be passed on to an input that may be left out; give it a default to use it here.", "An optional parameter without a default is used where it needs a value."),
  oneOfBranches: def("MLP2057", "error", ["why"], "oneOf(…) takes the outputs of steps in the branches of one if/elif/else with an else, one per branch, read after it; here {why}.", "oneOf(…) is not given one output per branch of one if/elif/else with an else."),
  artifactList: def("MLP2058", "error", ["what", "type", "instead"], "{what} a list of {type} artifacts, and lists of artifacts do not exist; {instead}.", "A list of artifacts is declared or built; lists of artifacts do not exist."),
  afterInBranch: def("MLP2059", "error", ["step", "branch"], "'{step}' runs only when its '{branch}' branch runs, and KFP and Argo disagree on what waiting for it means when the branch is skipped; move this step into that branch, or wait for a step outside the condition.", "'after' waits, from outside an 'if', for a step inside its branch."),
  emptyBlock: def("MLP2060", "error", ["what"], "The {what} has no steps, and neither KFP nor Argo runs an empty group; add a step or remove the block.", "A branch, loop body or 'finally' block has no steps."),
  intNotExact: def("MLP2061", "error", ["why"], "This Int literal {why}; write an integer from -9007199254740991 to 9007199254740991, or pass the value as a String.", "An Int literal is not exact as a 64-bit float or is out of range."),
  notFinite: def("MLP2062", "error", ["value"], "The number {value} is not finite, and no target can hold it; write a finite number.", "A number literal is not finite."),
  invalidMetadataKey: def("MLP2063", "error", ["what", "key", "why"], "The {what} key '{key}' is not valid on Kubernetes: {why}.", "A label, annotation or node-selector key is not valid on Kubernetes."),
  invalidLabelValue: def("MLP2064", "error", ["what", "key", "value", "why"], "The value '{value}' of {what} '{key}' is not valid on Kubernetes: {why}.", "A label or node-selector value is not valid on Kubernetes."),
  annotationsTooLarge: def("MLP2065", "error", ["bytes", "max"], "These annotations take {bytes} bytes, but Kubernetes accepts at most {max} bytes of annotations on one object; move large values into a ConfigMap or an artifact.", "The annotations of one object exceed Kubernetes' total size."),
  integerSettingTooLarge: def("MLP2066", "error", ["what", "value", "max"], "The {what} {value} is larger than {max}, the most the targets accept; use a smaller number.", "A count or ID is larger than the field a target writes it to."),

  // MLP2080-MLP2089: checks of what the targets will run (src/passes/targets) and the builder's own errors.
  gpuModelNotSelected: def("MLP2080", "warning", ["type"], "No node selector or affinity asks for the GPU model '{type}', and no target has another place for it, so the pods may run on any GPU node; add one such as nodeSelector { \"cloud.google.com/gke-accelerator\": \"{type}\" }.", "A GPU model is set but no node selector or affinity asks for it."),
  asyncBody: def("MLP2081", "error", ["what"], "{what} returns a promise, but a pipeline is built by calling its bodies once without waiting, so steps after an 'await' would be lost; write the body as a plain (not async) function and await what it needs before calling pipeline().", "A pipeline body in TypeScript is async or returns a promise."),

  // MLP2082 and up: one code per problem that MLP2039 (lowering and the builder) and MLP2022 (validation
  // rules) used to share; lowering and the builder raise the same code for the same problem.
  notWholeNumber: def("MLP2082", "error", ["what"], "Invalid {what}: it must be a whole number.", "A setting that takes a whole number is given a fraction."),
  notANumber: def("MLP2083", "error", ["what"], "Invalid {what}: it must be a number.", "A setting that takes a number is given something else."),
  typeArgumentNotList: def("MLP2084", "error", ["type"], "Invalid type '{type}': only List takes an item type.", "A type other than List is given an item type."),
  listItemArtifact: def("MLP2085", "error", [], "Invalid list item type: lists hold parameters (String, Int, Float, Bool, List, Struct), not artifacts.", "A List type is given an artifact type as its item type."),
  componentOutputValue: def("MLP2086", "error", ["output"], "Invalid output '{output}': a component's outputs are written by its command, not given a value.", "A component's output is given a value."),
  invalidCommandElement: def("MLP2087", "error", [], "Invalid command element: write a string, a number or a reference such as 'model.path'.", "An element of a command is not a string, a number or a reference."),
  transformerCommandValue: def("MLP2088", "error", [], "Invalid transformer command element: a transformer has no inputs or outputs to refer to; write literal text.", "A serve's transformer command refers to a pipeline value."),
  negatedNonNumber: def("MLP2089", "error", [], "Invalid '-': only a number can be negated.", "A minus sign is written before something that is not a number."),
  chainedComparison: def("MLP2090", "error", ["op"], "Invalid '{op}': comparisons do not chain; join them with 'and'.", "Comparisons are chained, as in a < b < c."),
  unknownPipelineProperty: def("MLP2091", "error", ["property"], "Invalid 'pipeline.{property}': the pipeline has only 'status'.", "A property of 'pipeline' other than 'status' is read."),
  invalidReferenceForm: def("MLP2092", "error", ["ref"], "Invalid reference '{ref}': write a name, step.output or item.field.", "A dotted reference has more parts than a name, step.output or item.field."),
  collectArgument: def("MLP2093", "error", ["example"], "Invalid collect(): it takes one step output, as in {example}.", "collect(…) is not given exactly one step output."),
  oneOfArgument: def("MLP2094", "error", ["example"], "Invalid oneOf(): it takes step outputs, as in {example}.", "oneOf(…) is given something other than step outputs."),
  oneOfTooFew: def("MLP2095", "error", [], "Invalid oneOf(): it takes two or more step outputs, one from each branch.", "oneOf(…) is given fewer than two step outputs."),
  invalidFieldPath: def("MLP2096", "error", ["why"], "Invalid fieldPath(): {why}.", "fieldPath(…) names a pod field the Downward API does not give to environment variables."),
  functionArgumentCount: def("MLP2097", "error", ["function", "count", "arguments"], "Invalid {function}(): it takes {count} string {arguments}.", "A settings function (secret, configMap, pvc…) is given the wrong number of arguments."),
  invalidVolumeSource: def("MLP2098", "error", ["path", "sources"], "Invalid volume at '{path}': write {sources}.", "A volume is not pvc(…), emptyDir(…), secret(…) or configMap(…)."),
  notABool: def("MLP2099", "error", ["what"], "Invalid {what}: it must be true or false.", "A setting that takes true or false is given something else."),
  unknownFunctionArgument: def("MLP2100", "error", ["name", "function", "allowed"], "Invalid argument '{name}' of {function}(): it takes {allowed}.", "A settings function is given a named argument it does not take."),
  functionNameArgument: def("MLP2101", "error", ["function"], "Invalid {function}(): it takes the name as its one positional argument.", "A settings function is not given its name as its one positional argument."),
  emptyDirArgument: def("MLP2102", "error", [], "Invalid emptyDir(): it takes only medium: and size:.", "emptyDir(…) is given a positional argument."),
  emptyDirMedium: def("MLP2103", "error", ["medium"], "Invalid emptyDir medium: '{medium}' is not \"Memory\" (leave it out for the node's disk).", "An emptyDir medium is not \"Memory\"."),
  settingItemNotStruct: def("MLP2104", "error", ["what"], "Invalid {what}: each item is a struct such as { key: \"…\", operator: \"Exists\" }.", "An item of tolerations or affinity is not a struct."),
  tolerationOperator: def("MLP2105", "error", ["operator"], "Invalid toleration operator: '{operator}' is not Exists or Equal.", "A toleration's operator is not Exists or Equal."),
  tolerationEffect: def("MLP2106", "error", ["effect"], "Invalid toleration effect: '{effect}' is not NoSchedule, PreferNoSchedule or NoExecute.", "A toleration's effect is not NoSchedule, PreferNoSchedule or NoExecute."),
  affinityNoKey: def("MLP2107", "error", [], "Invalid affinity term: it needs a key.", "A node affinity term has no key."),
  affinityOperator: def("MLP2108", "error", ["operator", "operators"], "Invalid affinity operator: '{operator}' is not one of {operators}.", "A node affinity term's operator is not one Kubernetes has."),
  affinityValues: def("MLP2109", "error", [], "Invalid 'values': it is a list of strings.", "A node affinity term's values are not a list of strings."),
  affinityWeight: def("MLP2110", "error", [], "Invalid affinity weight: it is a whole number from 1 to 100.", "A preferred node affinity term's weight is not a whole number from 1 to 100."),
  securityContextId: def("MLP2111", "error", ["field"], "Invalid {field}: it is a user or group ID, a whole number from 0.", "runAsUser or runAsGroup is not a whole number from 0."),
  securityContextField: def("MLP2112", "error", ["field"], "Invalid security context: '{field}' is not runAsUser, runAsGroup or runAsNonRoot (KFP's backend drops every capability and allows no privileged containers).", "A security context sets a field other than runAsUser, runAsGroup or runAsNonRoot."),
  pipelineOutputNoValue: def("MLP2113", "error", ["output", "fix"], "Invalid pipeline output '{output}': {fix}.", "A pipeline output is declared without a value."),
  invalidArtifactRoot: def("MLP2114", "error", ["why"], "Invalid artifact root: {why}.", "A pipeline's artifactRoot is not an s3://, gs:// or minio:// bucket URI."),
  scheduleConcurrency: def("MLP2115", "error", ["value"], "Invalid concurrency: '{value}' is not Allow, Forbid or Replace.", "A schedule's concurrency policy is not Allow, Forbid or Replace."),
  importerNotArtifact: def("MLP2116", "error", [], "Invalid importer type: it imports an artifact (Artifact, Dataset, Model…).", "An importer's type is not an artifact type."),
  positionalStepArgument: def("MLP2117", "error", ["callee"], "Invalid argument: step arguments are named, as in {callee}(data: prep.train).", "A step is given a positional argument; step arguments are named."),
  metricStrategy: def("MLP2118", "error", ["value"], "Invalid metric strategy: '{value}' is not min, max or latest.", "A tune's metric strategy is not min, max or latest."),
  resumePolicy: def("MLP2119", "error", ["value"], "Invalid resume policy: '{value}' is not never, longRunning or fromVolume.", "A tune's resume policy is not never, longRunning or fromVolume."),
  collectorFileNoPath: def("MLP2120", "error", [], "Invalid file collector: give the metrics file path, as in collector file \"/var/log/katib/metrics.log\".", "A tune's file metrics collector has no path."),
  collectorKind: def("MLP2121", "error", ["value", "allowed"], "Invalid collector: '{value}' is not {allowed}.", "A tune's metrics collector is not stdout or a file."),
  tuneNoObjective: def("MLP2122", "error", ["tune", "example"], "Invalid tune '{tune}': it needs an objective, as in {example}.", "A tune has no objective."),
  tuneNoAlgorithm: def("MLP2123", "error", ["tune", "example"], "Invalid tune '{tune}': it needs an algorithm, as in {example}.", "A tune has no search algorithm."),
  searchValueType: def("MLP2124", "error", ["kind", "type"], "Invalid search value: it must be {kind} like the parameter's type {type}.", "A listed search value does not have the search parameter's type."),
  searchType: def("MLP2125", "error", [], "Invalid search type: a search parameter is Int, Float or String.", "A search parameter's type is not Int, Float or String."),
  searchRangeType: def("MLP2126", "error", [], "Invalid search range: a range searches Int or Float; give String values as a list.", "A search range is given for a String parameter."),
  searchDistribution: def("MLP2127", "error", ["value"], "Invalid search distribution: '{value}' is not uniform, log, normal or lognormal.", "A search range's distribution is not uniform, log, normal or lognormal."),
  serveProtocol: def("MLP2128", "error", ["value"], "Invalid protocol: '{value}' is not \"v1\", \"v2\" or \"grpc-v2\".", "A serve's protocol is not v1, v2 or grpc-v2."),
  scaleMetric: def("MLP2129", "error", ["value"], "Invalid scale metric: '{value}' is not concurrency, rps, cpu or memory.", "A serve's autoscaling metric is not concurrency, rps, cpu or memory."),
  deploymentMode: def("MLP2130", "error", ["value"], "Invalid deployment mode: '{value}' is not serverless, raw or modelmesh.", "A serve's deployment mode is not serverless, raw or modelmesh."),
  serveNoModel: def("MLP2131", "error", ["serve", "example"], "Invalid serve '{serve}': it needs a model, as in {example}.", "A serve has no model."),
  retryLimit: def("MLP2132", "error", ["limit"], "Invalid retry limit: {limit} is not a whole number of 0 or more.", "A retry limit is not a whole number of 0 or more."),
  durationNotPositive: def("MLP2133", "error", ["what"], "Invalid {what}: it must be longer than zero.", "A timeout or retry backoff is zero or negative."),
  backoffFactor: def("MLP2134", "error", ["factor"], "Invalid backoff factor: {factor} is less than 1, so retries would come sooner each time.", "A retry backoff factor is less than 1."),
  maxBackoffBelowBackoff: def("MLP2135", "error", ["max", "backoff"], "Invalid maximum backoff: {max}s is less than the backoff of {backoff}s.", "A retry's maximum backoff is shorter than its backoff."),
  tolerationSeconds: def("MLP2136", "error", ["seconds"], "Invalid toleration seconds: {seconds} is not a whole number of 0 or more.", "A toleration's tolerationSeconds is not a whole number of 0 or more."),
  loopParallelism: def("MLP2137", "error", ["parallelism"], "Invalid loop parallelism: {parallelism} is not a whole number of 1 or more.", "A loop's parallelism is not a whole number of 1 or more."),
  canaryPercent: def("MLP2138", "error", ["percent"], "Invalid canary traffic percentage: {percent} is not between 0 and 100.", "A serve's canary traffic percentage is not between 0 and 100."),
  minReplicas: def("MLP2139", "error", ["min"], "Invalid minimum replica count: {min} is not a whole number of 0 or more.", "A serve's minimum replica count is not a whole number of 0 or more."),
  maxReplicas: def("MLP2140", "error", ["max"], "Invalid maximum replica count: {max} is not a whole number of 1 or more.", "A serve's maximum replica count is not a whole number of 1 or more."),
  replicaRange: def("MLP2141", "error", ["min", "max"], "Invalid replica range: the minimum {min} is above the maximum {max}.", "A serve's minimum replica count is above its maximum."),
  scaleTarget: def("MLP2142", "error", ["target"], "Invalid autoscaling target: {target} is not above zero.", "A serve's autoscaling target is zero or negative."),
  trialCount: def("MLP2143", "error", ["what", "count"], "Invalid {what}: {count} is not a whole number of 1 or more.", "A tune's trial count or parallel trial count is not a whole number of 1 or more."),
  failedTrialCount: def("MLP2144", "error", ["count"], "Invalid failed trial count: {count} is not a whole number of 0 or more.", "A tune's failed trial count is not a whole number of 0 or more."),
  parallelTrialsAboveTotal: def("MLP2145", "error", ["parallel", "total"], "Invalid parallel trial count: {parallel} parallel trials is more than the {total} trials in total.", "A tune runs more trials in parallel than in total."),
  failedTrialsAboveTotal: def("MLP2146", "error", ["failed", "total"], "Invalid failed trial count: {failed} failed trials is more than the {total} trials in total.", "A tune allows more failed trials than trials in total."),
  searchRangeEmpty: def("MLP2147", "error", ["name", "min", "max"], "Invalid search range of '{name}': the minimum {min} is not below the maximum {max}.", "A search range's minimum is not below its maximum."),
  searchSpaceEmpty: def("MLP2148", "error", ["name"], "Invalid search space of '{name}': it lists no values.", "A search parameter's list of values is empty."),
  gpuCount: def("MLP2149", "error", ["count"], "Invalid GPU count: {count} is not a positive whole number.", "A GPU count is not a positive whole number."),
  migProfile: def("MLP2150", "error", ["profile"], "Invalid MIG profile '{profile}'; write it as NVIDIA names it, compute slices then memory in GB, such as \"1g.10gb\", \"3g.40gb\" or \"7g.80gb\".", "A MIG profile is not written as NVIDIA names it, such as 1g.10gb."),
  cacheOffMaxAge: def("MLP2151", "warning", [], "Caching is turned off here, so maxAge is not applied; remove maxAge, or turn caching on.", "A cache maxAge is set where caching is turned off."),
  cacheMaxAgeZero: def("MLP2152", "error", [], "Invalid cache maxAge: a result would be stale as soon as it is stored; give a duration of a second or more, such as \"24h\", or turn caching off.", "A cache maxAge is zero."),
  tuneArtifactInput: def("MLP2160", "error", ["input", "component", "type"], "Input '{input}' of '{component}' is a {type} artifact, which a tune of a component cannot give its trials: each trial is a Katib Job, with no artifact store to fetch it from. Tune a pipeline instead: one that brings the artifact in with an importer and calls '{component}'.", "A tune of a component whose component has an artifact input, which a trial Job cannot receive."),

  // MLP2170-MLP2189: distributed training steps (`distributed { … }`; src/frontend/common/distributed.ts,
  // src/passes/validate/rules/distributed-*.ts).
  distributedJobKind: def("MLP2170", "error", ["value"], "Unknown training job kind '{value}'; write trainjob (Kubeflow Trainer v2), pytorchjob or tfjob (Training Operator v1).", "A distributed block names a job kind mlpc does not know."),
  distributedRestart: def("MLP2171", "error", ["value"], "Unknown restart policy '{value}'; write onFailure, never, always or exitCode.", "A distributed block names an unknown restart policy."),
  distributedCount: def("MLP2172", "error", ["field", "min"], "Invalid '{field}': it must be a whole number of at least {min}.", "A count of a distributed block (nodes, processes, retries) is not a whole number in range."),
  distributedRangeForm: def("MLP2173", "error", ["field", "example"], "Invalid '{field}': write it as {example}.", "A field of a distributed block is written as a range where it takes one value, or the reverse."),
  distributedFieldNotForJob: def("MLP2174", "error", ["field", "job", "instead"], "'{field}' has no place in a {job}; {instead}.", "A distributed block sets a field the chosen job kind does not have."),
  distributedElasticBounds: def("MLP2175", "error", ["min", "max", "nodes"], "Invalid elastic range {min} .. {max} for {nodes} nodes: an elastic PyTorchJob runs Workers only, so it needs at least 1 Worker, a minimum not above the maximum, and its nodes within the range.", "An elastic range is empty, starts below one Worker, or does not contain the job's node count."),
  distributedProcsAboveGpus: def("MLP2176", "error", ["procs", "gpus"], "procsPerNode {procs} starts more processes on each node than the {gpus} GPUs it requests; each process needs its own GPU, so lower procsPerNode or raise 'gpu'.", "A distributed step starts more processes per node than it requests GPUs."),
  distributedRuntimeName: def("MLP2177", "error", ["name", "why"], "The training runtime name '{name}' cannot be a runtime's name: {why}.", "A TrainJob's runtime is not a valid Kubernetes object name."),
  distributedArtifactPath: def("MLP2178", "error", ["ref", "name"], "'{ref}' is a file of the step's own pod, but a distributed step runs in the training job's pods, which have no such file; use '{name}.uri' and read or write the artifact at that URI.", "A distributed component reads or writes an artifact by its local path."),
  distributedParameterOutput: def("MLP2179", "error", ["component", "output"], "Component '{component}' is distributed, and a training job cannot hand a value back to the pipeline, so its output '{output}' would never be set; write it to an artifact (Metrics) or drop it.", "A distributed component declares a parameter output."),
  distributedOnUnsupported: def("MLP2180", "error", ["what"], "{what} cannot be distributed; put 'distributed' on a component or on a step that calls one.", "A distributed block is written where no training job can run."),

  // -- MLP3xxx: optimizer ------------------------------------------------------------------------------
  // MLP3001-MLP3009: the cache analysis (src/passes/optimize/cache.ts).
  cacheOnMutableImage: def("MLP3001", "warning", ["step", "image"], "Caching is turned on, but step '{step}' is not cached: its image '{image}' is not pinned, so it can change between runs; pin a version tag or a digest.", "Caching is set on for a step whose image is not pinned, so it is not cached."),
  cacheOnSideEffects: def("MLP3002", "warning", ["step"], "Caching is turned on, but step '{step}' is not cached: its component declares side effects, which a reused result would skip.", "Caching is set on for a step whose component declares side effects, so it is not cached."),
  cacheOnNonDeterministic: def("MLP3003", "warning", ["step", "input", "what"], "Caching is turned on for step '{step}', but its {input} is {what}, which differs from run to run and is not part of the cache key, so a cached result may come from a run with another value; turn caching off for it.", "Caching is set on for a step with an input that differs from run to run and is outside the cache key."),
  // MLP3020-MLP3039: cluster profiles and GPU placement (src/cluster, src/passes/optimize/placement.ts).
  clusterDuplicatePool: def("MLP3020", "error", ["pool"], "The cluster profile names the pool '{pool}' more than once; give each pool its own name.", "Two pools of a cluster profile have the same name."),
  clusterDuplicateMig: def("MLP3021", "error", ["pool", "profile"], "Pool '{pool}' lists the MIG profile '{profile}' more than once; list each slice once with its count.", "A pool of a cluster profile lists a MIG profile twice."),
  clusterNoPoolLabel: def("MLP3022", "error", ["pool"], "GPU pool '{pool}' has no taint, so CPU-only steps can be kept off it only by its pool label; set poolLabel in the profile or give the pool a NoSchedule taint.", "An untainted GPU pool in a profile without poolLabel."),
  placementNoFit: def("MLP3023", "error", ["what", "why"], "No node pool of the cluster profile fits {what}: {why}.", "A GPU request fits no node pool of the cluster profile."),

  // -- MLP4xxx: back ends -----------------------------------------------------------------------------
  // MLP4001-MLP4049: KFP (src/backends/kfp). Errors: the pipeline would not run as written. Warnings: a
  // setting KFP has no place for is left out, and the message says what happens instead.
  kfpNotYetSupported: def("MLP4001", "error", ["what"], "{what} is not supported by the KFP back end yet, so this pipeline cannot be compiled for KFP.", "A construct the KFP back end does not support yet."),
  kfpMetadataPlaceholder: def("MLP4002", "error", ["ref"], "KFP's launcher does not substitute artifact metadata, so '{ref}' would reach the container as literal text; pass the information as a parameter output instead.", "Artifact metadata is read in a command line on KFP."),
  kfpEnvNotLiteral: def("MLP4003", "error", ["name"], "KFP sets environment variables only to literal text, so '{name}' cannot take a value computed at run time; use a literal, secret() or configmap().", "An environment variable gets a run-time value on KFP."),
  kfpReadOnlyPvc: def("MLP4004", "warning", ["path"], "KFP mounts PersistentVolumeClaims read-write only, so the claim at '{path}' is mounted read-write and the step could change what it holds; compile for Argo to mount it read-only.", "A read-only PersistentVolumeClaim is mounted read-write on KFP."),
  kfpVolumeNameClash: def("MLP4005", "error", ["path", "name", "other"], "KFP names the pod volume for '{path}' after '{name}', the same as the volume for '{other}'; mount each Secret, ConfigMap and claim at most once per step.", "Two volumes of one step get the same pod volume name on KFP."),
  kfpArtifactParam: def("MLP4006", "warning", ["pipeline", "name"], "KFP cannot hand an artifact to a run when it starts, so '{pipeline}' can run only as a sub-pipeline, which '{name}' makes it; to run it on its own, take the artifact's URI as a String parameter and import it inside the pipeline.", "A pipeline with an artifact parameter can run on KFP only as a sub-pipeline."),
  kfpRuntimeCollection: def("MLP4007", "error", ["what"], "KFP cannot build a {what} from parameters or step outputs at run time; pass the values as separate inputs.", "A list or struct is built from run-time values on KFP."),
  kfpPipelineOutputSource: def("MLP4008", "error", ["name"], "KFP takes a pipeline output from a step's output, so '{name}' cannot be a parameter or a literal; give it the output of a step.", "A KFP pipeline output is not taken from a step's output."),
  kfpNoCommand: def("MLP4009", "error", ["component"], "KFP starts every container through its launcher, which replaces the image's entrypoint, so component '{component}' needs its command written with 'run'.", "A component without a 'run' command is compiled for KFP."),
  kfpLoopOverArtifacts: def("MLP4010", "error", [], "KFP's open-source back end rejects a loop over a list of artifacts when the run starts; loop over parameters (such as URIs or names) and read the artifacts inside the loop instead.", "A loop over a list of artifacts on KFP."),
  kfpStatusNotInFinally: def("MLP4011", "error", [], "KFP hands the pipeline status only to steps directly in the 'finally' block, not to steps inside a condition or loop there; move this step out of the condition or loop.", "The pipeline status is read by a step nested in a condition or loop of 'finally' on KFP."),
  kfpImporterMetadata: def("MLP4012", "error", ["what"], "KFP's importer takes metadata made of literals, parameters and step outputs, so {what} cannot be part of it.", "An importer's metadata holds something KFP's importer cannot take."),
  kfpTemplateText: def("MLP4016", "error", ["text"], "KFP runs a pipeline as an Argo workflow, which reads '{{' in any of its strings as the start of a placeholder, so the text '{text}' would not reach the step as written; keep '{{' out of the text (ship such a template in the image, or pass it in an artifact).", "Text holding '{{' would be read as a placeholder by the Argo engine under KFP."),
  kfpNoServiceAccount: def("MLP4020", "warning", ["name"], "KFP runs every step with the service account of the run, so '{name}' is not applied; set it when the run is created.", "A service account is set, which KFP does not apply per step."),
  kfpNoEphemeralStorage: def("MLP4021", "warning", [], "KFP cannot request ephemeral storage, so the step runs without this request and limit.", "Ephemeral storage is requested, which KFP cannot request."),
  kfpNoPipelineTimeout: def("MLP4022", "warning", [], "KFP pipelines have no overall timeout, so the run is not stopped after this long; set timeouts on the steps instead.", "A pipeline timeout is set, which KFP has no place for."),
  kfpNoSchedule: def("MLP4023", "warning", ["cron"], "A KFP pipeline file carries no schedule, so '{cron}' is not applied; create a recurring run with it.", "A schedule is set, which a KFP pipeline file does not carry."),
  // MLP4024 (KFP: no field for the GPU model) is retired: one shared warning, MLP2080.

  // -- MLP41xx: Argo back end ------------------------------------------------------------------------
  // MLP4100-MLP4149: Argo (src/backends/argo). Errors: what Argo cannot express or would reject at run
  // time. Warnings: a setting Argo has no place for, and the message says what happens instead.
  argoNotYetSupported: def("MLP4100", "error", ["what"], "{what} is not supported by the Argo back end yet, so this pipeline cannot be compiled for Argo.", "A construct the Argo back end does not support yet."),
  argoArtifactUri: def("MLP4101", "error", ["ref", "pipeline"], "On Argo an artifact has a URI only when the pipeline says where artifacts are stored, so '{ref}' has no value; set artifactRoot \"s3://bucket/prefix\" (the bucket of the workflow's artifact repository) in pipeline '{pipeline}'.", "An artifact's URI is read on Argo in a pipeline without an artifactRoot."),
  argoArtifactMetadata: def("MLP4102", "error", ["ref"], "Argo artifacts carry no metadata, so '{ref}' has no value; pass the information as a parameter output instead.", "Artifact metadata is read on Argo, where artifacts have none."),
  argoImporterScheme: def("MLP4103", "error", ["uri", "scheme"], "Argo cannot download '{uri}': it has no artifact source for '{scheme}' URIs; import from s3://, gs://, http:// or https://.", "An importer URI has a scheme Argo cannot download."),
  argoImporterRuntimeUri: def("MLP4104", "error", [], "Argo needs an imported artifact's scheme and bucket when the workflow is written, but this URI is computed at run time; write them in the string, as in \"s3://bucket/${key}\".", "An importer URI's scheme or bucket is only known at run time on Argo."),
  argoRuntimeCollection: def("MLP4105", "error", ["what"], "Argo cannot build a {what} from parameters or step outputs at run time; pass the values as separate inputs.", "A list or struct is built from run-time values on Argo."),
  argoCronNameTooLong: def("MLP4106", "error", ["name", "length"], "Argo accepts CronWorkflow names of at most 52 characters, but '{name}' has {length}; shorten the pipeline's name.", "A CronWorkflow name is longer than Argo accepts."),
  argoOptionalParam: def("MLP4107", "error", ["name"], "An Argo workflow argument always has a value, so the optional parameter '{name}' cannot be left out; give it a default (the value the pipeline uses when it is not given) or make it required.", "An optional pipeline parameter has no default on Argo."),
  argoParamArtifactUri: def("MLP4108", "error", ["name"], "Argo does not say where an artifact given to the pipeline as '{name}' is stored, so its URI has no value; take the URI as a String parameter and import the artifact inside the pipeline.", "The URI of an artifact given to the pipeline is read on Argo."),
  argoExitReadsLoopOutput: def("MLP4109", "error", ["ref"], "The 'finally' steps read main-DAG outputs through the workflow's global outputs, which hold one value each, so '{ref}' cannot be read there; collect the values in a step of the main DAG and read that step's output.", "'finally' reads a value collected from a loop on Argo."),
  argoScheduleOnTemplate: def("MLP4120", "warning", ["cron"], "A workflow template carries no schedule, so '{cron}' is not applied; compile with --argo-kind workflow for a CronWorkflow, or create one that references the template.", "A schedule is set on a pipeline compiled to an Argo workflow template."),
  // MLP4121 (Argo: no field for the GPU model) is retired: one shared warning, MLP2080.
  // MLP4122 (a Workflow cannot be given an artifact at submission) is retired: an artifact parameter
  // is given as its URI, the parameter `<name>-uri`.
  argoImporterOtherBucket: def("MLP4123", "warning", ["bucket"], "Argo reads {bucket} from AWS S3 with the pod's AWS credentials, since it is not the bucket of the pipeline's artifactRoot (the artifact repository's); for another S3-compatible store, import from the artifactRoot bucket.", "An imported S3 bucket is not the artifact repository's, so Argo reads it from AWS S3."),
  argoTemplateText: def("MLP4140", "error", ["text"], "Argo reads '{{' in any string of a workflow as the start of a placeholder, so the text '{text}' would not reach the step as written; keep '{{' out of the text (ship such a template in the image, or pass it in an artifact).", "Text holding '{{' would be read as a placeholder by Argo."),
  argoBraceBeforeValue: def("MLP4141", "error", [], "A '{' right before a value makes '{{' with the placeholder Argo reads the value from, so Argo would not substitute it; put another character between the '{' and the value.", "A '{' right before an interpolated value breaks Argo's placeholder."),

  // MLP4500-MLP4519: distributed training steps on the targets (src/backends/*/distributed.ts).
  distributedNeedsArtifactRoot: def("MLP4500", "error", ["step", "output", "pipeline"], "Step '{step}' runs as a training job whose pods write '{output}' themselves, and Argo knows where only under the pipeline's artifact root; set 'artifactRoot \"s3://…\"' on pipeline '{pipeline}'.", "A distributed step with an artifact output is compiled for Argo without an artifact root."),
  rbacKfpDistributedAccount: def("MLP4501", "warning", ["step", "role"], "KFP runs the step that creates the training job of '{step}' as the run's service account, which the KFP pipeline file cannot name; bind the Role '{role}' to the account KFP runs use too ('default-editor' in a multi-user namespace, 'pipeline-runner' otherwise).", "A pipeline has a distributed step, and on KFP the step that creates its job runs as an account its RBAC is not bound to."),

  // -- MLP42xx/43xx: Katib and KServe back ends ---------------------------------------------------------
  // MLP4200-MLP4249: Katib (src/backends/katib). Rules of Katib's admission webhook that the validator
  // does not cover, and what a trial pod cannot run as written.
  // MLP4200 (a tune of a pipeline not compiled yet) is retired: tunes of pipelines compile now.
  katibNameTooLong: def("MLP4201", "error", ["name", "label", "length"], "Katib accepts Experiment names of at most 40 characters, but tune '{name}' becomes '{label}' ({length}); shorten the name.", "A tune's Experiment name is longer than Katib accepts."),
  katibObjectiveInMetrics: def("MLP4202", "error", ["metric"], "'{metric}' is the objective, so Katib rejects it among the additional metrics; remove it from 'metrics'.", "A tune's objective is also listed among its additional metrics."),
  katibNoSearch: def("MLP4203", "error", ["name"], "Tune '{name}' searches nothing, and Katib needs at least one search parameter; add 'search input: Type in …'.", "A tune has no search parameter."),
  katibRelativeMetricsFile: def("MLP4204", "error", ["path"], "Katib reads the metrics file by absolute path, so '{path}' cannot be used; write a path starting with '/'.", "A tune's metrics file path is not absolute."),
  katibNoValue: def("MLP4205", "error", ["ref", "why"], "A trial has no value for '{ref}': {why}.", "A trial has no value for a reference in its command."),
  katibUnquotableArgument: def("MLP4206", "error", ["arg"], "Katib joins the trial's command line into a shell command without quoting, so the argument {arg} would be split or misread; give the component a 'run' command so that mlpc can quote it, or avoid spaces and shell characters.", "A trial argument would be split or misread by Katib's unquoted shell command."),
  katibMetricFilesNeedRun: def("MLP4207", "error", ["metric"], "Katib reads metrics as 'name=value' lines, so mlpc appends the value of '{metric}.path' to the trial's command; that needs the component's full command ('run'), or say how the trial reports it with 'collector stdout' or 'collector file \"…\"'.", "A metric written to a file needs the component's 'run' command or a collector."),
  katibUnusedSearch: def("MLP4208", "error", ["input", "component"], "The searched input '{input}' never reaches the command line of '{component}', so the trials would all run alike; pass it in 'run' or 'args'.", "A searched input never reaches the trial's command line."),
  katibUnsafeSearchValue: def("MLP4209", "error", ["value"], "Katib writes search values into the trial's manifest and mlpc quotes them for the shell, so the value {value} cannot contain ', \" or \\; choose another value.", "A search value holds a quote or backslash."),
  katibTrialMetricSource: def("MLP4210", "error", ["metric", "why"], "Katib reads a Workflow trial's metrics from one pod, so '{metric}' must be an output of the pipeline taken from a step directly in its body{why}.", "A Workflow trial's metric is not a pipeline output from a step directly in its body."),
  katibTrialMetricsApart: def("MLP4211", "error", ["metric", "step", "other"], "Katib reads a Workflow trial's metrics from one pod, but '{metric}' comes from step '{step}' and the objective from '{other}'; report them from one step.", "A Workflow trial's metrics come from different steps."),
  katibPipelineTuneSettings: def("MLP4212", "error", ["pipeline"], "A tune of the pipeline '{pipeline}' runs its steps with their own settings, so the tune's settings would apply to nothing; set them on the steps.", "A tune of a pipeline sets step settings that would apply to nothing."),
  katibTrialArtifactOutputs: def("MLP4222", "warning", ["tune", "outputs", "component"], "The trials of tune '{tune}' write {outputs} of '{component}' to the trial pod's scratch volume, which is deleted when the trial ends, so no trial's artifacts are kept; tune a pipeline that calls '{component}' instead (its trials are Argo Workflows, which keep artifacts in the artifact repository), or have the component upload them itself.", "A tune of a component whose trials write artifact outputs that are lost when each trial ends."),
  katibRetryBackoff: def("MLP4220", "warning", [], "A trial's Job retries failed pods with Kubernetes' own backoff (10 s, doubling, at most 6 min), so this backoff is not applied.", "A retry backoff is set on a tune, which a trial's Job does not apply."),
  // MLP4221 (Katib: no selector for the GPU model) is retired: one shared warning, MLP2080.
  // MLP4300-MLP4349: KServe (src/backends/kserve). Rules of KServe's admission webhook and controller
  // that the validator does not cover.
  kserveCanaryMode: def("MLP4300", "error", ["mode"], "KServe splits traffic for a canary only in serverless (Knative) mode, not in {mode} mode; remove 'canary' or use 'mode serverless'.", "A canary is set on a serve whose mode does not split traffic."),
  kserveCanaryDefaultMode: def("MLP4301", "warning", [], "KServe splits traffic for a canary only in serverless (Knative) mode, and without 'mode' the cluster's default mode decides; add 'mode serverless'.", "A canary is set on a serve without 'mode', so the cluster default decides."),
  kserveScaleMetricMode: def("MLP4302", "error", ["metric", "mode", "fix"], "KServe cannot autoscale on '{metric}' in {mode}; {fix}.", "A serve autoscales on a metric its mode does not support."),
  kserveWholeNumber: def("MLP4303", "error", ["what", "value", "range"], "KServe takes the {what} as a whole number {range}, not {value}.", "A KServe number setting is not a whole number in range."),
  kserveInvalidStorageUri: def("MLP4304", "error", ["uri", "why"], "Invalid model storage URI '{uri}': {why}.", "A model storage URI is malformed."),
  kserveUnknownStorageScheme: def("MLP4305", "warning", ["uri", "scheme"], "KServe's storage initializer does not download '{scheme}' URIs such as '{uri}', so the cluster needs a ClusterStorageContainer for them; otherwise give an s3://, gs://, pvc://, hf://, oci:// or https:// URI.", "A model storage URI has a scheme KServe's storage initializer does not download."),
  kserveMlflowRegistry: def("MLP4306", "warning", ["uri"], "KServe's storage initializer cannot resolve the MLflow registry URI '{uri}', so the cluster needs a ClusterStorageContainer for 'models:/' URIs; otherwise give the model version's artifact URI (s3://…, gs://…).", "A model storage URI is an MLflow registry URI KServe cannot resolve."),
  kserveMlflowFormat: def("MLP4307", "error", ["format"], "A 'models:/' URI names an MLflow model, which KServe serves with the 'mlflow' model format, not '{format}'; write 'model mlflow from …'.", "An MLflow model URI is served with another model format than 'mlflow'."),
  kserveMlflowProtocol: def("MLP4308", "error", [], "KServe serves MLflow models with MLServer, which speaks only the v2 inference protocol; use protocol \"v2\" or \"grpc-v2\".", "An MLflow model is served with a protocol other than v2."),
  // MLP4320 (KServe: no selector for the GPU model) is retired: one shared warning, MLP2080.
  kserveRawScaleToZero: def("MLP4321", "warning", [], "In raw deployment mode KServe scales with a Kubernetes HPA, which keeps at least one replica, so a minimum of 0 runs 1; use 'mode serverless' to scale to zero.", "A minimum of 0 replicas in raw deployment mode, which keeps one."),
  // MLP4400-MLP4419: RBAC (src/backends/rbac). The permissions a pipeline's runs need are written for
  // one service account; warnings say where the Argo or KFP output runs as another.
  rbacArgoDefaultAccount: def("MLP4400", "warning", ["pipeline", "account"], "The Argo Workflow of '{pipeline}' names no service account, so its pods run as the namespace's 'default', not '{account}' that this RBAC is written for; set 'serviceAccount \"{account}\"' on the pipeline or submit it with 'argo submit --serviceaccount {account}'.", "A pipeline names no service account, so its Argo runs do not use the one its RBAC is written for."),
  rbacKfpDeployAccount: def("MLP4401", "warning", ["serve", "role"], "KFP runs the step that deploys '{serve}' as the run's service account, which the KFP pipeline file cannot name; bind the Role '{role}' to the account KFP runs use too ('default-editor' in a multi-user namespace, 'pipeline-runner' otherwise).", "A pipeline deploys a serve, and on KFP that step runs as an account its RBAC is not written for."),

  // -- MLP5xxx: lint ----------------------------------------------------------------------------------
  lintImageDigest: def("MLP5001", "warning", ["image"], "Image '{image}' is pinned by a tag, which can be pushed again; pin it by digest ('@sha256:…').", "A container image is pinned by a tag but not by a digest."),
  lintGpuWithoutType: def("MLP5002", "warning", ["step"], "Step '{step}' requests GPUs without an accelerator type, so it may land on any GPU model; give the model, e.g. 'gpu 1 \"nvidia-tesla-t4\"'.", "A step requests GPUs without naming the accelerator type."),
  lintNoResourceRequests: def("MLP5003", "warning", ["step", "what"], "Step '{step}' requests no {what}, so the scheduler cannot place it by its needs; add 'resources { cpu … memory … }' to it or its component.", "A step runs without a CPU or memory request."),
  lintRunAsNonRoot: def("MLP5004", "warning", ["step"], "Step '{step}' may run as root, since nothing sets 'runAsNonRoot' or a non-zero 'runAsUser'; set 'securityContext { runAsNonRoot: true }' on it or its component.", "A step may run its container as root."),
  lintComponentDescription: def("MLP5005", "warning", ["component"], "Component '{component}' has no description; add 'description \"…\"' so the UI says what its steps do.", "A component has no description."),
  lintTrainingTimeout: def("MLP5006", "warning", ["step", "why"], "Step '{step}' counts as training ({why}) but has no timeout, so a hung run holds its nodes forever; set 'timeout' on the step or its component.", "A training step has no timeout."),
  lintLiteralCredential: def("MLP5007", "error", ["what", "where", "masked"], "{what} is written as a literal in {where} ('{masked}'), so it lands in every compiled file; use secret(\"name\", \"key\") instead.", "A credential is written as a literal value."),
  lintRetrySideEffects: def("MLP5008", "warning", ["component"], "This retry runs '{component}' again after a failure, and it declares side effects, so a retry can repeat them; make it idempotent or remove the retry.", "A step retries a component with side effects."),
  lintCacheSideEffects: def("MLP5009", "warning", ["step", "component"], "Step '{step}' turns caching on, but '{component}' declares side effects, so it is never cached; remove 'cache on'.", "Caching is turned on for a step whose component has side effects."),
  lintUnusedOutput: def("MLP5010", "warning", ["step", "output"], "Output '{output}' of step '{step}' is never used; use it, return it as a pipeline output, or drop it from the component.", "A step output is never used."),
  lintUnusedParameter: def("MLP5011", "warning", ["pipeline", "param"], "Parameter '{param}' of pipeline '{pipeline}' is never used; use it or remove it.", "A pipeline parameter is never used."),
  lintUnboundedLoop: def("MLP5012", "warning", ["variable"], "The loop over '{variable}' runs over a list known only at run time with no parallel limit, so a long list starts every item at once; add 'parallel N'.", "A loop over a run-time list has no parallel limit."),
  lintNameNearLimit: def("MLP5013", "warning", ["name", "target", "length", "max"], "The {target} name '{name}' has {length} characters, close to the limit of {max}, so names derived from it get cut; shorten it.", "A name is within 10 characters of a target's length limit."),
  lintTuneNoTrialBudget: def("MLP5014", "warning", ["tune"], "Tune '{tune}' sets no trial budget, so it runs until the search space or goal ends it; set 'trials N'.", "A tune has no maximum number of trials."),
  lintTuneFailuresBudget: def("MLP5015", "warning", ["tune", "failed"], "Tune '{tune}' allows {failed} failed trials, as many as it runs, so a broken trial image fails every trial before it stops; allow fewer failures.", "A tune allows as many failed trials as it runs."),
  lintServeNoResources: def("MLP5016", "warning", ["serve"], "Serve '{serve}' sets no resources, so the predictor runs with the cluster's defaults; add 'resources { cpu … memory … }'.", "A serve has no resources."),
  lintDuplicateEnv: def("MLP5017", "warning", ["name"], "The environment variable '{name}' is set again here with the same value its component sets; remove the repeated setting.", "An environment variable is set twice with the same value."),
  lintPipelineDescription: def("MLP5018", "warning", ["pipeline"], "Pipeline '{pipeline}' has no description; add 'description \"…\"' so the UI says what it does.", "A pipeline has no description."),
  lintScheduleTimezone: def("MLP5019", "warning", ["cron"], "The schedule '{cron}' has no time zone, so its times are read as UTC; add 'timezone \"…\"' to say which zone they mean.", "A schedule has no time zone."),
  lintArtifactRoot: def("MLP5020", "warning", ["pipeline"], "Pipeline '{pipeline}' sets no artifactRoot, so its artifacts go wherever the cluster's default is; set 'artifactRoot \"s3://…\"'.", "A pipeline has no artifact root."),
  lintRetryWithoutBackoff: def("MLP5021", "warning", ["limit"], "The retry of {limit} attempts has no backoff, so failures are retried at once against the same outage; add 'backoff'.", "A retry has no backoff."),
  suppressMalformed: def("MLP5090", "warning", ["why"], "This is not a valid suppression directive: {why}; write 'mlpc-disable-next-line RULE[, RULE…] -- reason' (or mlpc-disable-line, mlpc-disable-file).", "A suppression directive is malformed."),
  suppressNoReason: def("MLP5091", "warning", [], "This suppression directive gives no reason, so it suppresses nothing; add ' -- ' and why the finding does not apply.", "A suppression directive has no reason."),
  suppressUnknownRule: def("MLP5092", "warning", ["rule"], "'{rule}' is neither a lint rule id nor a catalog code, so this directive cannot suppress it.", "A suppression directive names an unknown rule or code."),
  suppressError: def("MLP5093", "warning", ["code"], "{code} is an error, and errors cannot be suppressed (a target would refuse the file); fix it instead.", "A suppression directive names an error."),
  suppressUnused: def("MLP5094", "warning", ["rule", "where"], "This directive suppresses nothing: no {rule} finding {where}; remove it or the rule.", "A suppression directive suppresses nothing."),

  // -- MLP3xxx: the optimizer ---------------------------------------------------------------------------
  deadStep: def("MLP3010", "warning", ["step", "kind", "callee"], "Step '{step}' runs for nothing: nothing reads its outputs or runs after it, and the {kind} '{callee}' declares no side effects; remove the step or use its outputs (declare 'sideEffects' on the component if it acts outside its outputs).", "A step whose outputs nothing uses and that has no side effects."),

  // -- MLP9xxx: command line and files ---------------------------------------------------------------
  cannotRead: def("MLP9001", "error", ["path", "why"], "Cannot read '{path}': {why}.", "A file or directory cannot be read."),
  noInputs: def("MLP9002", "error", ["path"], "No .mlpipe files found in '{path}'.", "A directory holds no .mlpipe files."),
  noSuchExport: def("MLP9049", "error", ["name", "suggestion"], "The package 'mlpc' has no export '{name}'.{suggestion}", "A pipeline module imports a name the mlpc package does not export."),
  noInputsOnlyModules: def("MLP9048", "error", ["path", "module"], "No .mlpipe files found in '{path}'; pipeline modules such as '{module}' are read only when named on the command line, since most TypeScript in a project is not a pipeline: name them ('{module}').", "A directory holds no .mlpipe files, only TypeScript or JavaScript modules, which are read only when named."),
  cannotWrite: def("MLP9003", "error", ["path", "why"], "Cannot write '{path}': {why}.", "An output file or folder cannot be written."),
  unsupportedFile: def("MLP9004", "error", ["path"], "'{path}' is not a pipeline source; give a .mlpipe, .ts, .mts or .js file or a directory.", "A path is not a pipeline source."),
  nothingExported: def("MLP9005", "error", ["path"], "'{path}' exports no pipeline, component, tune or serve; export them (default or named exports).", "A pipeline module exports nothing mlpc can compile."),
  moduleFailed: def("MLP9006", "error", ["path", "why"], "Loading '{path}' failed: {why}.", "A pipeline module fails to load."),
  pipelineCodeThrew: def("MLP9007", "error", ["why"], "The pipeline's code threw an exception while it was built: {why}.", "A pipeline's code throws while it is built."),
  moduleExited: def("MLP9008", "error", ["call"], "The pipeline module calls {call}, which would end mlpc before it reports or writes anything; remove the call and let mlpc run the exported pipelines.", "A pipeline module calls process.exit."),
  moduleNeverSettles: def("MLP9009", "error", ["path"], "Loading '{path}' cannot finish: it awaits a promise that nothing is left to settle; make sure what its top level awaits resolves or rejects.", "A pipeline module's loading can never finish."),

  // -- MLP9010–9029: settings files (mlpc.config.yaml, cluster profiles) ----------------------------
  configUnreadable: def("MLP9010", "error", ["file", "why"], "Cannot read the config file '{file}': {why}.", "The config file given with --config cannot be read."),
  configTwice: def("MLP9011", "error", ["dir", "first", "second"], "The folder '{dir}' holds two config files, '{first}' and '{second}'; keep one.", "One folder holds more than one mlpc config file."),
  yamlSyntax: def("MLP9012", "error", ["what", "why"], "The {what} is not valid YAML: {why}.", "A settings file is not valid YAML."),
  settingsUnknownKey: def("MLP9013", "error", ["key", "where", "suggestion"], "Unknown key '{key}' in {where}.{suggestion}", "A settings file has a key its schema does not define."),
  settingsMissingKey: def("MLP9014", "error", ["where", "key"], "{where} needs the key '{key}'.", "A settings file lacks a required key."),
  settingsType: def("MLP9015", "error", ["where", "expected"], "{where} must be {expected}.", "A value in a settings file has the wrong type."),
  settingsEnum: def("MLP9016", "error", ["where", "value", "allowed"], "{where} is {value}; it must be one of {allowed}.", "A value in a settings file is not one of the allowed ones."),
  settingsEmpty: def("MLP9017", "error", ["where"], "{where} must not be empty.", "A list or text in a settings file is empty."),
  settingsRepeated: def("MLP9018", "error", ["where", "value"], "{where} lists {value} more than once.", "A list in a settings file repeats an item."),
  settingsInvalid: def("MLP9019", "error", ["where", "why"], "{where} is not valid: {why}.", "A value in a settings file breaks a rule of its schema."),
  configUnknownRule: def("MLP9020", "error", ["rule", "where", "suggestion"], "Unknown rule '{rule}' in {where}.{suggestion}", "The config file sets the level of a lint rule that does not exist."),

  // -- MLP9030–MLP9059: mlpc submit (src/cli/submit) --------------------------------------------------
  noKubeconfig: def("MLP9030", "error", ["why"], "No kubeconfig to submit with: {why}; give --kubeconfig FILE or set KUBECONFIG.", "submit finds no kubeconfig and runs outside a cluster."),
  badKubeconfig: def("MLP9031", "error", ["path", "why"], "Cannot use the kubeconfig '{path}': {why}.", "The kubeconfig cannot be read or parsed."),
  unknownContext: def("MLP9032", "error", ["context", "contexts"], "The kubeconfig has no context '{context}'; its contexts are {contexts}.", "--context names a context the kubeconfig lacks."),
  noCurrentContext: def("MLP9033", "error", ["path"], "The kubeconfig '{path}' sets no current context; pick one with --context NAME.", "The kubeconfig has no current context and --context is not given."),
  clusterUnreachable: def("MLP9034", "error", ["server", "why"], "Cannot reach the Kubernetes API server at {server}: {why}.", "The cluster's API server cannot be reached."),
  clusterUnauthorized: def("MLP9035", "error", ["server", "context"], "The Kubernetes API server at {server} rejects the credentials of context '{context}' (401 Unauthorized); log in again or refresh the kubeconfig's token.", "The cluster rejects the credentials (401)."),
  clusterForbidden: def("MLP9036", "error", ["user", "verb", "resource", "namespace", "message"], "The cluster does not allow the user '{user}' to {verb} {resource} in namespace '{namespace}' (403 Forbidden): a Role bound to '{user}' must grant the verb '{verb}' on '{resource}'; the server says: {message}", "RBAC forbids a request submit makes (403)."),
  crdMissing: def("MLP9037", "error", ["controller", "resource"], "{controller} is not installed in this cluster: the API has no {resource}; install {controller} (its CRDs and controller) first.", "The custom resource a target needs is not installed (404)."),
  clusterConflict: def("MLP9038", "error", ["kind", "name", "message"], "{kind} '{name}' conflicts with what is on the cluster (409 Conflict): {message}; re-run with --force-conflicts to take the fields over.", "The cluster reports a conflict (409)."),
  clusterInvalid: def("MLP9039", "error", ["kind", "name", "causes"], "The cluster rejects {kind} '{name}' as invalid (422): {causes}.", "The cluster rejects an object as invalid (422)."),
  clusterTimeout: def("MLP9040", "error", ["server", "seconds", "request"], "The Kubernetes API server at {server} did not answer {request} within {seconds}s.", "A request to the cluster times out."),
  clusterGaveUp: def("MLP9041", "error", ["request", "attempts", "last"], "{request} failed {attempts} times, the last with {last}; giving up.", "Retries of a request to the cluster (429, 5xx, reset connections) are used up."),
  clusterError: def("MLP9042", "error", ["request", "status", "message"], "{request} failed with {status}: {message}.", "The cluster answers a request with an error submit has no other message for."),
  paramSyntax: def("MLP9043", "error", ["text"], "--param '{text}' is not NAME=VALUE.", "A --param is not NAME=VALUE."),
  unknownParam: def("MLP9044", "error", ["name", "pipeline", "params"], "Pipeline '{pipeline}' has no parameter '{name}'; its parameters are {params}.", "A --param names no parameter of the pipeline."),
  paramType: def("MLP9045", "error", ["name", "type", "value", "expected"], "--param {name}: '{value}' is not a {type}; give {expected}.", "A --param value does not have the parameter's type."),
  paramMissing: def("MLP9046", "error", ["what", "name", "pipeline", "give"], "Pipeline '{pipeline}' needs a value for its {what} '{name}', which has no default; give {give}.", "A required parameter has no --param, or an artifact input no --artifact."),
  paramRepeated: def("MLP9047", "error", ["flag", "name"], "{flag} {name} is given more than once.", "A --param or --artifact is given twice."),

  // -- MLP9060–MLP9079: mlpc submit -t kfp (KFP REST API) and --artifact ------------------------------
  kfpNoHost: def("MLP9060", "error", [], "No KFP API server to submit to; give --kfp-host URL or set kfp.host in the config file.", "submit -t kfp has no KFP API address."),
  kfpBadUrl: def("MLP9061", "error", ["what", "url"], "{what} '{url}' is not an http:// or https:// URL.", "The KFP API or UI address is not an http(s) URL."),
  kfpTokenUnreadable: def("MLP9062", "error", ["path", "why"], "Cannot read the KFP token file '{path}': {why}.", "The file --kfp-token-file names cannot be read or is empty."),
  kfpUnreachable: def("MLP9063", "error", ["host", "why"], "Cannot reach the KFP API server at {host}: {why}.", "The KFP API server cannot be reached."),
  kfpUnauthorized: def("MLP9064", "error", ["host", "message"], "The KFP API server at {host} rejects the credentials (401 Unauthorized): {message}; give a valid bearer token with --kfp-token-file FILE or KFP_TOKEN.", "The KFP API server rejects the credentials (401)."),
  kfpForbidden: def("MLP9065", "error", ["request", "namespace", "message"], "The KFP API server does not allow {request} in namespace '{namespace}' (403 Forbidden): {message}; ask for access to the profile (namespace) or pick yours with --namespace.", "The KFP API server forbids a request submit makes (403)."),
  kfpNotFound: def("MLP9066", "error", ["request", "message"], "{request} failed with 404 Not Found: {message}; check that --kfp-host is the address of the KFP API (such as https://host/pipeline).", "The KFP API server answers 404."),
  kfpInvalid: def("MLP9067", "error", ["request", "status", "message"], "The KFP API server rejects {request} as invalid ({status}): {message}.", "The KFP API server rejects a request as invalid (400, 422)."),
  kfpConflict: def("MLP9068", "error", ["request", "message"], "{request} conflicts with what the KFP API server has (409 Conflict): {message}.", "The KFP API server reports a conflict (409)."),
  kfpTimeout: def("MLP9069", "error", ["host", "seconds", "request"], "The KFP API server at {host} did not answer {request} within {seconds}s.", "A request to the KFP API server times out and may not be repeated."),
  kfpGaveUp: def("MLP9070", "error", ["request", "attempts", "last"], "{request} failed {attempts} times, the last with {last}; giving up.", "Retries of a request to the KFP API server (429, 5xx, resets, timeouts) are used up."),
  kfpError: def("MLP9071", "error", ["request", "status", "message"], "{request} failed with {status}: {message}.", "The KFP API server answers a request with an error submit has no other message for."),
  kfpNoArtifactInputs: def("MLP9072", "error", ["name"], "--artifact {name}: the KFP API (v2beta1) starts a run with parameters only (runtime_config.parameters), not input artifacts; take the URI as a String parameter (--param) and import the artifact inside the pipeline.", "--artifact is given for a KFP run, which the KFP API cannot pass."),
  artifactSyntax: def("MLP9073", "error", ["text"], "--artifact '{text}' is not NAME=URI.", "An --artifact is not NAME=URI."),
  unknownArtifact: def("MLP9074", "error", ["name", "pipeline", "artifacts"], "Pipeline '{pipeline}' has no artifact input '{name}'; its artifact inputs are {artifacts}.", "An --artifact names no input of the pipeline."),
  notAnArtifact: def("MLP9075", "error", ["name", "pipeline"], "'{name}' is a parameter of pipeline '{pipeline}', not an artifact input; give it with --param {name}=VALUE.", "An --artifact names a parameter, not an artifact input."),
  artifactScheme: def("MLP9076", "error", ["name", "uri"], "--artifact {name}: Argo cannot read an input artifact from '{uri}'; give an s3://, gs://, http:// or https:// URI.", "An --artifact URI has a scheme Argo cannot read."),
  recurringRunExists: def("MLP9077", "error", ["name", "experiment"], "The recurring run '{name}' in {experiment} runs another version of the pipeline or another schedule, and KFP cannot change a recurring run; delete it (or give this one another experiment with --experiment) and submit again.", "A recurring run of the pipeline exists with other content."),
  insecureTls: def("MLP9078", "warning", ["host"], "TLS verification is off for {host} (--insecure-skip-tls-verify): the bearer token is sent to whoever answers; use it only against a test server.", "TLS verification is turned off for the KFP API server."),
  kfpCronTimezone: def("MLP9079", "warning", ["timezone"], "A KFP recurring run has no time zone, so the schedule runs in the API server's time zone (usually UTC), not in '{timezone}'.", "A schedule's time zone is dropped on a KFP recurring run."),

  // -- MLP9080–MLP9089: mlpc submit's permission checks (SelfSubjectAccessReview, src/cli/access-review.ts)
  accessDenied: def("MLP9080", "error", ["who", "verb", "resource", "where", "purpose", "role", "reason"], "The cluster does not allow {who} to {verb} {resource}{where}{reason}, which submit needs to {purpose}; nothing was created: ask for a {role} granting the verb '{verb}' on '{resource}'{where}, bound to {who}.", "A permission submit needs is denied (checked with a SelfSubjectAccessReview before anything is created)."),
  clusterRefused: def("MLP9081", "error", ["verb", "resource", "namespace", "message"], "The cluster refuses to {verb} {resource} in namespace '{namespace}' (403 Forbidden) for a reason other than RBAC (an admission policy or a quota): {message}.", "The cluster forbids a request for a reason other than a missing RBAC permission (403)."),

  // -- MLP9130–MLP9149: mlpc watch and submit --watch (src/cli/watch.ts), 422 field errors, KFP's access review
  kfpAccessDenied: def("MLP9130", "error", ["who", "verb", "resource", "namespace", "purpose"], "The cluster does not allow {who} to {verb} {resource} in namespace '{namespace}', which the KFP API server checks before it lets submit {purpose}; nothing was created: ask the owner of the profile '{namespace}' to add you as a contributor (or for a Role granting the verb '{verb}' on '{resource}' there).", "A permission KFP's multi-user mode checks (pipelines.kubeflow.org) is denied, found with a SelfSubjectAccessReview before anything is created."),
  watchNotFound: def("MLP9131", "error", ["kind", "name", "where"], "There is no {kind} '{name}'{where} to watch; check the name and the namespace (-n).", "The object mlpc watch is asked to follow does not exist."),
  watchDeleted: def("MLP9132", "error", ["kind", "name"], "{kind} '{name}' was deleted while mlpc watched it; its outcome is unknown.", "The object being watched was deleted before it ended."),
  watchLost: def("MLP9133", "error", ["request", "attempts", "last"], "The watch {request} failed {attempts} times in a row, the last with {last}; the run goes on, watch it again later.", "The watch stream cannot be opened again after it failed."),
  clusterFieldInvalid: def("MLP9134", "error", ["kind", "name", "field", "message"], "The cluster rejects {kind} '{name}' as invalid (422): {field}: {message}.", "The cluster rejects one field of an object (422), reported at the construct that field comes from."),
  // -- MLP9100–MLP9129: mlpc run, the local runner (src/run, src/cli/run.ts) ------------------------------
  runImporterScheme: def("MLP9100", "error", ["importer", "uri"], "Importer '{importer}' reads '{uri}', which mlpc run cannot fetch; the local runner imports local paths and file:// URIs only (run the pipeline on a cluster with mlpc submit, or copy the artifact to a local path).", "An importer's URI is not a local path or file:// URI, which is all mlpc run imports."),
  runImportMissing: def("MLP9101", "error", ["importer", "path"], "Importer '{importer}' reads '{path}', which does not exist.", "An importer names a local path that does not exist."),
  runServeOnPath: def("MLP9102", "error", ["step", "serve"], "'{step}' waits for the deploy of serve '{serve}', which mlpc run does not run (KServe needs a cluster); run the pipeline with mlpc submit, or remove the dependency.", "A step waits for a serve deployed from the pipeline, which the local runner does not run."),
  runServeSkipped: def("MLP9103", "warning", ["serve"], "The deploy of serve '{serve}' is not run locally (KServe needs a cluster); the rest of the pipeline runs.", "A serve deployed from the pipeline is left out of a local run."),
  runTuneSkipped: def("MLP9104", "warning", ["tune"], "Tune '{tune}' is not run by mlpc run (Katib needs a cluster); submit it with mlpc submit -t katib.", "A tune is left out of a local run."),
  runImageNotUsed: def("MLP9105", "warning", ["image"], "The process runner runs the commands of image '{image}' on this machine, without the image; use --runner docker or --runner podman to run them in it.", "The process runner does not use a step's image."),
  runOutputMissing: def("MLP9106", "error", ["step", "output", "path"], "Step '{step}' wrote no file for its output '{output}' ({path}); its command must write it.", "A step that succeeded wrote no file for one of its outputs."),
  runOutputType: def("MLP9107", "error", ["step", "output", "text", "expected"], "Step '{step}' wrote '{text}' for its output '{output}', which is not {expected}.", "A step wrote an output parameter that does not have the declared type."),
  runStepFailed: def("MLP9108", "error", ["step", "why", "log"], "Step '{step}' failed: {why}; its log is {log}.", "A step of a local run failed."),
  runSecretMissing: def("MLP9109", "error", ["step", "what", "name", "key", "variable"], "Step '{step}' needs the key '{key}' of {what} '{name}', which neither --secrets nor the environment variable {variable} gives.", "A step reads a Secret or ConfigMap key that the local run is not given."),
  runValueUnavailable: def("MLP9110", "error", ["step", "why"], "'{step}' cannot run: {why}.", "A value a step, condition or loop reads does not exist in this run."),
  runInterrupted: def("MLP9111", "error", ["signal", "dir"], "The run is stopped by {signal}: running steps are stopped, and the work directory {dir} holds what finished.", "A local run is interrupted."),
  runEngineMissing: def("MLP9112", "error", ["engine"], "--runner {engine}: '{engine}' is not installed or does not answer; start it, or use --runner process.", "The container engine --runner names is not available."),
  runWorkdirForeign: def("MLP9113", "error", ["dir"], "The work directory '{dir}' holds files that are not an mlpc run's; give an empty or new folder.", "--workdir names a folder that holds other files."),
  runSecretsFile: def("MLP9114", "error", ["file", "why"], "Cannot use the secrets file '{file}': {why}.", "The file --secrets names cannot be read or has the wrong shape."),
  runArtifactUri: def("MLP9115", "error", ["name", "uri"], "--artifact {name}: mlpc run reads local paths and file:// URIs only, not '{uri}'.", "An --artifact of a local run is not a local path or file:// URI."),
  runVolumeIgnored: def("MLP9116", "warning", ["step", "path", "runner"], "Step '{step}' mounts a volume at {path}, which the {runner} runner does not provide; the step runs without it.", "A step's volume is not provided by the local runner."),
  runItemsNotList: def("MLP9117", "error", ["variable", "value"], "The loop over '{variable}' runs over {value}, which is not a JSON list.", "A loop's items are not a list at run time."),
  runPipelineTimedOut: def("MLP9119", "error", ["pipeline", "seconds"], "The run of pipeline '{pipeline}' is stopped after its timeout of {seconds}s, as Argo stops a Workflow at its activeDeadlineSeconds; running steps are stopped.", "A local run exceeds its pipeline's timeout."),
  runTimedOut: def("MLP9118", "error", ["step", "seconds", "log"], "Step '{step}' is stopped after its timeout of {seconds}s; its log is {log}.", "A step of a local run exceeds its timeout."),

  // -- MLP9050–MLP9059: mlpc fmt (src/cli/fmt.ts) --------------------------------------------------------
  fmtNotMlpipe: def("MLP9050", "error", ["path"], "'{path}' is a pipeline module; mlpc fmt formats .mlpipe files (format TypeScript with prettier itself).", "mlpc fmt is given a file that is not a .mlpipe file."),
  fmtBadConfig: def("MLP9051", "error", ["path", "why"], "Cannot use the prettier configuration for '{path}': {why}.", "The prettier configuration that applies to a file mlpc fmt formats is invalid."),
} as const;

export type Catalog = typeof M;

/**
 * Codes no longer raised. Their numbers stay reserved: a code is never reused for another problem.
 */
export const RETIRED: readonly { readonly code: string; readonly description: string }[] = [
  { code: "MLP2022", description: "An invalid value (19 different problems of settings checked by the validation rules); each has its own code from MLP2082 on." },
  { code: "MLP2029", description: "An import brings in nothing that is used; declared but never raised." },
  { code: "MLP2039", description: "An invalid argument (76 different problems found while lowering or building); each has its own code from MLP2082 on." },
  { code: "MLP4024", description: "KFP has no field for the GPU model; one shared warning, MLP2080, says so." },
  { code: "MLP4121", description: "Argo has no field for the GPU model; one shared warning, MLP2080, says so." },
  { code: "MLP4122", description: "A Workflow cannot be given an artifact at submission; an artifact parameter is given as its URI, the parameter `<name>-uri`." },
  { code: "MLP4200", description: "A tune of a pipeline was not compiled yet; tunes of pipelines compile now." },
  { code: "MLP4221", description: "Katib has no selector for the GPU model; one shared warning, MLP2080, says so." },
  { code: "MLP4320", description: "KServe has no selector for the GPU model; one shared warning, MLP2080, says so." },
];

/** One catalog entry as data: its key in `M`, code, severity, template and description. */
export interface CatalogEntry {
  readonly key: string;
  readonly code: string;
  readonly severity: Severity;
  readonly params: readonly string[];
  readonly template: string;
  readonly description: string;
}

/** Every entry of the catalog in code order, for documentation and the test that codes are unique. */
export function catalogEntries(): CatalogEntry[] {
  return Object.entries(M as Record<string, MessageDef>)
    .map(([key, d]) => ({ key, code: d.code, severity: d.severity, params: d.params, template: d.template, description: d.description }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** A rule entry for SARIF's `tool.driver.rules`: one per code, retired ones left out. */
export interface RuleDescriptor {
  readonly id: string;
  readonly shortDescription: string;
  readonly defaultSeverity: Severity;
}

/** The SARIF rule entries of every code raised today, in code order. */
export function ruleDescriptors(): RuleDescriptor[] {
  return catalogEntries().map((e) => ({ id: e.code, shortDescription: e.description, defaultSeverity: e.severity }));
}
