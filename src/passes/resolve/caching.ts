import { mutableImageReason, parseImageRef } from "../../ir/image-ref.js";
import type { Component, Loc, Settings } from "../../ir/types.js";

/**
 * Whether a task may reuse an earlier result, and when not, why: the first of the reasons below
 * that holds, in this order. Every target caches exactly the tasks this says are cacheable (KFP's
 * `cachingOptions`, Argo's `memoize`); `lint` and the optimizer explain "why (not) cached" from it.
 */
export type Cacheability = { readonly cacheable: true } | { readonly cacheable: false; readonly reason: NotCachedReason };

export type NotCachedReason =
  /** `caching false` on the step, its component or the pipeline the run starts; `loc` is that setting. */
  | { readonly kind: "cachingOff"; readonly loc: Loc }
  /** The component declares side effects, which a reused result would skip; `loc` is the component. */
  | { readonly kind: "sideEffects"; readonly loc: Loc }
  /**
   * The image is not pinned (no tag, the tag `latest`, no digest, or a reference that does not parse),
   * so it can change between runs (the validator warns, MLP2050); `loc` is the image reference.
   */
  | { readonly kind: "unpinnedImage"; readonly image: string; readonly why: string; readonly loc: Loc };

const CACHEABLE: Cacheability = { cacheable: true };

/**
 * A step that runs `component` with its effective `settings`: cacheable unless caching is off (on by
 * default; a step's `caching` overrides its component's and the run's), the component has side effects,
 * or its image is not pinned (a tag other than `latest`, or a digest). `unpinned` is
 * `unpinnedImage(component)`, computed once per component by the caller (not a default parameter: a
 * pinned image's `undefined` would compute it again at every step).
 */
export function stepCacheability(component: Component, settings: Settings, unpinned: NotCachedReason | undefined): Cacheability {
  if (settings.caching?.value === false) return { cacheable: false, reason: { kind: "cachingOff", loc: settings.caching.loc } };
  if (component.sideEffects) return { cacheable: false, reason: { kind: "sideEffects", loc: component.loc } };
  return unpinned === undefined ? CACHEABLE : { cacheable: false, reason: unpinned };
}

/** Why the component's image can change between runs, or `undefined` when it is pinned. */
export function unpinnedImage(component: Component): NotCachedReason | undefined {
  const ref = parseImageRef(component.image.ref);
  const why = "error" in ref ? ref.error : mutableImageReason(ref);
  return why === undefined ? undefined : { kind: "unpinnedImage", image: component.image.ref, why, loc: component.image.loc };
}

/**
 * A task with no image of its own (a sub-pipeline's, an importer's): cacheable unless caching is off
 * where it is set (the step's, else the run's).
 */
export function flagCacheability(settings: Settings): Cacheability {
  return settings.caching?.value === false ? { cacheable: false, reason: { kind: "cachingOff", loc: settings.caching.loc } } : CACHEABLE;
}
