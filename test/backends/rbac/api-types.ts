import * as k8s from "@kubernetes/client-node";

/**
 * The fields of a Kubernetes object checked against the API's types as `@kubernetes/client-node`
 * generates them from the Kubernetes OpenAPI spec (`V1Role.getAttributeTypeMap()`…): an unknown
 * field, a value of the wrong JSON type or a missing required field is a problem. The upstream
 * validators in ../shared/tools know Argo, Katib and KServe but not rbac.authorization.k8s.io, so
 * this is what checks the RBAC back end's objects.
 */
export function apiProblems(object: unknown, type: string, path = ""): string[] {
  if (type === "string") return typeof object === "string" ? [] : [`${path}: must be a string`];
  if (type === "boolean") return typeof object === "boolean" ? [] : [`${path}: must be a boolean`];
  const list = /^Array<(.+)>$/.exec(type);
  if (list !== null) return Array.isArray(object) ? object.flatMap((item, i) => apiProblems(item, list[1], `${path}/${i}`)) : [`${path}: must be a list`];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map !== null) return isObject(object) ? Object.entries(object).flatMap(([k, v]) => apiProblems(v, map[1], `${path}/${k}`)) : [`${path}: must be a mapping`];
  const model = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => { name: string; baseName: string; type: string }[] }>)[type];
  if (model?.getAttributeTypeMap === undefined) throw new Error(`no API type ${type} in @kubernetes/client-node`);
  if (!isObject(object)) return [`${path}: must be a mapping (${type})`];
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  const problems = Object.keys(object).filter((k) => !fields.has(k)).map((k) => `${path}/${k}: unknown field of ${type}`);
  for (const required of REQUIRED[type] ?? []) if (!(required in object)) problems.push(`${path}/${required}: required in ${type}`);
  for (const [k, v] of Object.entries(object)) if (fields.has(k)) problems.push(...apiProblems(v, fields.get(k)!, `${path}/${k}`));
  return problems;
}

/** The required fields of the types checked here (the Kubernetes API reference: rbac.authorization.k8s.io/v1). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  V1PolicyRule: ["verbs"],
  V1RoleRef: ["apiGroup", "kind", "name"],
  RbacV1Subject: ["kind", "name"],
  V1RoleBinding: ["roleRef"],
};

/** The client-node type of each kind the RBAC back end writes. */
export const KIND_TYPES: Readonly<Record<string, string>> = { ServiceAccount: "V1ServiceAccount", Role: "V1Role", RoleBinding: "V1RoleBinding" };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
