import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request the fake API server received. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType?: string;
  readonly authorization?: string;
  readonly body?: unknown;
}

/**
 * What the server does with a request: answer it itself (return true), leave it to the default
 * behaviour (return false), or carry it out and then drop the connection (`"lose"`: a create that
 * succeeds but whose answer is lost) or answer 500 anyway (`"500"`). Handlers are consulted in order.
 */
export type Fault = (req: Received, res: ServerResponse, socket: Socket) => boolean | "lose" | "500";

/** The API groups the fake cluster has installed, with their kinds (all namespaced). */
const GROUPS: Record<string, { kind: string; name: string }[]> = {
  "argoproj.io/v1alpha1": [
    { kind: "Workflow", name: "workflows" },
    { kind: "WorkflowTemplate", name: "workflowtemplates" },
    { kind: "CronWorkflow", name: "cronworkflows" },
  ],
  "serving.kserve.io/v1beta1": [{ kind: "InferenceService", name: "inferenceservices" }],
  "kubeflow.org/v1beta1": [{ kind: "Experiment", name: "experiments" }],
};

export const TOKEN = "test-token";

/** The user the token authenticates, as SelfSubjectReview names it. */
export const USER = "tester";

/** A permission the fake cluster's RBAC does not grant: `verb` on `group`/`resource` (in `namespace`, else anywhere). */
export interface Deny {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
  /** What the review's `status.reason` says (RBAC itself says nothing). */
  readonly reason?: string;
}

export const REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
export const SELF_REVIEWS = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

/** A request that creates an object (a POST that is not a review). */
export function creates(q: Received): boolean {
  return q.method === "POST" && q.path !== REVIEWS && q.path !== SELF_REVIEWS;
}

/** The fields of `spec.resourceAttributes` (ResourceAttributes, authorization.k8s.io/v1) and their types. */
const RESOURCE_ATTRIBUTES: Record<string, "string" | "object"> = {
  namespace: "string",
  verb: "string",
  group: "string",
  version: "string",
  resource: "string",
  subresource: "string",
  name: "string",
  fieldSelector: "object",
  labelSelector: "object",
};

/**
 * What is wrong with a SelfSubjectAccessReview body, by the API's shape: apiVersion and kind, only
 * `metadata` and `spec` (status is the server's), exactly one of `spec.resourceAttributes` and
 * `spec.nonResourceAttributes`, only ResourceAttributes' fields with their types, a verb.
 */
export function reviewProblems(body: unknown): string[] {
  const problems: string[] = [];
  const b = body as { apiVersion?: unknown; kind?: unknown; spec?: Record<string, unknown> } & Record<string, unknown>;
  if (typeof b !== "object" || b === null) return ["the body is not an object"];
  if (b.apiVersion !== "authorization.k8s.io/v1") problems.push(`apiVersion is ${JSON.stringify(b.apiVersion)}`);
  if (b.kind !== "SelfSubjectAccessReview") problems.push(`kind is ${JSON.stringify(b.kind)}`);
  for (const key of Object.keys(b)) if (!["apiVersion", "kind", "metadata", "spec"].includes(key)) problems.push(`unknown field ${key}`);
  const spec = b.spec ?? {};
  for (const key of Object.keys(spec)) if (key !== "resourceAttributes" && key !== "nonResourceAttributes") problems.push(`unknown field spec.${key}`);
  if ((spec.resourceAttributes === undefined) === (spec.nonResourceAttributes === undefined)) problems.push("exactly one of nonResourceAttributes or resourceAttributes must be specified");
  const attrs = (spec.resourceAttributes ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(attrs)) {
    if (RESOURCE_ATTRIBUTES[key] === undefined) problems.push(`unknown field spec.resourceAttributes.${key}`);
    else if (typeof value !== RESOURCE_ATTRIBUTES[key]) problems.push(`spec.resourceAttributes.${key} is not a ${RESOURCE_ATTRIBUTES[key]}`);
  }
  if (spec.resourceAttributes !== undefined && (typeof attrs.verb !== "string" || attrs.verb === "")) problems.push("spec.resourceAttributes.verb is required");
  return problems;
}

/**
 * A Kubernetes API server on 127.0.0.1 (random port) for the requests `mlpc submit` makes:
 * discovery of a group version, create (POST, with generateName) and server-side apply (PATCH with
 * application/apply-patch+yaml), bearer-token auth, `Status` bodies for errors.
 */
