import type { Pipeline } from "../../ir/types.js";

/**
 * Where output artifacts go on Argo when the pipeline has an `artifactRoot`, and how their URIs reach
 * the steps that read `x.uri`.
 *
 * **Key-only artifacts, not explicit locations.** Each output artifact names only its key
 * (`s3: { key: … }`, or `gcs: { key: … }` for a `gs://` root); the bucket, endpoint and credentials
 * stay those of the workflow's artifact repository (the cluster default, or the one
 * `artifactRepositoryRef` names), as Argo's "Key-Only Artifacts" page recommends. An explicit location
 * would have to carry the endpoint and the credential secrets, which mlpc does not know and which
 * belong to the cluster, not to the pipeline — and a partial one is worse than none: the executor
 * treats an S3 artifact without an `endpoint` as having no location (`HasLocation` needs endpoint,
 * bucket and key) and `Relocate`s it into the repository, silently replacing the bucket. So the URIs
 * mlpc computes are true only when `artifactRoot` names the bucket of the artifact repository (and its
 * kind: `s3://`/`minio://` for an S3 repository, `gs://` for GCS); mlpc cannot check that, and says so
 * in the README.
 *
 * **The key**: `<prefix>/{{workflow.uid}}/{{pod.name}}/<output>`. `workflow.uid` is unique per run
 * (Argo documents it as the way to a unique artifact location) and `pod.name` per step, loop
 * iteration and retry, so no two writes share a key, whatever the items of a loop are.
 *
 * **The URI** (`<scheme>://<bucket>/<key>`) is known to the producing container (its `x.uri`
 * placeholder is that text, which Argo completes when it creates the pod) but not to the DAG, which
 * cannot know the pod's name. So the producer also reports it as an output parameter `<output>-uri`
 * (`valueFrom.default`, the value Argo uses when the `path` it reads — a file that is never written —
 * is missing), and consumers receive it as an input parameter `<input>-uri` from
 * `{{tasks.<producer>.outputs.parameters.<output>-uri}}`. A memoized producer returns the URI cached
 * with its artifact, so the consumer reads where the reused artifact really is; a URI computed in the
 * DAG from the current run's identity would point at nothing after a cache hit. `-uri` cannot clash
 * with a user's name: mlpc identifiers have no `-`.
 */
export interface ArtifactRoot {
  /** `s3` (also for `minio://`) or `gcs`: the artifact location field. */
  readonly field: "s3" | "gcs";
  /** The root as written, without a trailing `/`: `s3://bucket/prefix`. */
  readonly uri: string;
  /** The key prefix (the path after the bucket), `""` when the root is a bare bucket. */
  readonly prefix: string;
}

/** The suffix of the parameters that carry an artifact's URI (`model-uri`). */
export const URI_SUFFIX = "-uri";

/** The parameter carrying the URI of artifact `name` (an output or an input of a template). */
export function uriParameter(name: string): string {
  return `${name}${URI_SUFFIX}`;
}

/** The artifact root of a pipeline, or `undefined` when it has none (or one Argo cannot address). */
export function artifactRoot(pipeline: Pipeline): ArtifactRoot | undefined {
  const uri = pipeline.artifactRoot?.uri.replace(/\/+$/, "");
  if (uri === undefined) return undefined;
  const m = /^(s3|gs|minio):\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (m === null) return undefined; // the validator accepts only these schemes
  return { field: m[1] === "gs" ? "gcs" : "s3", uri, prefix: m[3] ?? "" };
}

/** The key of output artifact `output` of the pod that runs (see `ArtifactRoot`). */
export function outputKey(root: ArtifactRoot, output: string): string {
  return `${root.prefix === "" ? "" : `${root.prefix}/`}{{workflow.uid}}/{{pod.name}}/${output}`;
}

/** The URI of output artifact `output`, as the producing container's template writes it. */
export function outputUri(root: ArtifactRoot, output: string): string {
  const bucket = root.uri.slice(0, root.uri.length - (root.prefix === "" ? 0 : root.prefix.length + 1));
  return `${bucket}/${outputKey(root, output)}`;
}

/** Where the producer's `<output>-uri` parameter is read from: a file nothing writes (see above). */
export function uriSourcePath(output: string): string {
  return `/tmp/outputs/${output}/mlpc-uri`;
}
