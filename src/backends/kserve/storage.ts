import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Serve } from "../../ir/types.js";

/**
 * URI schemes KServe's storage initializer downloads itself (python/storage): cloud buckets, a
 * PersistentVolumeClaim (`pvc://claim/path`), the Hugging Face Hub, OCI images (as a modelcar, or
 * mounted natively with `oci+native://`), plain HTTP(S) files and HDFS.
 */
const BUILT_IN_SCHEMES = new Set(["s3", "gs", "pvc", "hf", "oci", "oci+native", "http", "https", "hdfs", "webhdfs"]);

/** An MLflow model-registry URI: `models:/<name>/<version or stage>` (or `models:/<model id>`). */
const MLFLOW_REGISTRY = /^models:\//;

/**
 * The `storageUri` of a top-level serve, checked as far as a URI can be without the cluster: it is a
 * URI with a scheme, the part after `scheme://` is not empty, and it has no spaces (MLP4304). A scheme
 * KServe does not download itself is a warning (MLP4305), and an MLflow registry URI, which KServe
 * serves only with the `mlflow` model format, one too (MLP4306, MLP4307 for another format).
 * `undefined` when there is no URI to write.
 */
export function storageUri(serve: Serve, diagnostics: Diagnostic[]): string | undefined {
  const storage = serve.model.storage;
  if (storage.kind !== "string") {
    // The validator (reference-scope) reports references outside pipelines; this is a literal that is no URI.
    diagnostics.push(M.kserveInvalidStorageUri.at(storage.loc, "", "a serve outside a pipeline takes its model from a URI string"));
    return undefined;
  }
  const uri = storage.value;
  const bad = (why: string): undefined => {
    diagnostics.push(M.kserveInvalidStorageUri.at(storage.loc, uri, why));
    return undefined;
  };
  if (/\s/.test(uri)) return bad("it contains white space");
  if (MLFLOW_REGISTRY.test(uri)) {
    if (!/^models:\/[^/]+/.test(uri)) return bad("an MLflow registry URI names a model, as in models:/fraud/3");
    if (serve.model.format !== "mlflow") diagnostics.push(M.kserveMlflowFormat.at(storage.loc, serve.model.format));
    diagnostics.push(M.kserveMlflowRegistry.at(storage.loc, uri));
    return uri;
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(uri);
  if (m === null) return bad("it has no scheme; write it as s3://…, gs://…, pvc://…, hf://…, oci://… or https://…");
  const [, scheme, rest] = m;
  if (rest === "" || rest.startsWith("/")) return bad(`'${scheme}://' is not followed by a bucket, claim, host or repository`);
  if (scheme === "pvc" && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/|$)/.test(rest)) {
    return bad("a pvc:// URI starts with the name of a PersistentVolumeClaim, as in pvc://model-store/fraud/v3");
  }
  if (!BUILT_IN_SCHEMES.has(scheme.toLowerCase())) diagnostics.push(M.kserveUnknownStorageScheme.at(storage.loc, uri, `${scheme}://`));
  return uri;
}