export class FakeKube {
  readonly received: Received[] = [];
  readonly faults: Fault[] = [];
  /** API groups left out, as if their CRDs were not installed. */
  readonly missing = new Set<string>();
  /** Permissions RBAC does not grant: the reviews say so, and the requests are answered 403. */
  readonly deny: Deny[] = [];
  /** False: the server serves no SelfSubjectAccessReview (404), as an API server without the group. */
  reviewsServed = true;
  /** Undefined: the server serves no SelfSubjectReview (404; before Kubernetes 1.28). */
  user: string | undefined = USER;
  /** What was wrong with the review bodies received (see `reviewProblems`). */
  readonly problems: string[] = [];
  /** The objects created (POST), in order. */
  readonly created: { path: string; object: { metadata: { name: string; labels?: Record<string, string> } } }[] = [];
  /**
   * Every object stored (created or applied, not in a dry run), by `COLLECTION/NAME`, with the watch
   * events of its versions: lists and watches read them.
   */
  readonly objects = new Map<string, { object: Stored; events: WatchEvent[] }>();
  /**
   * Scripted progressions, by collection path: once a watch of an object there opens, each status is
   * set on it in turn, `everyMs` apart, as MODIFIED events (a controller at work).
   */
  readonly scripts = new Map<string, { statuses: unknown[]; everyMs: number }>();
  /** The next `n` watch requests are answered with an ERROR event 410 Expired (a resourceVersion too old). */
  expire = 0;
  /** The next `times` watch streams are dropped (the connection destroyed) instead of sending the event after `events` events. */
  drop = { events: 0, times: 0 };
  /** The query of each watch request, in order. */
  readonly watches: Record<string, string>[] = [];
  private version = 100;
  private readonly streams = new Set<{ key: string; res: ServerResponse; sent: number; dropAfter?: number; socket: Socket }>();
  private readonly timers = new Set<ReturnType<typeof setInterval>>();
  private readonly started = new Set<string>();
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private generated = 0;

  /** Stores `object` in `collection` (a path such as /apis/argoproj.io/v1alpha1/namespaces/ml/workflows), as if created. */
  put(collection: string, object: { metadata: { name: string; [key: string]: unknown }; [key: string]: unknown }): void {
    this.store(collection, object as Stored, "ADDED");
  }

