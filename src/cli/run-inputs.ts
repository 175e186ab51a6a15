import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import type { Param, Pipeline } from "../ir/types.js";
import { AWS_S3_ENDPOINT } from "../backends/argo/importer.js";
import { URI_SUFFIX } from "../backends/argo/artifacts.js";

/**
 * The inputs of a run given on the command line (`--param NAME=VALUE`, `--artifact NAME=URI`),
 * checked against the pipeline before anything is sent.
 */

/** `NAME=VALUE` texts split at their first `=`; text without a name is `bad`, a repeated name `repeated`. */
export function splitAssignments(given: readonly string[]): { pairs: [string, string][]; bad: string[]; repeated: string[] } {
  const pairs: [string, string][] = [];
  const bad: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  for (const text of given) {
    const eq = text.indexOf("=");
    if (eq <= 0) {
      bad.push(text);
      continue;
    }
    const key = text.slice(0, eq);
    if (seen.has(key)) {
      repeated.push(key);
      continue;
    }
    seen.add(key);
    pairs.push([key, text.slice(eq + 1)]);
  }
  return { pairs, bad, repeated };
}

/** `--param` texts as pairs, with MLP9043 and MLP9047 for bad and repeated ones. */
export function paramAssignments(given: readonly string[], diagnostics: Diagnostic[]): [string, string][] {
  const split = splitAssignments(given);
  for (const text of split.bad) diagnostics.push(M.paramSyntax.at(undefined, text));
  for (const name of split.repeated) diagnostics.push(M.paramRepeated.at(undefined, "--param", name));
  return split.pairs;
}

/** Why `value` is not of the parameter's type, or undefined when it is. */
export function typeProblem(param: Param, value: string): { type: string; expected: string } | undefined {
  const type = param.type;
  if (type.kind !== "param") return undefined;
  const ok = (test: boolean, expected: string) => (test ? undefined : { type: type.name, expected });
  switch (type.name) {
    case "String":
      return undefined;
    case "Int":
      return ok(/^[+-]?\d+$/.test(value), "a whole number such as 3");
    case "Float":
      return ok(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value), "a number such as 0.5");
    case "Bool":
      return ok(value === "true" || value === "false", "true or false");
    case "List":
      return ok(Array.isArray(parseJson(value)), "a JSON list such as [1, 2]");
    case "Struct": {
      const parsed = parseJson(value);
      return ok(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), 'a JSON object such as {"k": 1}');
    }
  }
}

/**
 * `runtime_config.parameters` of a KFP run: each `--param` as the JSON value of its type (KFP's
 * `parameterType`: numbers for Int and Float, a boolean, a list, an object, a string). Unknown names,
 * wrong types and parameters without a default that no `--param` gives are diagnostics.
 */
export function kfpParameters(pipeline: Pipeline, given: readonly string[]): { parameters: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parameters: Record<string, unknown> = {};
  const params = pipeline.params.filter((p) => p.type.kind === "param");
  for (const [key, value] of paramAssignments(given, diagnostics)) {
    const param = params.find((p) => p.name === key);
    if (param === undefined) {
      diagnostics.push(M.unknownParam.at(undefined, key, pipeline.name, params.map((p) => `'${p.name}'`).join(", ") || "none"));
      continue;
    }
    const problem = typeProblem(param, value);
    if (problem !== undefined) {
      diagnostics.push(M.paramType.at(undefined, key, problem.type, value, problem.expected));
      continue;
    }
    parameters[key] = jsonValue(param, value);
  }
  for (const p of params) {
    if (p.default === undefined && p.optional !== true && !(p.name in parameters) && !given.some((g) => g.startsWith(`${p.name}=`))) {
      diagnostics.push(M.paramMissing.at(p.loc, "parameter", p.name, pipeline.name, `--param ${p.name}=VALUE`));
    }
  }
  return { parameters, diagnostics };
}

