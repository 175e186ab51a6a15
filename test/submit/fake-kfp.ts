import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { Ajv, type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";

/**
 * A KFP API server (REST API v2beta1) on 127.0.0.1 for the requests `mlpc submit -t kfp` makes, with
 * the server's semantics where mlpc depends on them: pipeline names unique per namespace, version
 * names unique per pipeline, experiment names unique per namespace, list filters (EQUALS on a key),
 * bearer-token auth, errors as `googleRpcStatus` bodies. Every request is checked against the
 * upstream swagger (`../shared/upstream/kfp/api`): its path and method, its query parameters, and
 * its JSON body against the definition the swagger names, with unknown fields refused — an answer
 * 400 with `swagger:` in the message, and `violations` records it.
 */

const API = new URL("../../../shared/upstream/kfp/api/", import.meta.url);

interface Swagger {
  readonly paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; type?: string; schema?: { $ref: string } }[] }>>;
  readonly definitions: Record<string, unknown>;
}

/** The single-file swagger plus the upload swagger's paths. */
function loadSwagger(): Swagger {
  const main = JSON.parse(readFileSync(new URL("kfp_api_single_file.swagger.json", API), "utf8")) as Swagger;
  const upload = JSON.parse(readFileSync(new URL("pipeline.upload.swagger.json", API), "utf8")) as Swagger;
  return { paths: { ...main.paths, ...upload.paths }, definitions: main.definitions };
}

/**
 * Swagger 2 definitions as JSON Schema (draft-07 `definitions` with the same `$ref`s). Objects with
 * properties and no `additionalProperties` get `additionalProperties: false`, so a misspelt field
 * (`displayName` for `display_name`) is refused instead of being dropped as the server would.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)])) : strict(v);
  if ("properties" in out && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

/** A request the fake received. */
export interface KfpReceived {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body?: unknown;
  /** The uploaded file's text, for the upload endpoints. */
  readonly upload?: string;
}

/**
 * What the server does with a request before its own handling: `true` when the fault answered it,
 * `false` to leave it alone, or what to do after carrying the request out: `"lose"` drops the
 * connection instead of answering (a create that succeeds but whose response is lost), `"500"`
 * answers 500 although it succeeded, `{ delayMs }` answers that late. Faults are consulted in order.
 */
export type KfpFault = (req: KfpReceived, res: ServerResponse, socket: Socket) => boolean | "lose" | "500" | { readonly delayMs: number };

export const KFP_TOKEN = "kfp-test-token";

interface Stored {
  pipelines: { pipeline_id: string; name: string; display_name?: string; description?: string; namespace?: string; created_at: string }[];
  versions: { pipeline_id: string; pipeline_version_id: string; name: string; display_name?: string; description?: string; created_at: string; content: string; tags?: Record<string, string> }[];
  experiments: { experiment_id: string; display_name: string; namespace?: string; created_at: string }[];
  runs: Record<string, unknown>[];
  recurringRuns: Record<string, unknown>[];
}

