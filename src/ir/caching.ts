import { mutableImageReason, parseImageRef } from "./image-ref.js";
import type { Component, Settings } from "./types.js";

/**
 * Whether a step may reuse an earlier result, on every target: caching is on (the default; a step's
 * `cache` overrides its component's and the pipeline's), the component declares no side effects (a
 * reused result would skip them), and its image is pinned — a tag other than `latest`, or a digest —
 * since a mutable image can change between runs (the validator warns about it, MLP2050).
 */
export function cacheable(component: Component, settings: Settings): boolean {
  if (settings.caching?.value === false || component.sideEffects) return false;
  const ref = parseImageRef(component.image.ref);
  return !("error" in ref) && mutableImageReason(ref) === undefined;
}
