/**
 * mlpc's programmatic API: write pipelines in TypeScript (the builder), check `.mlpipe` sources, read
 * the typed IR both lower to, and render diagnostics as the CLI does. The IR (`ir.Program` and its
 * nodes) is the contract every back end reads.
 */
export * from "./frontend/builder/index.js";
export type * as ir from "./ir/types.js";
export type { Loc, Program } from "./ir/types.js";
export { ARTIFACT_TYPE_NAMES, PARAM_TYPE_NAMES } from "./ir/types.js";
export { checkFile, type CheckResult } from "./compiler.js";
export { LoadCache } from "./frontend/dsl/load-cache.js";
export { memoryHost, type SourceHost } from "./frontend/host.js";
export { hasErrors, sortDiagnostics, type Diagnostic, type Related, type Severity } from "./diagnostics/diagnostic.js";
export { catalogEntries, ruleDescriptors, RETIRED, type CatalogEntry, type RuleDescriptor } from "./diagnostics/catalog.js";
export { validate, specifiedRules, type ValidationRule } from "./passes/validate/index.js";
export { renderDiagnostics, toJson, type RenderOptions, type JsonDiagnostic } from "./diagnostics/render.js";
export { programToJson } from "./ir/json.js";