export class FakeKfp {
  readonly received: KfpReceived[] = [];
  readonly faults: KfpFault[] = [];
  /** Requests the swagger check refused: a bug in mlpc when not empty. */
  readonly violations: string[] = [];
  readonly stored: Stored = { pipelines: [], versions: [], experiments: [], runs: [], recurringRuns: [] };
  /**
   * A run's progression: each `GET /apis/v2beta1/runs/{id}` first sets the next of these on the run
   * (its `state`, `run_details`, `error`…), as the backend does while the run goes on.
   */
  readonly progression: Record<string, unknown>[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private ids = 0;
  private readonly swagger = loadSwagger();
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat("int64", { type: "string", validate: (s: string) => /^-?\d+$/.test(s) });
    this.ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });
    this.ajv.addFormat("byte", { type: "string", validate: () => true });
  }

  /** Starts listening; with `tls` (a PEM key and certificate) over https. Returns the base address. */
  async start(tls?: { readonly key: string; readonly cert: string }): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = tls === undefined ? createServer(handler) : createHttpsServer(tls, handler);
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `${tls === undefined ? "http" : "https"}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The requests other than reads. */
  writes(): KfpReceived[] {
    return this.received.filter((r) => r.method !== "GET");
  }

  private id(prefix: string): string {
    return `${prefix}-${++this.ids}`;
  }

  /** The definition `name` of the swagger as a validator. */
  private validator(name: string): ValidateFunction {
    const known = this.validators.get(name);
    if (known !== undefined) return known;
    const made = this.ajv.compile({ definitions: strict(this.swagger.definitions), $ref: `#/definitions/${name}` } as object);
    this.validators.set(name, made);
    return made;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const contentType = req.headers["content-type"];
    let body: unknown;
    let upload: string | undefined;
    if (contentType?.startsWith("multipart/form-data")) upload = multipartFile(raw, contentType);
    else if (raw !== "") {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        return void rpcError(res, 400, 3, "the body is not JSON");
      }
    }
    const received: KfpReceived = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      contentType,
      body,
      upload,
    };
    this.received.push(received);
    let after: "lose" | "500" | { readonly delayMs: number } | undefined;
    for (const fault of this.faults) {
      const outcome = fault(received, res, req.socket);
      if (outcome === true) return;
      if (outcome !== false) {
        after = outcome;
        break;
      }
    }
    if (received.authorization !== `Bearer ${KFP_TOKEN}`) {
      return void rpcError(res, 401, 16, "Unauthenticated: Request header error: there is no user identity header.");
    }
    const problem = this.checkSwagger(received, raw);
    if (problem !== undefined) {
      this.violations.push(`${received.method} ${received.path}: ${problem}`);
      return void rpcError(res, 400, 3, `swagger: ${problem}`);
    }
    const answer = this.route(received);
    if (after === "lose") return void req.socket.destroy();
    if (after === "500") return void rpcError(res, 500, 13, "Internal error: the database did not answer in time");
    if (after !== undefined) await new Promise((r) => setTimeout(r, after.delayMs));
    if (res.destroyed) return;
    if ("error" in answer) return void rpcError(res, answer.status, answer.code, answer.error);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  }

  /** What is wrong with the request by the swagger, or undefined. */
  private checkSwagger(q: KfpReceived, raw: string): string | undefined {
    // A literal path (`/pipelines/upload_version`) before a template that also matches it (`/pipelines/{pipeline_id}`).
    const templates = Object.keys(this.swagger.paths).sort((a, b) => Number(a.includes("{")) - Number(b.includes("{")));
    const template = templates.find((t) => pathMatches(t, q.path) && this.swagger.paths[t][q.method.toLowerCase()] !== undefined);
    const op = template === undefined ? undefined : this.swagger.paths[template][q.method.toLowerCase()];
    if (op === undefined) return `no operation ${q.method} ${q.path}`;
    const params = op.parameters ?? [];
    for (const name of Object.keys(q.query)) {
      const p = params.find((x) => x.in === "query" && x.name === name);
      if (p === undefined) return `unknown query parameter '${name}'`;
      if (p.type === "integer" && !/^-?\d+$/.test(q.query[name])) return `query parameter '${name}' is not an integer`;
      if (name === "filter") {
        const parsed = safeJson(q.query.filter);
        if (parsed === undefined || !this.validator("v2beta1Filter")(parsed)) return `filter is not a v2beta1Filter: ${this.ajv.errorsText(this.validator("v2beta1Filter").errors)}`;
      }
    }
    const bodyParam = params.find((p) => p.in === "body");
    if (bodyParam !== undefined) {
      if (q.contentType !== "application/json") return `content type ${q.contentType ?? "(none)"}, not application/json`;
      if (raw === "") return "no body";
      const def = bodyParam.schema?.$ref.replace("#/definitions/", "") ?? "";
      const validate = this.validator(def);
      if (!validate(q.body)) return `the body is not a ${def}: ${this.ajv.errorsText(validate.errors)}`;
    } else if (params.some((p) => p.in === "formData")) {
      if (q.upload === undefined) return "no multipart field 'uploadfile'";
      if (q.query.tags !== undefined) {
        const tags = safeJson(q.query.tags);
        if (typeof tags !== "object" || tags === null || Object.values(tags).some((v) => typeof v !== "string")) return "tags is not a JSON map of strings";
      }
    } else if (raw !== "") return "a body where the operation takes none";
    return undefined;
  }

  /** The server's handling of a request it accepted. */
  private route(q: KfpReceived): { body: unknown } | { status: number; code: number; error: string } {
    const s = this.stored;
    const now = "2026-12-06T03:00:00Z";
    const filter = parseFilter(q.query.filter);
    const page = <T>(items: T[]): T[] => (q.query.page_size === undefined ? items : items.slice(0, Number(q.query.page_size)));
    const inNamespace = (ns: string | undefined) => q.query.namespace === undefined || ns === q.query.namespace;
    const p = q.path;
    if (q.method === "GET" && p === "/apis/v2beta1/pipelines") {
      const found = s.pipelines.filter((x) => inNamespace(x.namespace) && filter(x as Record<string, unknown>));
      return { body: listBody("pipelines", page(found.map(({ ...x }) => x)), found.length) };
    }
    if (q.method === "POST" && p === "/apis/v2beta1/pipelines") {
      const b = q.body as { name?: string; display_name?: string; description?: string; namespace?: string };
      if (b.name === undefined || b.name === "") return { status: 400, code: 3, error: "Invalid input error: pipeline name is required" };
      if (s.pipelines.some((x) => x.name === b.name && x.namespace === b.namespace)) return { status: 409, code: 6, error: `Already exist error: pipeline with name ${b.name} already exists` };
      const made = { pipeline_id: this.id("p"), name: b.name, display_name: b.display_name, description: b.description, namespace: b.namespace, created_at: now };
      s.pipelines.push(made);
      return { body: made };
    }
    const versions = /^\/apis\/v2beta1\/pipelines\/([^/]+)\/versions$/.exec(p);
    if (q.method === "GET" && versions) {
      const id = decodeURIComponent(versions[1]);
      if (!s.pipelines.some((x) => x.pipeline_id === id)) return { status: 404, code: 5, error: `Pipeline ${id} not found` };
      const found = s.versions.filter((v) => v.pipeline_id === id && filter(v as unknown as Record<string, unknown>)).map(({ content: _c, ...v }) => v);
      return { body: listBody("pipeline_versions", page(found), found.length) };
    }
    if (q.method === "POST" && p === "/apis/v2beta1/pipelines/upload_version") {
      const id = q.query.pipelineid ?? "";
      if (!s.pipelines.some((x) => x.pipeline_id === id)) return { status: 404, code: 5, error: `Pipeline ${id} not found` };
      const name = q.query.name ?? "";
      if (s.versions.some((v) => v.pipeline_id === id && v.name === name)) return { status: 409, code: 6, error: `Already exist error: pipeline version with name ${name} already exists` };
      const spec = pipelineSpec(q.upload ?? "");
      if (typeof spec === "string") return { status: 400, code: 3, error: `Invalid input error: ${spec}` };
      const made = { pipeline_id: id, pipeline_version_id: this.id("v"), name, display_name: q.query.display_name, description: q.query.description, created_at: now, content: q.upload ?? "", tags: q.query.tags === undefined ? undefined : (JSON.parse(q.query.tags) as Record<string, string>) };
      s.versions.push(made);
      const { content: _c, ...shown } = made;
      return { body: shown };
    }
    if (q.method === "GET" && p === "/apis/v2beta1/experiments") {
      const found = s.experiments.filter((x) => inNamespace(x.namespace) && filter(x as unknown as Record<string, unknown>));
      return { body: listBody("experiments", page(found), found.length) };
    }
    if (q.method === "POST" && p === "/apis/v2beta1/experiments") {
      const b = q.body as { display_name?: string; namespace?: string };
      if (b.display_name === undefined || b.display_name === "") return { status: 400, code: 3, error: "Invalid input error: Experiment must have a non-empty name" };
      if (s.experiments.some((x) => x.display_name === b.display_name && x.namespace === b.namespace)) return { status: 409, code: 6, error: `Already exist error: experiment ${b.display_name} already exists` };
      const made = { experiment_id: this.id("e"), display_name: b.display_name, namespace: b.namespace, created_at: now };
      s.experiments.push(made);
      return { body: made };
    }
    const one = /^\/apis\/v2beta1\/runs\/([^/:]+)$/.exec(p);
    if (q.method === "GET" && one) {
      const id = decodeURIComponent(one[1]);
      const run = s.runs.find((r) => r.run_id === id);
      if (run === undefined) return { status: 404, code: 5, error: `Run ${id} not found` };
      Object.assign(run, this.progression.shift() ?? {});
      return { body: run };
    }
    if (q.method === "GET" && (p === "/apis/v2beta1/runs" || p === "/apis/v2beta1/recurringruns")) {
      const all = p === "/apis/v2beta1/runs" ? s.runs : s.recurringRuns;
      const found = all.filter((r) => (q.query.experiment_id === undefined || r.experiment_id === q.query.experiment_id) && filter(r));
      return { body: listBody(p === "/apis/v2beta1/runs" ? "runs" : "recurringRuns", page(found), found.length) };
    }
    if (q.method === "POST" && (p === "/apis/v2beta1/runs" || p === "/apis/v2beta1/recurringruns")) {
      const b = q.body as Record<string, unknown> & { pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string }; experiment_id?: string };
      const ref = b.pipeline_version_reference;
      if (!s.versions.some((v) => v.pipeline_id === ref?.pipeline_id && v.pipeline_version_id === ref?.pipeline_version_id)) return { status: 404, code: 5, error: "Pipeline version not found" };
      if (b.experiment_id !== undefined && !s.experiments.some((e) => e.experiment_id === b.experiment_id)) return { status: 404, code: 5, error: `Experiment ${b.experiment_id} not found` };
      if (p === "/apis/v2beta1/runs") {
        const made = { ...b, run_id: this.id("r"), experiment_id: b.experiment_id ?? "default", state: "PENDING", created_at: now };
        s.runs.push(made);
        return { body: made };
      }
      const made = { ...b, recurring_run_id: this.id("rr"), experiment_id: b.experiment_id ?? "default", status: "ENABLED", created_at: now };
      s.recurringRuns.push(made);
      return { body: made };
    }
    return { status: 404, code: 5, error: `Not Found: ${q.method} ${p}` };
  }
}

