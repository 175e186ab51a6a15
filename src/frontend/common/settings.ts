import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Loc } from "../../ir/types.js";

/*
 * Checks of setting values that both front ends run, the language's lowering (`dsl/lower/settings.ts`)
 * and the TypeScript builder (`builder/settings.ts`), so that both reject the same values with the
 * same codes. Each returns the diagnostic for a value the targets would refuse, or undefined.
 */

/** Kubernetes' toleration operators (`core/v1` Toleration). */
export const TOLERATION_OPERATORS: readonly string[] = ["Exists", "Equal"];
/** Kubernetes' taint effects. */
export const TOLERATION_EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
/** Kubernetes' node selector operators (`NodeSelectorRequirement`). */
export const AFFINITY_OPERATORS: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
/** The security context fields mlpc offers (KFP's backend refuses capabilities and privileged containers). */
export const SECURITY_CONTEXT_FIELDS: readonly string[] = ["runAsUser", "runAsGroup", "runAsNonRoot"];

/** A number setting: a finite number, and a whole one where `integer` (counts, IDs). */
export function checkNumber(what: string, value: unknown, integer: boolean, loc: Loc): Diagnostic | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return M.notANumber.at(loc, what);
  if (integer && !Number.isInteger(value)) return M.notWholeNumber.at(loc, what);
  return undefined;
}

export function checkTolerationOperator(operator: unknown, loc: Loc): Diagnostic | undefined {
  return TOLERATION_OPERATORS.includes(operator as string) ? undefined : M.tolerationOperator.at(loc, String(operator));
}

export function checkTolerationEffect(effect: unknown, loc: Loc): Diagnostic | undefined {
  return TOLERATION_EFFECTS.includes(effect as string) ? undefined : M.tolerationEffect.at(loc, String(effect));
}

export function checkAffinityOperator(operator: unknown, loc: Loc): Diagnostic | undefined {
  return AFFINITY_OPERATORS.includes(operator as string) ? undefined : M.affinityOperator.at(loc, String(operator), AFFINITY_OPERATORS.join(", "));
}

/** A preferred term's weight: Kubernetes takes a whole number from 1 to 100. */
export function checkAffinityWeight(weight: unknown, loc: Loc): Diagnostic | undefined {
  return typeof weight === "number" && Number.isInteger(weight) && weight >= 1 && weight <= 100 ? undefined : M.affinityWeight.at(loc);
}

export function checkSecurityContextField(field: string, loc: Loc): Diagnostic | undefined {
  return SECURITY_CONTEXT_FIELDS.includes(field) ? undefined : M.securityContextField.at(loc, field);
}

/** `runAsUser` and `runAsGroup`: a whole number from 0. */
export function checkSecurityContextId(field: string, id: unknown, loc: Loc): Diagnostic | undefined {
  return typeof id === "number" && Number.isInteger(id) && id >= 0 ? undefined : M.securityContextId.at(loc, field);
}

/** `runAsNonRoot` and the other flags: true or false. */
export function checkFlag(what: string, value: unknown, loc: Loc): Diagnostic | undefined {
  return typeof value === "boolean" ? undefined : M.notABool.at(loc, what);
}

/** An emptyDir's medium: "Memory", or none (the node's disk; the empty string means none too). */
export function checkEmptyDirMedium(medium: unknown, loc: Loc): Diagnostic | undefined {
  return medium === "Memory" || medium === "" ? undefined : M.emptyDirMedium.at(loc, String(medium));
}

/** A schedule's concurrency policy (Argo's `concurrencyPolicy`), written in any case: `forbid` is `Forbid`. */
export function concurrencyPolicy(text: unknown): "Allow" | "Forbid" | "Replace" | undefined {
  if (typeof text !== "string") return undefined;
  return ({ allow: "Allow", forbid: "Forbid", replace: "Replace" } as const)[text.toLowerCase() as "allow"];
}
