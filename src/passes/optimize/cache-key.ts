import { createHash } from "node:crypto";
import { parseImageRef } from "../../ir/image-ref.js";
import type { CommandItem, Component, EnvVar } from "../../ir/types.js";

/**
 * The canonical encoding a cache key is the hash of. A value is JSON; every source of a value is a
 * tagged array (`["lit", 3]`, `["param", "lr"]`, `["output", <key>, "model"]`) so that a literal can
 * never encode like a run-time source. Locations, names of steps and pipelines, labels, annotations,
 * retries, timeouts and resources are never part of it: they cannot change what a step computes.
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** What the key of one step is made of, readable as is (`mlpc explain` prints it). */
export interface KeyInputs {
  /** The image by digest when it has one, else by reference with its tag. */
  readonly image: string;
  readonly command: Json;
  readonly args: Json;
  /** Effective env, in order: `[name, source]`; secrets and config maps by reference, never by value. */
  readonly env: Json;
  /** Each component input given a value (by argument or default), by name. */
  readonly inputs: { readonly [input: string]: Json };
}

/** JSON with object keys sorted and no whitespace: the same value always gives the same bytes. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as { readonly [key: string]: Json };
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k]!)}`).join(",")}}`;
}

/** The key: sha256 (hex) of the canonical encoding of the key's inputs. */
export function cacheKey(inputs: KeyInputs): string {
  return createHash("sha256").update(canonicalJson(inputs as unknown as Json)).digest("hex");
}

/** The hash of what a step runs, its inputs left out (see `StepCachePlan.definitionKey`). */
export function definitionKey(inputs: KeyInputs): string {
  const { image, command, args, env } = inputs;
  return createHash("sha256").update(canonicalJson({ image, command, args, env })).digest("hex");
}

/** The image as the key sees it: `repo@sha256:…` when pinned by digest (the tag is then irrelevant). */
export function imageIdentity(component: Component): string {
  const ref = parseImageRef(component.image.ref);
  if ("error" in ref || ref.digest === undefined) return component.image.ref;
  return `${ref.registry === undefined ? "" : `${ref.registry}/`}${ref.repository}@${ref.digest}`;
}

/** A command line without locations. */
export function encodeCommand(items: readonly CommandItem[]): Json {
  return items.map((item): Json =>
    item.kind === "arg"
      ? item.parts.map((p): Json => (p.kind === "text" ? p.value : [p.ref, p.name]))
      : ["ifPresent", item.input, encodeCommand(item.then), encodeCommand(item.otherwise)],
  );
}

/**
 * Pod fields (downward API) that differ from one pod to the next: an env var from one of them makes
 * the step's input non-deterministic.
 */
const PER_POD_FIELDS = new Set(["metadata.name", "metadata.uid", "status.podIP", "status.podIPs", "status.hostIP", "spec.nodeName"]);

export function perPodField(fieldPath: string): boolean {
  return PER_POD_FIELDS.has(fieldPath);
}

/** An env var whose source is not an expression (those the planner describes itself). */
export function encodeEnvSource(env: EnvVar): Json | undefined {
  switch (env.source.kind) {
    case "secret":
      return ["secret", env.source.secret, env.source.key];
    case "configMap":
      return ["configMap", env.source.configMap, env.source.key];
    case "fieldPath":
      return ["fieldPath", env.source.fieldPath];
    case "value":
      return undefined;
  }
}
