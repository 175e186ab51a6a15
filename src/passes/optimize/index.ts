/**
 * The optimizer's passes, between `resolve` and the back ends. Placement (issue 13 point 2): with a
 * cluster profile, GPU containers go to the cheapest pool that fits and CPU-only ones stay off GPU pools.
 */
import type { ClusterProfile } from "../../cluster/types.js";
import type { ResolvedProgram } from "../resolve/index.js";
import { applyPlacement, type PlacedProgram } from "./placement-apply.js";
import { placeSteps } from "./placement.js";

export type { PlacedProgram } from "./placement-apply.js";
export { placeSteps, type Placement } from "./placement.js";

/** `resolved` placed on `profile`'s pools; when a request fits no pool, `placement.diagnostics` says so. */
export function place(resolved: ResolvedProgram, profile: ClusterProfile): PlacedProgram {
  return applyPlacement(resolved, placeSteps(resolved, profile));
}