/** Whether a swagger path template (`/apis/v2beta1/pipelines/{pipeline_id}/versions`) matches `path`. */
function pathMatches(template: string, path: string): boolean {
  const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
  return re.test(path);
}

/** A list response: the items under `field`, with `total_size`. */
function listBody(field: string, items: unknown[], total: number): Record<string, unknown> {
  return items.length === 0 ? { total_size: total } : { [field]: items, total_size: total };
}

/** A filter's EQUALS predicates as a test (the keys mlpc uses: name, display_name). */
function parseFilter(text: string | undefined): (item: Record<string, unknown>) => boolean {
  if (text === undefined) return () => true;
  const f = JSON.parse(text) as { predicates?: { key: string; operation: string; string_value?: string }[] };
  return (item) => (f.predicates ?? []).every((p) => p.operation === "EQUALS" && item[p.key] === p.string_value);
}

/** The uploaded file in a multipart body's `uploadfile` field, or undefined. */
function multipartFile(raw: string, contentType: string): string | undefined {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (boundary === undefined) return undefined;
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (!/name="uploadfile"/.test(head)) continue;
    return part.slice(split + 4).replace(/\r\n$/, "");
  }
  return undefined;
}

/** The uploaded file's first YAML document when it is a PipelineSpec, else why not. */
function pipelineSpec(text: string): Record<string, unknown> | string {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0) return "the file is empty";
  if (docs.some((d) => d.errors.length > 0)) return "the file is not YAML";
  const spec = docs[0].toJS() as Record<string, unknown> | null;
  if (spec === null || typeof spec !== "object" || (spec.pipelineInfo as { name?: unknown } | undefined)?.name === undefined || spec.root === undefined) {
    return "the file is not a pipeline spec (no pipelineInfo.name or root)";
  }
  return spec;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An error answer shaped as the KFP API server's: a `googleRpcStatus` (plus grpc-gateway's `error`). */
export function rpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ error: message, code, message, details: [] }));
  return true;
}
