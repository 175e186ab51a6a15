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

  // -- MLP9xxx: command line and files ---------------------------------------------------------------
  cannotRead: def("MLP9001", "error", (path: string, why: string) => `Cannot read '${path}': ${why}.`),
  noInputs: def("MLP9002", "error", (path: string) => `No .mlpipe files found in '${path}'.`),
  cannotWrite: def("MLP9003", "error", (path: string, why: string) => `Cannot write '${path}': ${why}.`),
  unsupportedFile: def("MLP9004", "error", (path: string) => `'${path}' is not a pipeline source; give a .mlpipe, .ts, .mts or .js file or a directory.`),
  nothingExported: def("MLP9005", "error", (path: string) => `'${path}' exports no pipeline, component, tune or serve; export them (default or named exports).`),
  moduleFailed: def("MLP9006", "error", (path: string, why: string) => `Loading '${path}' failed: ${why}.`),
  pipelineCodeThrew: def("MLP9007", "error", (why: string) => `The pipeline's code threw an exception while it was built: ${why}.`),
} as const;

export type Catalog = typeof M;

/** Every entry of the catalog, for documentation and the test that codes are unique. */
export function catalogEntries(): { key: string; code: string; severity: Severity }[] {
  return Object.entries(M).map(([key, d]) => ({ key, code: d.code, severity: d.severity }));
}
