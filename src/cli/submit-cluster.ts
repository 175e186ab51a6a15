import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { M } from "../diagnostics/catalog.js";
import type { Manifest } from "./submit.js";
import { ATTEMPTS, backoffDelay, retryBase, sleep } from "./retry.js";
import { TOKEN_LABEL } from "./identity.js";
import { accessChecks, checkKey, deniedDiagnostic, forbiddenDiagnostic, reviewBody, type AccessCheck } from "./access-review.js";
export type { AccessCheck } from "./access-review.js";

/** A problem that ends `submit`, as the diagnostic to report. */
export class SubmitFailure extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    /** A 422's field errors (`details.causes`), which the caller may place at their source. */
    readonly invalid?: InvalidObject,
  ) {
    super(diagnostic.message);
  }
}

/** An object the cluster rejected as invalid (422), with the field errors it gave. */
export interface InvalidObject {
  readonly kind: string;
  readonly name: string;
  readonly causes: readonly { readonly field: string; readonly message: string }[];
}

/** A run on the cluster to follow: the object's kind and name in the connection's namespace. */
export interface FollowRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

export interface ConnectOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  /** Seconds each request may take. */
  readonly requestTimeout: number;
}

export interface Submitted {
  /** `workflows.argoproj.io`, as kubectl names it. */
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
  /** Found after its create's outcome was unknown (it was created once, by an earlier attempt). */
  readonly recovered?: boolean;
}

/** A permission submit needs and the cluster denies, with the index of the manifest that needs it. */
export interface Denial {
  readonly index: number;
  readonly diagnostic: Diagnostic;
}

export interface Cluster {
  /**
   * Asks the API server (SelfSubjectAccessReview) for every verb submitting `items` will use; returns
   * the denied ones. A server that does not serve the review (404), or forbids it, gets no questions:
   * the requests' own 403 answers then speak.
   */
  review(items: readonly { manifest: Manifest; create: boolean }[]): Promise<Denial[]>;
  submit(manifest: Manifest, how: { create: boolean; dryRun: boolean; force: boolean }): Promise<Submitted>;
  /** Asks the API server whether the caller may do each check; returns the denied ones (none when it serves no reviews). */
  reviewChecks(checks: readonly AccessCheck[]): Promise<{ check: AccessCheck; user?: string; reason?: string }[]>;
  /**
   * Follows an object until `onObject` returns true for a version of it or `signal` is aborted: it is
   * listed (by name), then watched from that list's resourceVersion (`?watch=true`, the client's
   * `Watch`). A stream that ends is opened again from the last resourceVersion seen; a 410 Gone (the
   * version is too old: an ERROR event or the answer's status) lists again. A missing object is
   * MLP9131, a deleted one MLP9132, a watch that cannot be opened again after `ATTEMPTS` tries MLP9133.
   * When the cluster refuses the watch itself (403: the caller may list but not watch), the object
   * is polled with lists instead (every `pollMs`, doubling up to 30 s while it does not change), and
   * `note` says so once.
   */
  follow(ref: FollowRef, onObject: (object: unknown) => boolean, signal: AbortSignal, poll?: { readonly pollMs: number; readonly note: (text: string) => void }): Promise<void>;
  /** The namespace the connection uses. */
  readonly namespace: string;
  /** The context the connection uses. */
  readonly context: string;
}

/** The controller that serves each API group submit writes to, for a missing CRD. */
const CONTROLLERS: Readonly<Record<string, string>> = {
  "argoproj.io": "Argo Workflows",
  "kubeflow.org": "Katib",
  "serving.kserve.io": "KServe",
};

/**
 * Loads the kubeconfig (or the in-cluster configuration), picks the context and namespace and
 * returns a client that submits manifests. `@kubernetes/client-node` is loaded here only.
 */