  /** Stores a new version of an object and tells the open watches of it. */
  private store(collection: string, object: Stored, type: "ADDED" | "MODIFIED" | "DELETED"): Stored {
    const key = `${collection}/${object.metadata.name}`;
    const stored: Stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.version) } };
    const entry: { object: Stored; events: WatchEvent[] } = this.objects.get(key) ?? { object: stored, events: [] };
    entry.object = stored;
    entry.events.push({ type, object: stored });
    this.objects.set(key, entry);
    for (const s of this.streams) if (s.key === key) this.send(s, { type, object: stored });
    return stored;
  }

  /** Sets the status of a stored object (a MODIFIED event), as its controller would. */
  setStatus(collection: string, name: string, status: unknown): void {
    const entry = this.objects.get(`${collection}/${name}`);
    if (entry !== undefined) this.store(collection, { ...entry.object, status }, "MODIFIED");
  }

  /** Deletes a stored object (a DELETED event). */
  remove(collection: string, name: string): void {
    const entry = this.objects.get(`${collection}/${name}`);
    if (entry !== undefined) this.store(collection, entry.object, "DELETED");
  }

  private send(stream: { res: ServerResponse; sent: number; dropAfter?: number; socket: Socket }, event: WatchEvent): void {
    if (stream.res.destroyed) return;
    // The connection drops where the next event would have gone: the client must ask for it again.
    if (stream.dropAfter !== undefined && stream.sent >= stream.dropAfter) return void stream.socket.destroy();
    stream.res.write(JSON.stringify(event) + "\n");
    stream.sent++;
  }

  /** A watch request (`?watch=true`): the events after `resourceVersion`, then each new one as it happens. */
  private watch(received: Received, collection: string, res: ServerResponse, socket: Socket): true {
    this.watches.push(received.query);
    const name = /^metadata\.name=(.+)$/.exec(received.query.fieldSelector ?? "")?.[1] ?? "";
    const key = `${collection}/${name}`;
    res.writeHead(200, { "content-type": "application/json" });
    if (this.expire > 0) {
      this.expire--;
      const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `too old resource version: ${received.query.resourceVersion} (${this.version})`, reason: "Expired", code: 410 };
      res.end(JSON.stringify({ type: "ERROR", object: status }) + "\n");
      return true;
    }
    const stream = { key, res, sent: 0, socket, ...(this.drop.times > 0 ? { dropAfter: this.drop.events } : {}) };
    if (this.drop.times > 0) this.drop.times--;
    this.streams.add(stream);
    res.on("close", () => this.streams.delete(stream));
    const since = Number(received.query.resourceVersion ?? "0");
    for (const e of this.objects.get(key)?.events ?? []) if (Number(e.object.metadata.resourceVersion) > since) this.send(stream, e);
    const script = this.scripts.get(collection);
    if (script !== undefined && !this.started.has(key) && this.objects.has(key)) {
      this.started.add(key);
      const statuses = [...script.statuses];
      const timer = setInterval(() => {
        const next = statuses.shift();
        const entry = this.objects.get(key);
        if (next === undefined || entry === undefined) return void clearInterval(timer);
        this.store(collection, { ...entry.object, status: next }, "MODIFIED");
      }, script.everyMs);
      this.timers.add(timer);
    }
    return true;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The requests that write objects (not discovery, lists or reviews). */
  writes(): Received[] {
    return this.received.filter((r) => r.method !== "GET" && r.path !== REVIEWS && r.path !== SELF_REVIEWS);
  }

  /** The `spec.resourceAttributes` of the SelfSubjectAccessReviews received, in order. */
  reviews(): unknown[] {
    return this.received.filter((r) => r.path === REVIEWS).map((r) => (r.body as { spec?: { resourceAttributes?: unknown } }).spec?.resourceAttributes);
  }

  /** The deny entry that forbids `verb` on `group`/`resource` in `namespace`, if any. */
  private denied(verb: string, group: string, resource: string, namespace: string | undefined): Deny | undefined {
    return this.deny.find((d) => d.verb === verb && d.group === group && d.resource === resource && (d.namespace === undefined || d.namespace === namespace));
  }

  /** The reviews: a SelfSubjectAccessReview answered from the deny list, a SelfSubjectReview with the user. */
  private review(received: Received, res: ServerResponse | ServerResponseSink): true {
    if (received.path === SELF_REVIEWS) {
      if (this.user === undefined) return status(res, 404, "NotFound", "the server could not find the requested resource");
      return json(res, 201, { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview", metadata: { creationTimestamp: null }, status: { userInfo: { username: this.user, groups: ["system:authenticated"] } } });
    }
    if (!this.reviewsServed) return status(res, 404, "NotFound", "the server could not find the requested resource");
    const problems = reviewProblems(received.body);
    this.problems.push(...problems);
    if (problems.length > 0) return status(res, 422, "Invalid", `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ${problems.join("; ")}`);
    const body = received.body as { spec: { resourceAttributes: { verb: string; group?: string; resource?: string; namespace?: string } } };
    const a = body.spec.resourceAttributes;
    const deny = this.denied(a.verb, a.group ?? "", a.resource ?? "", a.namespace);
    const answer = deny === undefined ? { allowed: true } : { allowed: false, ...(deny.reason === undefined ? {} : { reason: deny.reason }) };
    return json(res, 201, { ...body, metadata: { creationTimestamp: null }, status: answer });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean | void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const received: Received = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers["content-type"],
      authorization: req.headers.authorization,
      body: text === "" ? undefined : (JSON.parse(text) as unknown),
    };
    this.received.push(received);
    let after: "lose" | "500" | undefined;
    for (const fault of this.faults) {
      const outcome = fault(received, res, req.socket);
      if (outcome === true) return;
      if (outcome !== false) {
        after = outcome;
        break;
      }
    }
    if (after !== undefined) {
      this.answer(received, url, new ServerResponseSink());
      if (after === "lose") return void req.socket.destroy();
      return status(res, 500, "InternalError", "etcdserver: request timed out");
    }
    if (received.method === "GET" && received.query.watch === "true" && received.authorization === `Bearer ${TOKEN}`) {
      const collection = /^\/apis\/[^/]+\/[^/]+\/namespaces\/[^/]+\/[^/]+$/.test(url.pathname) ? url.pathname : undefined;
      if (collection !== undefined) return this.watch(received, collection, res, req.socket);
    }
    return this.answer(received, url, res);
  }

  /** The server's own handling of a request. */
  private answer(received: Received, url: URL, res: ServerResponse | ServerResponseSink): boolean | void {
    if (received.authorization !== `Bearer ${TOKEN}`) return status(res, 401, "Unauthorized", "Unauthorized");
    if (received.method === "POST" && (received.path === REVIEWS || received.path === SELF_REVIEWS)) return this.review(received, res);

    const discovery = /^\/apis\/([^/]+\/[^/]+)$/.exec(url.pathname);
    if (received.method === "GET" && discovery) {
      const gv = discovery[1];
      if (this.missing.has(gv) || GROUPS[gv] === undefined) return status(res, 404, "NotFound", "the server could not find the requested resource");
      return json(res, 200, {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: gv,
        resources: GROUPS[gv].map((r) => ({ name: r.name, singularName: r.kind.toLowerCase(), namespaced: true, kind: r.kind, verbs: ["create", "get", "patch"] })),
      });
    }
    const object = received.body as { metadata: { name?: string; generateName?: string; labels?: Record<string, string> } };
    // RBAC, as the API server answers a request it forbids.
    const at = /^\/apis\/([^/]+)\/[^/]+\/namespaces\/([^/]+)\/([^/]+)/.exec(url.pathname);
    const verb = received.method === "POST" ? "create" : received.method === "PATCH" ? "patch" : "list";
    if (at !== null && this.denied(verb, at[1], at[3], at[2]) !== undefined) {
      const [, group, namespace, resource] = at;
      const message = `${resource}.${group} is forbidden: User "${this.user ?? USER}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${namespace}"`;
      return status(res, 403, "Forbidden", message, { group, kind: resource });
    }
    if (received.method === "GET") {
      // A list, with `labelSelector` of `key=value` terms and `fieldSelector` metadata.name=NAME.
      const terms = (received.query.labelSelector ?? "").split(",").filter((t) => t !== "").map((t) => t.split("="));
      const name = /^metadata\.name=(.+)$/.exec(received.query.fieldSelector ?? "")?.[1];
      const items = [...this.objects.entries()]
        .filter(([key, o]) => key === `${url.pathname}/${o.object.metadata.name}` && o.events.at(-1)?.type !== "DELETED")
        .map(([, o]) => o.object)
        .filter((o) => (name === undefined || o.metadata.name === name) && terms.every(([k, v]) => o.metadata.labels?.[k] === v));
      return json(res, 200, { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowList", metadata: { resourceVersion: String(this.version) }, items });
    }
    if (received.method === "POST") {
      const name = object.metadata.name ?? `${object.metadata.generateName ?? ""}${(++this.generated).toString().padStart(5, "x")}`;
      const made = { ...object, metadata: { ...object.metadata, name, uid: "u-1" } };
      if (received.query.dryRun === undefined) {
        this.created.push({ path: url.pathname, object: made });
        return json(res, 201, this.store(url.pathname, made as Stored, "ADDED"));
      }
      return json(res, 201, made);
    }
    if (received.method === "PATCH") {
      const made = { ...object, metadata: { ...object.metadata, uid: "u-2" } };
      if (received.query.dryRun !== undefined) return json(res, 200, made);
      const collection = url.pathname.slice(0, url.pathname.lastIndexOf("/"));
      const prior = this.objects.get(url.pathname)?.object;
      return json(res, 200, this.store(collection, { ...prior, ...made } as Stored, prior === undefined ? "ADDED" : "MODIFIED"));
    }
    return status(res, 405, "MethodNotAllowed", "method not allowed");
  }
}

/** An object as the fake stores it. */
interface Stored {
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/** One event of a watch stream. */
interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly object: Stored;
}

/** Where an answer goes that is never sent (the server acted, then its answer was lost). */
class ServerResponseSink {
  writeHead(): this {
    return this;
  }
  end(): void {}
}

export function json(res: ServerResponse | ServerResponseSink, code: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(code, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/** A `Status` body as the API server sends it for an error. */
export function status(res: ServerResponse | ServerResponseSink, code: number, reason: string, message: string, details?: unknown, headers: Record<string, string> = {}): true {
  return json(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details === undefined ? {} : { details }), code }, headers);
}

/** A kubeconfig with contexts `test` (namespace ml) and `other` (namespace team) for `server`. */
export function kubeconfig(server: string, token = TOKEN): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${server}
    # plain http on 127.0.0.1: the client allows it only without TLS verification
    insecure-skip-tls-verify: true
users:
- name: tester
  user:
    token: ${token}
contexts:
- name: test
  context:
    cluster: fake
    user: tester
    namespace: ml
- name: other
  context:
    cluster: fake
    user: tester
    namespace: team
current-context: test
`;
}