/** A checked `--param` value as the JSON value KFP expects for its type. */
function jsonValue(param: Param, value: string): unknown {
  if (param.type.kind !== "param") return value;
  switch (param.type.name) {
    case "Int":
    case "Float":
      return Number(value);
    case "Bool":
      return value === "true";
    case "List":
    case "Struct":
      return parseJson(value);
    case "String":
      return value;
  }
}

/** `--artifact` texts as pairs checked against the pipeline's artifact inputs (MLP9073–MLP9075, MLP9047). */
export function artifactAssignments(pipeline: Pipeline, given: readonly string[], diagnostics: Diagnostic[]): [string, string][] {
  const split = splitAssignments(given);
  for (const text of split.bad) diagnostics.push(M.artifactSyntax.at(undefined, text));
  for (const name of split.repeated) diagnostics.push(M.paramRepeated.at(undefined, "--artifact", name));
  const artifacts = pipeline.params.filter((p) => p.type.kind === "artifact");
  const out: [string, string][] = [];
  for (const [name, uri] of split.pairs) {
    const param = pipeline.params.find((p) => p.name === name);
    if (param === undefined) diagnostics.push(M.unknownArtifact.at(undefined, name, pipeline.name, artifacts.map((a) => `'${a.name}'`).join(", ") || "none"));
    else if (param.type.kind !== "artifact") diagnostics.push(M.notAnArtifact.at(undefined, name, pipeline.name));
    else out.push([name, uri]);
  }
  return out;
}

/**
 * The Argo location of an input artifact given by URI, as the back end writes an importer's
 * (src/backends/argo/importer.ts): `gs://b/k` is `gcs`, `http(s)://…` is `http`, `s3://b/k` a key in
 * the artifact repository when `b` is the bucket of the pipeline's `artifactRoot`, else a complete
 * AWS S3 location (with MLP4123). Other schemes, and a bucket without a key, are MLP9076.
 */
export function argoArtifactLocation(name: string, uri: string, artifactRoot: string | undefined, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)\/(.*)$/.exec(uri);
  const scheme = m?.[1].toLowerCase();
  if (m !== null && (scheme === "http" || scheme === "https")) return { http: { url: uri } };
  if (m === null || (scheme !== "s3" && scheme !== "gs") || m[2] === "" || m[3] === "") {
    diagnostics.push(M.artifactScheme.at(undefined, name, uri));
    return undefined;
  }
  const [, , bucket, key] = m;
  if (scheme === "gs") return { gcs: { bucket, key } };
  if (artifactRoot !== undefined && /^(s3|minio):\/\//i.test(artifactRoot) && artifactRoot.split("/")[2] === bucket) return { s3: { key } };
  diagnostics.push(M.argoImporterOtherBucket.at(undefined, `s3://${bucket}`));
  return { s3: { endpoint: AWS_S3_ENDPOINT, bucket, key, useSDKCreds: true } };
}

/** An Argo `arguments` block (of a Workflow, or of a CronWorkflow's `workflowSpec`). */
export interface ArgoArguments {
  parameters?: { name: string; value?: string }[];
  artifacts?: ({ name: string } & Record<string, unknown>)[];
}

/**
 * Sets each `--artifact NAME=URI` in an Argo manifest's arguments: the artifact's location, and its
 * URI parameter `NAME-uri`, which the steps read as the artifact's URI.
 */
export function applyArgoArtifacts(args: ArgoArguments, pipeline: Pipeline, given: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, uri] of artifactAssignments(pipeline, given, diagnostics)) {
    const location = argoArtifactLocation(name, uri, pipeline.artifactRoot?.uri, diagnostics);
    if (location === undefined) continue;
    const artifacts = (args.artifacts ??= []);
    const index = artifacts.findIndex((a) => a.name === name);
    const entry = { name, ...location };
    if (index < 0) artifacts.push(entry);
    else artifacts[index] = entry;
    const uriParam = args.parameters?.find((p) => p.name === `${name}${URI_SUFFIX}`);
    if (uriParam !== undefined) uriParam.value = uri;
  }
  return diagnostics;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