export async function connect(opts: ConnectOptions, env: Readonly<Record<string, string | undefined>>, file: string | "in-cluster" | Diagnostic): Promise<Cluster> {
  if (typeof file !== "string") throw new SubmitFailure(file);
  const k8s = await import("@kubernetes/client-node");
  const shown = file === "in-cluster" ? "in-cluster configuration" : file;
  const kc = loadKubeConfig(k8s, file, opts.context);
  if (!(kc instanceof k8s.KubeConfig)) throw new SubmitFailure(kc);
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  if (contextName === "" || context === null) throw new SubmitFailure(M.noCurrentContext.at(undefined, shown));
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new SubmitFailure(M.badKubeconfig.at(undefined, shown, `its context '${contextName}' names no cluster it defines`));
  const namespace = opts.namespace ?? context.namespace ?? "default";
  const server = cluster.server;
  const timeoutMs = opts.requestTimeout * 1000;
  const base = retryBase(env);

  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (ctx) => {
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          return ctx;
        },
        post: async (rsp) => rsp,
      },
    ],
  });
  /** `resource` (discovery of a group version's kinds) is protected in the client. */
  class ObjectApi extends k8s.KubernetesObjectApi {
    discover(apiVersion: string, kind: string) {
      return this.resource(apiVersion, kind);
    }
  }
  const api = new ObjectApi(config);

  /**
   * Runs `request`. 429 is sent again after its `Retry-After` (the server did not act on it). A 5xx,
   * a reset connection or a timeout is sent again when the request is `idempotent` (a read, an
   * apply); for a create it is an unknown outcome: `look` finds what the create may have made, which
   * is returned, and only when it finds nothing is the create sent again. Without `look`, a create's
   * unknown outcome is reported.
   */
  async function attempt<T>(what: string, verb: string, resource: string, idempotent: boolean, request: () => Promise<T>, look?: () => Promise<T | undefined>): Promise<T> {
    let last = "";
    let timedOut = false;
    for (let i = 1; ; i++) {
      let delay: number;
      let unknown = false;
      try {
        return await request();
      } catch (err) {
        const status = err instanceof k8s.ApiException ? (err.code as number) : undefined;
        if (status === undefined) {
          const code = errorCode(err);
          const reset = code === "ECONNRESET" || code === "EPIPE";
          if (code !== "timeout" && !reset) throw new SubmitFailure(M.clusterUnreachable.at(undefined, server, errorText(err)));
          timedOut = code === "timeout";
          if (!idempotent && look === undefined) {
            if (timedOut) throw new SubmitFailure(M.clusterTimeout.at(undefined, server, opts.requestTimeout, what));
            throw new SubmitFailure(M.clusterError.at(undefined, what, "a reset connection", `${errorText(err)}; the request may or may not have taken effect, so mlpc does not repeat it`));
          }
          unknown = !idempotent;
          last = timedOut ? `no answer within ${opts.requestTimeout}s` : "a reset connection";
          delay = backoffDelay(i, base, undefined);
        } else {
          timedOut = false;
          const body = statusBody((err as { body?: unknown }).body);
          const message = body.message ?? `HTTP ${status}`;
          if (status === 401) throw new SubmitFailure(M.clusterUnauthorized.at(undefined, server, contextName));
          if (status === 403) throw new SubmitFailure(forbiddenDiagnostic(verb, resource, namespace, message));
          const retryable = status === 429 || (status >= 500 && (idempotent || look !== undefined));
          if (!retryable) throw new Rejected(status, message, body);
          unknown = status !== 429 && !idempotent;
          last = `${status} ${body.reason ?? ""}`.trim();
          const after = status === 429 ? (err as { headers?: Record<string, string> }).headers?.["retry-after"] : undefined;
          delay = backoffDelay(i, base, after);
        }
      }
      if (unknown && look !== undefined) {
        const found = await look();
        if (found !== undefined) return found;
      }
      if (i >= ATTEMPTS) {
        if (timedOut) throw new SubmitFailure(M.clusterTimeout.at(undefined, server, opts.requestTimeout, what));
        throw new SubmitFailure(M.clusterGaveUp.at(undefined, what, ATTEMPTS, last));
      }
      await sleep(delay);
    }
  }

  /** Discovery of each kind, once: its plural, whether it is namespaced; a missing CRD is an error. */
  const resolved = new Map<string, Promise<Resolved>>();
  async function discover(manifest: Manifest): Promise<Resolved> {
    const [group] = manifest.apiVersion.includes("/") ? manifest.apiVersion.split("/") : [""];
    const controller = CONTROLLERS[group] ?? `the controller of ${manifest.apiVersion}`;
    const discovery = `GET /apis/${manifest.apiVersion}`;
    let info;
    try {
      info = await attempt(discovery, "get", manifest.apiVersion, true, () => api.discover(manifest.apiVersion, manifest.kind));
    } catch (err) {
      if (err instanceof Rejected && err.status === 404) info = undefined;
      else if (err instanceof Rejected) throw new SubmitFailure(M.clusterError.at(undefined, discovery, err.status, err.message));
      else throw err;
    }
    const plural = info?.name ?? `${manifest.kind.toLowerCase()}s`;
    const resource = group === "" ? plural : `${plural}.${group}`;
    if (info === undefined) throw new SubmitFailure(M.crdMissing.at(undefined, controller, resource));
    return { group, plural, resource, namespaced: info.namespaced };
  }
  function resolve(manifest: Manifest): Promise<Resolved> {
    const key = `${manifest.apiVersion} ${manifest.kind}`;
    const found = resolved.get(key) ?? discover(manifest);
    resolved.set(key, found);
    return found;
  }

  const authz = new k8s.AuthorizationV1Api(config);
  const authn = new k8s.AuthenticationV1Api(config);

  /** What the API server answers a SelfSubjectAccessReview: `allowed`, and why not; undefined when it serves none. */
  async function reviewed(check: AccessCheck): Promise<{ allowed: boolean; reason?: string } | undefined> {
    try {
      const answer = await attempt(`POST ${REVIEW_PATH}`, "create", "selfsubjectaccessreviews.authorization.k8s.io", true, () =>
        authz.createSelfSubjectAccessReview({ body: reviewBody(check) }),
      );
      const status = answer.status;
      return { allowed: status?.allowed === true, reason: status?.reason || status?.evaluationError || undefined };
    } catch (err) {
      if (err instanceof Rejected && err.status === 404) return undefined;
      if (err instanceof SubmitFailure && (err.diagnostic.code === M.clusterForbidden.code || err.diagnostic.code === M.clusterRefused.code)) return undefined;
      if (err instanceof Rejected) throw new SubmitFailure(M.clusterError.at(undefined, `POST ${REVIEW_PATH}`, err.status, err.message));
      throw err;
    }
  }

  /** The caller's user name (SelfSubjectReview, authentication.k8s.io/v1), when the server says it. */
  async function whoAmI(): Promise<string | undefined> {
    try {
      const answer = await attempt(`POST ${SELF_REVIEW_PATH}`, "create", "selfsubjectreviews.authentication.k8s.io", true, () =>
        authn.createSelfSubjectReview({ body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } }),
      );
      return answer.status?.userInfo?.username || undefined;
    } catch (err) {
      // Who the caller is only adds to the message: a server that does not say is no error.
      if (err instanceof Rejected || err instanceof SubmitFailure) return undefined;
      throw err;
    }
  }

  /** The denied checks among `checks`, with who the caller is; none when the server answers no reviews. */
  async function denials(checks: readonly AccessCheck[]): Promise<{ check: AccessCheck; user?: string; reason?: string }[]> {
    const denied: { check: AccessCheck; reason?: string }[] = [];
    for (const check of checks) {
      const answer = await reviewed(check);
      if (answer === undefined) return [];
      if (!answer.allowed) denied.push({ check, reason: answer.reason });
    }
    if (denied.length === 0) return [];
    const user = await whoAmI();
    return denied.map((d) => ({ ...d, user }));
  }

  return {
    namespace,
    context: contextName,
    reviewChecks: denials,

    async follow(ref, onObject, signal, poll) {
      const target = await resolve({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name } });
      const ns = target.namespaced ? namespace : undefined;
      const path = `/${target.group === "" ? "api" : "apis"}/${ref.apiVersion}${ns === undefined ? "" : `/namespaces/${ns}`}/${target.plural}`;
      const selector = `metadata.name=${ref.name}`;
      const watcher = new k8s.Watch(kc);
      let failures = 0;
      let last = "";
      let polling = false;
      let wait = poll?.pollMs ?? 1000;
      let seen: string | undefined;
      while (!signal.aborted) {
        const listed = await attempt(`GET ${path}?fieldSelector=${selector}`, "list", target.resource, true, () =>
          api.list(ref.apiVersion, ref.kind, ns, undefined, undefined, undefined, selector),
        );
        const item = listed.items[0];
        if (item === undefined) throw new SubmitFailure(M.watchNotFound.at(undefined, ref.kind, ref.name, ns === undefined ? "" : ` in namespace '${ns}'`));
        if (onObject(item)) return;
        let version = listed.metadata?.resourceVersion;
        if (polling) {
          const now = (item as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
          wait = now === seen ? Math.min(wait * 2, 30_000) : (poll?.pollMs ?? 1000);
          seen = now;
          await abortableSleep(wait, signal);
          continue;
        }
        let relist = false;
        while (!signal.aborted && !relist) {
          let events = 0;
          const outcome = await new Promise<WatchEnd>((settle) => {
            let controller: AbortController | undefined;
            let settled = false;
            const finish = (end: WatchEnd): void => {
              if (settled) return;
              settled = true;
              signal.removeEventListener("abort", stop);
              controller?.abort();
              settle(end);
            };
            const stop = (): void => finish({ kind: "stopped" });
            signal.addEventListener("abort", stop);
            watcher
              .watch(
                path,
                { fieldSelector: selector, resourceVersion: version, allowWatchBookmarks: true },
                (type: string, object: { metadata?: { resourceVersion?: string }; code?: number; message?: string }) => {
                  if (settled) return;
                  events++;
                  if (type === "ERROR") {
                    finish(object?.code === 410 ? { kind: "gone" } : { kind: "error", why: `${object?.code ?? "an"} error event: ${object?.message ?? ""}`.trim() });
                    return;
                  }
                  version = object?.metadata?.resourceVersion ?? version;
                  if (type === "BOOKMARK") return;
                  if (type === "DELETED") finish({ kind: "deleted" });
                  else if (onObject(object)) finish({ kind: "done" });
                },
                (err: unknown) => {
                  if (err === null || err === undefined) finish({ kind: "ended" });
                  else if ((err as { statusCode?: number }).statusCode === 410) finish({ kind: "gone" });
                  else if ((err as { statusCode?: number }).statusCode === 403) finish({ kind: "refused" });
                  else finish({ kind: "error", why: (err as { statusCode?: number }).statusCode !== undefined ? `${(err as { statusCode: number }).statusCode} ${errorText(err)}` : errorText(err) });
                },
              )
              .then((c) => {
                controller = c;
                if (settled) c.abort();
              }, (err: unknown) => finish({ kind: "error", why: errorText(err) }));
          });
          if (outcome.kind === "done" || outcome.kind === "stopped") return;
          if (outcome.kind === "deleted") throw new SubmitFailure(M.watchDeleted.at(undefined, ref.kind, ref.name));
          if (outcome.kind === "gone") {
            relist = true;
            continue;
          }
          if (outcome.kind === "refused") {
            polling = true;
            relist = true;
            poll?.note(`mlpc: the cluster does not allow you to watch ${target.resource}${ns === undefined ? "" : ` in namespace '${ns}'`} (403 Forbidden), only to list them: polling instead.\n`);
            continue;
          }
          // A stream that ended after events is a normal end (the server's watch timeout): open it again.
          if (outcome.kind === "ended" && events > 0) {
            failures = 0;
            continue;
          }
          failures++;
          last = "why" in outcome ? outcome.why : "a stream that ended at once";
          if (failures >= ATTEMPTS) throw new SubmitFailure(M.watchLost.at(undefined, `GET ${path}?watch=true`, ATTEMPTS, last));
          await abortableSleep(backoffDelay(failures, base, undefined), signal);
        }
      }
    },

    async review(items) {
      const seen = new Set<string>();
      const checks: { index: number; check: AccessCheck }[] = [];
      for (const [index, { manifest, create }] of items.entries()) {
        const target = await resolve(manifest);
        const name = manifest.metadata.name ?? manifest.metadata.generateName ?? "";
        const at = { kind: manifest.kind, group: target.group, plural: target.plural, name, namespace: target.namespaced ? namespace : undefined };
        for (const check of accessChecks(at, create)) {
          if (seen.has(checkKey(check))) continue;
          seen.add(checkKey(check));
          checks.push({ index, check });
        }
      }
      const denied = await denials(checks.map((c) => c.check));
      return denied.map((d) => ({ index: checks.find((c) => c.check === d.check)!.index, diagnostic: deniedDiagnostic(d.check, d.user, d.reason) }));
    },

    async submit(manifest, how) {
      const { group, plural, resource, namespaced } = await resolve(manifest);
      if (namespaced) manifest.metadata.namespace = namespace;
      const name = manifest.metadata.name ?? manifest.metadata.generateName ?? "";
      const dryRun = how.dryRun ? "All" : undefined;
      const verb = how.create ? "create" : "patch";
      const path = `/${group === "" ? "api" : "apis"}/${manifest.apiVersion}${namespaced ? `/namespaces/${namespace}` : ""}/${plural}${how.create ? "" : `/${name}`}`;
      const what = `${how.create ? "POST" : "PATCH"} ${path}`;
      let result: { metadata?: { name?: string } };
      let recovered = false;
      // A create is looked for by its client token (a label) when its outcome is unknown.
      const token = manifest.metadata.labels === undefined ? undefined : (manifest.metadata.labels as Record<string, string>)[TOKEN_LABEL];
      const look =
        how.create && token !== undefined && !how.dryRun
          ? async (): Promise<{ metadata?: { name?: string } } | undefined> => {
              const list = await attempt(`GET ${path}?labelSelector=${TOKEN_LABEL}=${token}`, "list", resource, true, () =>
                api.list(manifest.apiVersion, manifest.kind, namespaced ? namespace : undefined, undefined, undefined, undefined, undefined, `${TOKEN_LABEL}=${token}`),
              );
              const item = list.items[0];
              if (item !== undefined) recovered = true;
              return item;
            }
          : undefined;
      try {
        result = await attempt<{ metadata?: { name?: string } }>(
          what,
          verb,
          resource,
          !how.create,
          () =>
            how.create
              ? api.create(manifest, undefined, dryRun, "mlpc")
              : api.patch(manifest, undefined, dryRun, "mlpc", how.force ? true : undefined, k8s.PatchStrategy.ServerSideApply),
          look,
        );
      } catch (err) {
        if (!(err instanceof Rejected)) throw err;
        if (err.status === 409) throw new SubmitFailure(M.clusterConflict.at(undefined, manifest.kind, name, err.message));
        if (err.status === 422) {
          const causes = err.body.causes.map((c) => (c.field === undefined ? c.message : `${c.field}: ${c.message}`)).filter((c) => c !== undefined);
          const fields = err.body.causes.flatMap((c) => (c.field === undefined ? [] : [{ field: c.field, message: c.message ?? "invalid" }]));
          throw new SubmitFailure(
            M.clusterInvalid.at(undefined, manifest.kind, name, causes.length > 0 ? causes.join("; ") : err.message),
            fields.length > 0 && fields.length === err.body.causes.length ? { kind: manifest.kind, name, causes: fields } : undefined,
          );
        }
        throw new SubmitFailure(M.clusterError.at(undefined, what, err.status, err.message));
      }
      return { resource, name: result.metadata?.name ?? name, namespace: namespaced ? namespace : undefined, recovered };
    },
  };
}

