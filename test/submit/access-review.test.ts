import { describe, expect, it } from "vitest";
import { accessChecks, checkKey, deniedDiagnostic, forbiddenDiagnostic, reviewBody } from "../../src/cli/access-review.js";

const WORKFLOW = { kind: "Workflow", group: "argoproj.io", plural: "workflows", namespace: "ml", name: "fit-" };

describe("accessChecks: the verbs submit uses", () => {
  it("a create: create and list on the collection, no name", () => {
    expect(accessChecks(WORKFLOW, true).map((c) => [c.verb, c.group, c.resource, c.namespace, c.name])).toEqual([
      ["create", "argoproj.io", "workflows", "ml", undefined],
      ["list", "argoproj.io", "workflows", "ml", undefined],
    ]);
  });

  it("an apply: get, create and patch on the named object", () => {
    const isvc = { kind: "InferenceService", group: "serving.kserve.io", plural: "inferenceservices", namespace: "serving", name: "scorer" };
    expect(accessChecks(isvc, false).map((c) => [c.verb, c.name, c.purpose])).toEqual([
      ["get", "scorer", "apply InferenceService 'scorer' server-side"],
      ["create", "scorer", "apply InferenceService 'scorer' server-side"],
      ["patch", "scorer", "apply InferenceService 'scorer' server-side"],
    ]);
  });

  it("two Workflows in one namespace ask the same question about list, and different ones in two namespaces", () => {
    const [, list] = accessChecks(WORKFLOW, true);
    const [, other] = accessChecks({ ...WORKFLOW, name: "train-" }, true);
    const [, elsewhere] = accessChecks({ ...WORKFLOW, namespace: "team" }, true);
    expect(checkKey(list)).toBe(checkKey(other));
    expect(checkKey(list)).not.toBe(checkKey(elsewhere));
  });
});

describe("reviewBody", () => {
  it("is a SelfSubjectAccessReview with resourceAttributes only; a cluster-scoped check has no namespace", () => {
    const [get] = accessChecks({ kind: "ClusterWorkflowTemplate", group: "argoproj.io", plural: "clusterworkflowtemplates", name: "fit" }, false);
    expect(reviewBody(get)).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: "get", group: "argoproj.io", resource: "clusterworkflowtemplates", name: "fit" } },
    });
  });
});

describe("deniedDiagnostic", () => {
  it("a cluster-scoped resource needs a ClusterRole", () => {
    const [, create] = accessChecks({ kind: "ClusterWorkflowTemplate", group: "argoproj.io", plural: "clusterworkflowtemplates", name: "fit" }, false);
    const d = deniedDiagnostic(create, "alice", "  ");
    expect(d.code).toBe("MLP9080");
    expect(d.message).toBe(
      "The cluster does not allow the user 'alice' to create clusterworkflowtemplates.argoproj.io cluster-wide, which submit needs to apply ClusterWorkflowTemplate 'fit' server-side; nothing was created: ask for a ClusterRole granting the verb 'create' on 'clusterworkflowtemplates.argoproj.io' cluster-wide, bound to the user 'alice'.",
    );
  });

  it("a core-group resource is named by its plural alone", () => {
    const [create] = accessChecks({ kind: "ConfigMap", group: "", plural: "configmaps", namespace: "ml", name: "c" }, false).slice(1);
    expect(deniedDiagnostic(create, undefined, undefined).message).toContain("allow you to create configmaps in namespace 'ml'");
  });
});

describe("forbiddenDiagnostic: a 403 read from its Status message", () => {
  it("RBAC's denial names the user it quotes, a service account too", () => {
    const message = 'workflows.argoproj.io is forbidden: User "system:serviceaccount:ci:deployer" cannot create resource "workflows" in API group "argoproj.io" in the namespace "ml"';
    const d = forbiddenDiagnostic("create", "workflows.argoproj.io", "ml", message);
    expect(d.code).toBe("MLP9036");
    expect(d.message).toBe(
      `The cluster does not allow the user 'system:serviceaccount:ci:deployer' to create workflows.argoproj.io in namespace 'ml' (403 Forbidden): a Role bound to 'system:serviceaccount:ci:deployer' must grant the verb 'create' on 'workflows.argoproj.io'; the server says: ${message}`,
    );
  });

  it("a user name with an escaped quote is unquoted", () => {
    const d = forbiddenDiagnostic("patch", "experiments.kubeflow.org", "ml", 'experiments.kubeflow.org "x" is forbidden: User "a\\"b" cannot patch resource "experiments"');
    expect(d.message).toMatch(/^The cluster does not allow the user 'a"b' to patch/);
  });

  it("anything else forbidden (a policy, a quota, a proxy's text) is MLP9081", () => {
    const d = forbiddenDiagnostic("create", "workflows.argoproj.io", "ml", 'workflows.argoproj.io "w" is forbidden: violates PodSecurity "restricted:latest".');
    expect(d.code).toBe("MLP9081");
    expect(d.message).toBe(
      `The cluster refuses to create workflows.argoproj.io in namespace 'ml' (403 Forbidden) for a reason other than RBAC (an admission policy or a quota): workflows.argoproj.io "w" is forbidden: violates PodSecurity "restricted:latest".`,
    );
    expect(forbiddenDiagnostic("list", "workflows.argoproj.io", "ml", "HTTP 403").code).toBe("MLP9081");
  });
});
