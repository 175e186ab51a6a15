import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { M } from "../diagnostics/catalog.js";
import { ATTEMPTS, backoffDelay, sleep } from "./retry.js";
import { SubmitFailure } from "./submit-cluster.js";

/** How `submit -t kfp` reaches the KFP API server. */
export interface KfpConnection {
  /** The API's base address (`https://host/pipeline`); request paths are appended to it. */
  readonly host: string;
  /** The bearer token, sent as `Authorization: Bearer …` when given. */
  readonly token?: string;
  /** `--insecure-skip-tls-verify`: accept any certificate. */
  readonly insecure: boolean;
  /** Milliseconds each request may take. */
  readonly timeoutMs: number;
  /** The first backoff between attempts, in milliseconds. */
  readonly retryBase: number;
  /** The multi-user namespace, for the 403 message. */
  readonly namespace?: string;
}

/** One request to the KFP API: a JSON body, a multipart file upload, or neither. */
export interface KfpRequest {
  readonly method: "GET" | "POST";
  /** The path below the base address, such as `/apis/v2beta1/runs`. */
  readonly path: string;
  /** Query parameters; undefined ones are left out. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly json?: unknown;
  /** A `multipart/form-data` upload of one file in the field `uploadfile` (the upload endpoints). */
  readonly upload?: { readonly fileName: string; readonly content: string };
}

/** A create whose outcome is unknown: the server may or may not have done it (5xx, reset, timeout). */
class UnknownOutcome extends Error {}

/** What one HTTP exchange gave: a response, or a transport failure with its error code. */
type Exchange =
  | { readonly kind: "response"; readonly status: number; readonly headers: IncomingHttpHeaders; readonly text: string }
  | { readonly kind: "failed"; readonly code: string; readonly message: string };

/** The fixed multipart boundary: the compiled YAML is text mlpc wrote, which never holds it. */
const BOUNDARY = "mlpc-upload-7f3e9c1d5b";

/**
 * A client of the KFP REST API (v2beta1) for `submit`: retries what is safe to repeat (every GET; a
 * create only when the server says it did not act, 429) and turns every failure into a diagnostic
 * (thrown as `SubmitFailure`).
 */
export class KfpApi {
  constructor(private readonly conn: KfpConnection) {}

  /** `METHOD /path` as messages name a request (the query, a filter's JSON mostly, would hide it). */
  describe(req: KfpRequest): string {
    return `${req.method} ${req.path}`;
  }

  /** A read: repeated on 429, 5xx, reset connections and timeouts, up to `ATTEMPTS` times. */
  async get<T>(req: KfpRequest): Promise<T> {
    let last = "";
    for (let i = 1; ; i++) {
      const got = await this.exchange(req);
      const retry = this.retryable(got, true);
      if (retry === undefined) return this.result<T>(req, got);
      last = retry.why;
      if (i >= ATTEMPTS) throw this.givingUp(req, got, last);
      await sleep(backoffDelay(i, this.conn.retryBase, retry.retryAfter));
    }
  }

  /**
   * Creates something at most once. `look` finds what an earlier attempt may have created (a safe
   * read, by the name or token the body carries). The create is sent; on 429 it is sent again after
   * `Retry-After`; when its outcome is unknown (5xx, a reset connection, a timeout), mlpc looks first
   * and sends it again only when nothing was created. Returns the object and whether `look` found it.
   */
  async createOnce<T>(req: KfpRequest, look: () => Promise<T | undefined>): Promise<{ value: T; recovered: boolean }> {
    let last = "";
    for (let i = 1; ; i++) {
      const got = await this.exchange(req);
      const retry = this.retryable(got, false);
      let unknown = false;
      if (retry === undefined) {
        try {
          return { value: this.result<T>(req, got), recovered: false };
        } catch (err) {
          if (!(err instanceof UnknownOutcome)) throw err;
          unknown = true;
          last = err.message;
        }
      } else last = retry.why;
      if (unknown) {
        const found = await look();
        if (found !== undefined) return { value: found, recovered: true };
      }
      if (i >= ATTEMPTS) throw this.givingUp(req, got, last);
      await sleep(backoffDelay(i, this.conn.retryBase, retry?.retryAfter));
    }
  }

  /** The failure after the last attempt: a timeout says so (MLP9069), anything else is MLP9070. */
  private givingUp(req: KfpRequest, got: Exchange, last: string): SubmitFailure {
    if (got.kind === "failed" && got.code === "timeout") return new SubmitFailure(M.kfpTimeout.at(undefined, this.conn.host, this.conn.timeoutMs / 1000, this.describe(req)));
    return new SubmitFailure(M.kfpGaveUp.at(undefined, this.describe(req), ATTEMPTS, last));
  }