/**
 * The bearer token the kubeconfig's user (of `context`, else the current one) presents — a token, a
 * token file, or what an exec or auth-provider plugin returns — for the KFP API when no other token is
 * given; undefined when that user authenticates otherwise (a client certificate). A kubeconfig that
 * cannot be used is its diagnostic.
 */
export async function kubeconfigBearer(file: string | "in-cluster", context: string | undefined): Promise<string | undefined | Diagnostic> {
  const k8s = await import("@kubernetes/client-node");
  const shown = file === "in-cluster" ? "in-cluster configuration" : file;
  const kc = loadKubeConfig(k8s, file, context);
  if (!(kc instanceof k8s.KubeConfig)) return kc;
  try {
    const init = await kc.applyToFetchOptions({});
    // The client builds a WHATWG Headers object (its type names the union).
    const auth = (init.headers as unknown as Headers).get("authorization");
    return auth !== null && auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
  } catch (err) {
    return M.badKubeconfig.at(undefined, shown, errorText(err));
  }
}

/** The kubeconfig in `file` (or the in-cluster one) with `context` made current, or why it cannot be used. */
function loadKubeConfig(k8s: typeof import("@kubernetes/client-node"), file: string, context: string | undefined): import("@kubernetes/client-node").KubeConfig | Diagnostic {
  const kc = new k8s.KubeConfig();
  try {
    if (file === "in-cluster") kc.loadFromCluster();
    else kc.loadFromFile(file);
  } catch (err) {
    return M.badKubeconfig.at(undefined, file === "in-cluster" ? "in-cluster configuration" : file, errorText(err));
  }
  if (context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context)) return M.unknownContext.at(undefined, context, names.map((n) => `'${n}'`).join(", ") || "none");
    kc.setCurrentContext(context);
  }
  return kc;
}

