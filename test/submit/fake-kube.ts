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
  /** The objects created (POST), in order. */
  readonly created: { path: string; object: { metadata: { name: string; labels?: Record<string, string> } } }[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private generated = 0;

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
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The requests other than discovery. */
  writes(): Received[] {
    return this.received.filter((r) => r.method !== "GET");
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
    return this.answer(received, url, res);
  }

  /** The server's own handling of a request. */
  private answer(received: Received, url: URL, res: ServerResponse | ServerResponseSink): boolean | void {
    if (received.authorization !== `Bearer ${TOKEN}`) return status(res, 401, "Unauthorized", "Unauthorized");

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
    if (received.method === "GET") {
      // A list, with `labelSelector` of `key=value` terms.
      const terms = (received.query.labelSelector ?? "").split(",").filter((t) => t !== "").map((t) => t.split("="));
      const items = this.created.filter((c) => c.path === url.pathname && terms.every(([k, v]) => c.object.metadata.labels?.[k] === v)).map((c) => c.object);
      return json(res, 200, { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowList", metadata: { resourceVersion: "1" }, items });
    }
    if (received.method === "POST") {
      const name = object.metadata.name ?? `${object.metadata.generateName ?? ""}${(++this.generated).toString().padStart(5, "x")}`;
      const made = { ...object, metadata: { ...object.metadata, name, uid: "u-1" } };
      if (received.query.dryRun === undefined) this.created.push({ path: url.pathname, object: made });
      return json(res, 201, made);
    }
    if (received.method === "PATCH") return json(res, 200, { ...object, metadata: { ...object.metadata, uid: "u-2" } });
    return status(res, 405, "MethodNotAllowed", "method not allowed");
  }
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
