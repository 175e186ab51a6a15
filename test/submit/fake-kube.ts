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
 * What the server does with a request: answer it itself (return true), or leave it to the default
 * behaviour (return false). Handlers are consulted in order; `once` ones are dropped after use.
 */
export type Fault = (req: Received, res: ServerResponse, socket: Socket) => boolean;

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
    for (const fault of this.faults) if (fault(received, res, req.socket)) return;
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
    const object = received.body as { metadata: { name?: string; generateName?: string } };
    if (received.method === "POST") {
      const name = object.metadata.name ?? `${object.metadata.generateName ?? ""}${(++this.generated).toString().padStart(5, "x")}`;
      return json(res, 201, { ...object, metadata: { ...object.metadata, name, uid: "u-1" } });
    }
    if (received.method === "PATCH") return json(res, 200, { ...object, metadata: { ...object.metadata, uid: "u-2" } });
    return status(res, 405, "MethodNotAllowed", "method not allowed");
  }
}

export function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(code, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/** A `Status` body as the API server sends it for an error. */
export function status(res: ServerResponse, code: number, reason: string, message: string, details?: unknown, headers: Record<string, string> = {}): true {
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