/** Where the API server serves the reviews submit asks for. */
const REVIEW_PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
const SELF_REVIEW_PATH = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

/** Waits `ms`, or less when `signal` is aborted. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/** How one watch stream ended. */
type WatchEnd =
  | { readonly kind: "done" | "stopped" | "deleted" | "gone" | "ended" | "refused" }
  | { readonly kind: "error"; readonly why: string };

/** A kind as discovery describes it. */
interface Resolved {
  readonly group: string;
  readonly plural: string;
  /** `workflows.argoproj.io`. */
  readonly resource: string;
  readonly namespaced: boolean;
}

/** A response mlpc neither retries nor reports in `attempt`: the caller says what it means. */
class Rejected extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: StatusBody,
  ) {
    super(message);
  }
}

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
  readonly causes: readonly { readonly field?: string; readonly message?: string }[];
}

/** The fields of a Kubernetes `Status` that submit reports; anything else as text. */
function statusBody(body: unknown): StatusBody {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return { message: body.trim() === "" ? undefined : body.trim().slice(0, 500), causes: [] };
    }
  }
  if (typeof value !== "object" || value === null) return { causes: [] };
  const v = value as { message?: unknown; reason?: unknown; details?: { causes?: unknown } };
  const causes = Array.isArray(v.details?.causes)
    ? (v.details.causes as { field?: unknown; message?: unknown }[]).map((c) => ({
        field: typeof c.field === "string" ? c.field : undefined,
        message: typeof c.message === "string" ? c.message : undefined,
      }))
    : [];
  return { message: typeof v.message === "string" ? v.message : undefined, reason: typeof v.reason === "string" ? v.reason : undefined, causes };
}

/** `timeout` for an aborted request, else the system error code (`ECONNREFUSED`, `ECONNRESET`…). */
function errorCode(err: unknown): string | undefined {
  const e = err as { name?: string; type?: string; code?: string; errno?: string; cause?: unknown };
  if (e?.name === "AbortError" || e?.type === "aborted") return "timeout";
  return e?.code ?? e?.errno ?? (e?.cause === undefined ? undefined : errorCode(e.cause));
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // The client prefixes errors of its discovery request; the request is named in the message already.
  return text.replace(/^Failed to fetch resource metadata for [^:]*: /, "").replace(/\.$/, "");
}