  /**
   * Whether to send `req` again after `got`, and why: 429 always (the server did not act on it);
   * 5xx, resets and timeouts only for a read (`safe`). A create's 5xx, reset or timeout is left to
   * `result`, which reports it as an unknown outcome.
   */
  private retryable(got: Exchange, safe: boolean): { why: string; retryAfter?: string } | undefined {
    if (got.kind === "response") {
      if (got.status === 429) return { why: "429 Too Many Requests", retryAfter: header(got.headers, "retry-after") };
      if (safe && got.status >= 500) return { why: `${got.status} ${errorMessage(got.text) ?? ""}`.trim() };
      return undefined;
    }
    if (safe && (got.code === "ECONNRESET" || got.code === "EPIPE")) return { why: "a reset connection" };
    if (safe && got.code === "timeout") return { why: `no answer within ${this.conn.timeoutMs / 1000}s` };
    return undefined;
  }

  /** The parsed body of a successful response, else the failure as a diagnostic or `UnknownOutcome`. */
  private result<T>(req: KfpRequest, got: Exchange): T {
    const what = this.describe(req);
    if (got.kind === "failed") {
      if (got.code === "ECONNRESET" || got.code === "EPIPE") throw new UnknownOutcome("a reset connection");
      if (got.code === "timeout") throw new UnknownOutcome(`no answer within ${this.conn.timeoutMs / 1000}s`);
      throw new SubmitFailure(M.kfpUnreachable.at(undefined, this.conn.host, got.message));
    }
    const { status, text } = got;
    if (status >= 200 && status < 300) {
      try {
        return (text.trim() === "" ? {} : JSON.parse(text)) as T;
      } catch {
        throw new SubmitFailure(M.kfpError.at(undefined, what, status, `the answer is not JSON: ${clip(text)}`));
      }
    }
    const message = errorMessage(text) ?? `HTTP ${status}`;
    if (status >= 500 && req.method === "POST") throw new UnknownOutcome(`${status} ${message}`);
    if (status === 401) throw new SubmitFailure(M.kfpUnauthorized.at(undefined, this.conn.host, message));
    if (status === 403) throw new SubmitFailure(M.kfpForbidden.at(undefined, what, this.conn.namespace ?? "(none given)", message));
    if (status === 404) throw new SubmitFailure(M.kfpNotFound.at(undefined, what, message));
    if (status === 409) throw new SubmitFailure(M.kfpConflict.at(undefined, what, message));
    if (status === 400 || status === 422) throw new SubmitFailure(M.kfpInvalid.at(undefined, what, status, message));
    throw new SubmitFailure(M.kfpError.at(undefined, what, status, message));
  }

  /** Sends `req` once. */
  private exchange(req: KfpRequest): Promise<Exchange> {
    const url = new URL(this.conn.host.replace(/\/+$/, "") + req.path + queryString(req.query));
    const { body, contentType } = encodeBody(req);
    const headers: Record<string, string> = { accept: "application/json" };
    if (contentType !== undefined) headers["content-type"] = contentType;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    if (this.conn.token !== undefined) headers.authorization = `Bearer ${this.conn.token}`;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const done = (e: Exchange): void => {
        if (settled) return;
        settled = true;
        resolve(e);
      };
      const r = send(url, { method: req.method, headers, rejectUnauthorized: !this.conn.insecure, timeout: this.conn.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done({ kind: "response", status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err: NodeJS.ErrnoException) => done({ kind: "failed", code: err.code ?? "ECONNRESET", message: err.message }));
      });
      r.on("timeout", () => {
        done({ kind: "failed", code: "timeout", message: "timed out" });
        r.destroy();
      });
      r.on("error", (err: NodeJS.ErrnoException) => done({ kind: "failed", code: err.code ?? "ERROR", message: err.message }));
      r.end(body);
    });
  }
}

/** The body of `req` and its content type. */
function encodeBody(req: KfpRequest): { body?: string; contentType?: string } {
  if (req.upload !== undefined) {
    const body =
      `--${BOUNDARY}\r\n` +
      `Content-Disposition: form-data; name="uploadfile"; filename="${req.upload.fileName.replace(/"/g, "")}"\r\n` +
      `Content-Type: application/x-yaml\r\n\r\n` +
      `${req.upload.content}\r\n` +
      `--${BOUNDARY}--\r\n`;
    return { body, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
  }
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: "application/json" };
  return {};
}

/** `?a=1&b=2` for the defined query parameters, in the order given; empty when there are none. */
function queryString(query: KfpRequest["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.append(k, v);
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The message of a KFP error body (`googleRpcStatus`: `message`; grpc-gateway also sends `error`), else its text. */
function errorMessage(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof v.message === "string" && v.message !== "") return v.message;
    if (typeof v.error === "string" && v.error !== "") return v.error;
  } catch {
    // not JSON: the text itself
  }
  return text.trim() === "" ? undefined : clip(text);
}

function clip(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}
