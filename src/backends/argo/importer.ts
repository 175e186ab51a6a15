import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Expr } from "../../ir/types.js";
import type { ArtifactRoot } from "./artifacts.js";
import { valueText, type ValueScope } from "./values.js";

/** AWS S3's endpoint, for an imported `s3://` artifact outside the artifact repository's bucket. */
export const AWS_S3_ENDPOINT = "s3.amazonaws.com";

/**
 * Where an importer's artifact comes from, as the location of an Argo input artifact. `gs://b/k` is
 * `gcs: { bucket, key }` and `http(s)://…` is `http: { url }`, complete locations. An S3 location is
 * complete only with an endpoint — Argo replaces an incomplete one by its artifact repository's,
 * keeping only the key, which would read another bucket — so `s3://b/k` is:
 * - `s3: { key: k }` (a key-only artifact, read from the artifact repository) when `b` is the bucket
 *   of the pipeline's `artifactRoot`, which names the repository's bucket;
 * - otherwise a complete AWS S3 location (`endpoint: s3.amazonaws.com`, `useSDKCreds`: the pod's AWS
 *   credentials), with a warning (MLP4123) that another S3-compatible store cannot be reached so.
 * The part after the bucket (or the whole URL) may be computed at run time (`"s3://bucket/${key}"`);
 * the scheme and bucket must be written, since Argo keeps them in separate fields (MLP4104). Other
 * schemes are MLP4103. `undefined` when there is an error.
 */
export function importSource(
  uri: Expr,
  root: ArtifactRoot | undefined,
  scope: ValueScope,
  deps: Set<string>,
  diagnostics: Diagnostic[],
): Record<string, unknown> | undefined {
  // The literal head of the URI (up to its first run-time part) decides scheme and bucket.
  let head = "";
  if (uri.kind === "string") head = uri.value;
  else if (uri.kind === "interpolation") {
    for (const p of uri.parts) {
      if (typeof p !== "string") break;
      head += p;
    }
  }
  const text = valueText(uri, scope, deps);
  if (!text.ok) return undefined; // reported by the scope
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(head)?.[1];
  if (scheme === undefined) {
    if (uri.kind === "string") diagnostics.push(M.argoImporterScheme.at(uri.loc, uri.value, "scheme-less"));
    else diagnostics.push(M.argoImporterRuntimeUri.at(uri.loc));
    return undefined;
  }
  const rest = text.text.slice(scheme.length + 3);
  switch (scheme.toLowerCase()) {
    case "http":
    case "https":
      return { http: { url: text.text } };
    case "s3":
    case "gs": {
      const headRest = head.slice(scheme.length + 3);
      const slash = headRest.indexOf("/");
      if (slash <= 0) {
        diagnostics.push(M.argoImporterRuntimeUri.at(uri.loc));
        return undefined;
      }
      const bucket = rest.slice(0, slash);
      const key = rest.slice(slash + 1);
      if (scheme.toLowerCase() === "gs") return { gcs: { bucket, key } };
      if (root?.field === "s3" && root.uri.split("/")[2] === bucket) return { s3: { key } };
      diagnostics.push(M.argoImporterOtherBucket.at(uri.loc, `s3://${bucket}`));
      return { s3: { endpoint: AWS_S3_ENDPOINT, bucket, key, useSDKCreds: true } };
    }
    default:
      diagnostics.push(M.argoImporterScheme.at(uri.loc, uri.kind === "string" ? uri.value : head, `${scheme}://`));
      return undefined;
  }
}
