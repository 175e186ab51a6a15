import { describe, expect, it } from "vitest";
import { expectDiagnostics, LIB, manifest, task } from "./support.js";
import { semcheckTest } from "./semcheck.js";

// Argo input artifacts (input-artifact-s3, input-artifact-gcs, input-artifact-http, key-only-artifact
// examples): an artifact argument may give its location: `gcs: {bucket, key}`, `http: {url}`; an S3
// location is complete only with an endpoint (Argo's S3Artifact.HasLocation), else Argo puts the
// artifact repository's location in its place and keeps only the key (a key-only artifact).

const PIPE = (uri: string, param = "", root = "") => `${LIB}
pipeline p {
${root}  param day: String = "2026-11-01"${param}
  raw = import Dataset from ${uri}
  fit = train(data: raw.artifact)
}
`;

const artifact = (uri: string, param = "", root = "") => task(manifest(PIPE(uri, param, root)), "fit").arguments.artifacts[0];
const AWS = (bucket: string, key: string) => ({ endpoint: "s3.amazonaws.com", bucket, key, useSDKCreds: true });

describe("Argo importer", () => {
  it("gives the consuming task an s3, gcs or http artifact from the URI", () => {
    expect(artifact('"s3://acme/data/train.parquet"')).toEqual({ name: "data", s3: AWS("acme", "data/train.parquet") });
    expect(artifact('"gs://acme/data/train.parquet"')).toEqual({ name: "data", gcs: { bucket: "acme", key: "data/train.parquet" } });
    expect(artifact('"https://example.com/train.csv"')).toEqual({ name: "data", http: { url: "https://example.com/train.csv" } });
  });

  it("takes a key computed at run time when scheme and bucket are written", () => {
    expect(artifact('"s3://acme/day=${day}/train.parquet"')).toEqual({ name: "data", s3: AWS("acme", "day={{inputs.parameters.day}}/train.parquet") });
  });

  it("reads an s3 URI in the artifactRoot bucket as a key-only artifact of the repository, and warns about any other bucket (MLP4123)", () => {
    const root = '  artifactRoot "s3://acme-ml/pipelines"\n';
    expect(artifact('"s3://acme-ml/data/train.parquet"', "", root)).toEqual({ name: "data", s3: { key: "data/train.parquet" } });
    expect(artifact('"s3://other/data/train.parquet"', "", root)).toEqual({ name: "data", s3: AWS("other", "data/train.parquet") });
    expectDiagnostics(PIPE('"s3://other/data/train.parquet"', "", root), [["MLP4123", '"s3://other/data/train.parquet"']]);
    expectDiagnostics(PIPE('"gs://other/data/train.parquet"', "", root), []);
  });

  it("rejects schemes Argo cannot download and buckets computed at run time", () => {
    expectDiagnostics(PIPE('"hf://meta/llama"'), [["MLP4103", '"hf://meta/llama"']]);
    expectDiagnostics(PIPE("uri", '\n  param uri: String = "s3://a/b"'), [["MLP4104", "import Dataset from «uri»"]]);
    expectDiagnostics(PIPE('"s3://${day}/x"'), [["MLP4104", '"s3://${day}/x"']]);
  });
});

semcheckTest();
