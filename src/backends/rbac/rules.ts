import { parse } from "yaml";
import { compareCodePoints } from "../../output/yaml.js";

type Spec = Record<string, unknown>;

/** A rule of a `Role` (rbac.authorization.k8s.io/v1 `PolicyRule`): verbs on resources of API groups. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * What the pods of a run need, by service account: for each account, the verbs it needs on each
 * resource (`<group>/<resource>`). Built up over the Workflows a pipeline runs as (`addWorkflow`).
 */
export type Permissions = Map<string, Map<string, Set<string>>>;

/**
 * What Argo's executor (the emissary, Argo ≥ 3.4) needs in every pod of a Workflow: it reports the
 * step's outputs and progress as a `WorkflowTaskResult`, which it creates and then patches
 * (Argo's "Workflow RBAC" documentation: the minimum for the executor to function).
 */
export const EXECUTOR_RULE: PolicyRule = { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] };

/**
 * The verbs an Argo `resource` template's action takes on its manifest's kind. `apply` is
 * `kubectl apply`: it reads the object, then creates it or patches it. Only the actions the Argo back
 * end writes are listed; another one is a bug to fix here first.
 */
const ACTION_VERBS: Readonly<Record<string, readonly string[]>> = {
  apply: ["create", "get", "patch"],
  // `kubectl create`, then the executor reads the object until its success or failure condition holds,
  // and reads the output parameters' `jsonPath`s with `kubectl get`.
  create: ["create", "get"],
};

/** The resource (plural) of each kind a `resource` template may hold, by `<apiVersion>/<kind>`. */
const RESOURCES: Readonly<Record<string, string>> = {
  "serving.kserve.io/v1beta1/InferenceService": "inferenceservices",
  // The training jobs of distributed steps (src/backends/kubernetes/training.ts).
  "trainer.kubeflow.org/v1alpha1/TrainJob": "trainjobs",
  "kubeflow.org/v1/PyTorchJob": "pytorchjobs",
  "kubeflow.org/v1/TFJob": "tfjobs",
};

/** The template fields whose templates run in a pod (the others, `dag` and `steps`, run in the controller). */
const POD_TEMPLATES = ["container", "script", "resource"] as const;

/**
 * Adds what the pods of one Workflow spec (a `Workflow`'s or `WorkflowTemplate`'s `spec`, a
 * `CronWorkflow`'s `workflowSpec`, a Katib trial's `trialSpec.spec`) need to `into`: each pod runs as
 * its template's `serviceAccountName`, else the Workflow's, else `account`; every pod needs
 * `EXECUTOR_RULE`, and a `resource` template's pod the verbs of its action on its manifest's kind.
 */
export function addWorkflow(spec: Spec, account: string, into: Permissions): void {
  const runAccount = (spec.serviceAccountName as string | undefined) ?? account;
  for (const template of (spec.templates as Spec[] | undefined) ?? []) {
    if (!POD_TEMPLATES.some((k) => template[k] !== undefined)) {
      if (template.dag === undefined && template.steps === undefined) throw new Error(`rbac: template '${String(template.name)}' runs neither in a pod nor in the controller`);
      continue;
    }
    const permissions = accountPermissions(into, (template.serviceAccountName as string | undefined) ?? runAccount);
    grant(permissions, EXECUTOR_RULE.apiGroups[0], EXECUTOR_RULE.resources[0], EXECUTOR_RULE.verbs);
    const resource = template.resource as Spec | undefined;
    if (resource !== undefined) {
      const { group, plural } = manifestResource(resource.manifest as string);
      const verbs = ACTION_VERBS[resource.action as string];
      if (verbs === undefined) throw new Error(`rbac: no verbs known for the resource action '${String(resource.action)}'`);
      grant(permissions, group, plural, verbs);
    }
  }
}

/** The rules of one account's permissions: one per resource, sorted by API group then resource, verbs sorted. */
export function policyRules(permissions: ReadonlyMap<string, ReadonlySet<string>>): PolicyRule[] {
  return [...permissions.keys()].sort(compareCodePoints).map((key) => {
    const slash = key.lastIndexOf("/");
    return { apiGroups: [key.slice(0, slash)], resources: [key.slice(slash + 1)], verbs: [...permissions.get(key)!].sort(compareCodePoints) };
  });
}

function accountPermissions(into: Permissions, account: string): Map<string, Set<string>> {
  let permissions = into.get(account);
  if (permissions === undefined) into.set(account, (permissions = new Map()));
  return permissions;
}

function grant(permissions: Map<string, Set<string>>, group: string, resource: string, verbs: readonly string[]): void {
  const key = `${group}/${resource}`;
  const set = permissions.get(key) ?? new Set<string>();
  for (const v of verbs) set.add(v);
  permissions.set(key, set);
}

/** The API group and resource of a `resource` template's manifest (the text the Argo back end wrote). */
function manifestResource(manifest: string): { group: string; plural: string } {
  const object = parse(manifest) as { apiVersion?: string; kind?: string };
  const plural = RESOURCES[`${object.apiVersion}/${object.kind}`];
  if (plural === undefined) throw new Error(`rbac: no resource known for ${object.apiVersion} ${object.kind}`);
  const slash = (object.apiVersion ?? "").lastIndexOf("/");
  return { group: slash < 0 ? "" : object.apiVersion!.slice(0, slash), plural };
}
