import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";

/**
 * What `submit` asks the Kubernetes API server before it creates anything: one
 * SelfSubjectAccessReview (authorization.k8s.io/v1) per verb it is about to use on each resource, so
 * that a missing permission is reported before the first object exists.
 */

/** One permission submit needs: `verb` on `group`/`resource` (in `namespace`, on object `name`). */
export interface AccessCheck {
  readonly verb: string;
  /** The API group; "" for the core group. */
  readonly group: string;
  /** The plural resource name, as discovery names it (`workflows`). */
  readonly resource: string;
  /** Undefined for a cluster-scoped resource. */
  readonly namespace?: string;
  /** The object's name, when the request names it (an apply); RBAC may grant a verb on named objects only. */
  readonly name?: string;
  /** What submit does with the verb, for the message: `create Workflow 'fit-'`. */
  readonly purpose: string;
}

/** Where a manifest goes, as discovery found it. */
export interface Target {
  readonly kind: string;
  readonly group: string;
  readonly plural: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * The verbs submit uses for one object: a create (a Workflow with a generated name) needs `create`,
 * and `list`, with which a create whose answer is lost is looked for before it is sent again; a
 * server-side apply needs `get`, `create` and `patch` (the API server checks `create` when the object
 * does not exist yet), on the named object.
 */
export function accessChecks(target: Target, create: boolean): AccessCheck[] {
  const at = { group: target.group, resource: target.plural, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) };
  if (create) {
    return [
      { ...at, verb: "create", purpose: `create ${target.kind} '${target.name}'` },
      { ...at, verb: "list", purpose: `look for ${target.kind} '${target.name}' before creating it again after an answer is lost` },
    ];
  }
  const purpose = `apply ${target.kind} '${target.name}' server-side`;
  return ["get", "create", "patch"].map((verb) => ({ ...at, verb, name: target.name, purpose }));
}

/** What makes two checks the same question (two Workflows of one namespace share their `list`). */
export function checkKey(check: AccessCheck): string {
  return JSON.stringify([check.verb, check.group, check.resource, check.namespace ?? "", check.name ?? ""]);
}

/** The SelfSubjectAccessReview that asks whether the caller may do `check`. */
export function reviewBody(check: AccessCheck): {
  apiVersion: string;
  kind: string;
  spec: { resourceAttributes: { namespace?: string; verb: string; group: string; resource: string; name?: string } };
} {
  return {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectAccessReview",
    spec: {
      resourceAttributes: {
        ...(check.namespace === undefined ? {} : { namespace: check.namespace }),
        verb: check.verb,
        group: check.group,
        resource: check.resource,
        ...(check.name === undefined ? {} : { name: check.name }),
      },
    },
  };
}

/** `workflows.argoproj.io`, as kubectl names a resource (`pods` in the core group). */
export function resourceName(check: Pick<AccessCheck, "group" | "resource">): string {
  return check.group === "" ? check.resource : `${check.resource}.${check.group}`;
}

/**
 * The error for a denied check: the verb, the resource, the namespace, the user when the server said
 * who the caller is (`user`), and the review's `reason` when it gave one.
 */
export function deniedDiagnostic(check: AccessCheck, user: string | undefined, reason: string | undefined): Diagnostic {
  const resource = resourceName(check);
  const where = check.namespace === undefined ? " cluster-wide" : ` in namespace '${check.namespace}'`;
  const who = user === undefined ? "you" : `the user '${user}'`;
  const role = check.namespace === undefined ? "ClusterRole" : "Role";
  const said = reason === undefined || reason.trim() === "" ? "" : ` (the server says: ${reason.trim().replace(/\.$/, "")})`;
  return M.accessDenied.at(undefined, who, check.verb, resource, where, check.purpose, role, said);
}

/**
 * A 403 answer as a diagnostic, from its `Status` message. RBAC's denials read `… is forbidden: User
 * "NAME" cannot VERB resource …`: they are MLP9036, naming that user. Anything else forbidden (an
 * admission webhook, a policy, an exceeded quota) is not fixed by a Role: MLP9081, with the message.
 */
export function forbiddenDiagnostic(verb: string, resource: string, namespace: string, message: string): Diagnostic {
  const rbac = / is forbidden: User "((?:[^"\\]|\\.)*)" cannot /.exec(message);
  if (rbac === null) return M.clusterRefused.at(undefined, verb, resource, namespace, message.replace(/\.$/, ""));
  // The server quotes the name as Go's %q does; a backslash escapes the next character.
  return M.clusterForbidden.at(undefined, rbac[1].replace(/\\(.)/g, "$1"), verb, resource, namespace, message);
}
