import type { PolicyRule } from "./rules.js";

type Spec = Record<string, unknown>;

const RBAC_API = "rbac.authorization.k8s.io";

/**
 * The three objects that give a service account its permissions in a namespace: the `ServiceAccount`
 * (v1), a `Role` with `rules` and a `RoleBinding` of that Role to the account
 * (rbac.authorization.k8s.io/v1). None names a namespace: `kubectl apply -n NAMESPACE` puts them in
 * the namespace the runs use, and a RoleBinding's `ServiceAccount` subject without a namespace is
 * the account of the binding's own namespace.
 */
export function accountObjects(account: string, role: string, rules: readonly PolicyRule[]): Spec[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: account } },
    { apiVersion: `${RBAC_API}/v1`, kind: "Role", metadata: { name: role }, rules: rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })) },
    {
      apiVersion: `${RBAC_API}/v1`,
      kind: "RoleBinding",
      metadata: { name: role },
      roleRef: { apiGroup: RBAC_API, kind: "Role", name: role },
      subjects: [{ kind: "ServiceAccount", name: account }],
    },
  ];
}
