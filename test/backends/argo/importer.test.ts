import { describe, expect, it } from "vitest";
import { expectDiagnostics, LIB, manifest, task } from "./support.js";

// Argo input artifacts (input-artifact-s3, input-artifact-gcs, input-artifact-http examples): an
// artifact argument may give its location: `s3: {bucket, key}`, `gcs: {bucket, key}`, `http: {url}`.

const PIPE = (uri: string, param = "") => `${LIB}
pipeline p {
  param day: String = "2026-11-01"${param}
  raw = import Dataset from ${uri}
  fit = train(data: raw.artifact)
}
`;

const artifact = (uri: string, param = "") => task(manifest(PIPE(uri, param)), "fit").arguments.artifacts[0];

describe("Argo importer", () => {
  it("gives the consuming task an s3, gcs or http artifact from the URI", () => {
    expect(artifact('"s3://acme/data/train.parquet"')).toEqual({ name: "data", s3: { bucket: "acme", key: "data/train.parquet" } });
    expect(artifact('"gs://acme/data/train.parquet"')).toEqual({ name: "data", gcs: { bucket: "acme", key: "data/train.parquet" } });
    expect(artifact('"https://example.com/train.csv"')).toEqual({ name: "data", http: { url: "https://example.com/train.csv" } });
  });

  it("takes a key computed at run time when scheme and bucket are written", () => {
    expect(artifact('"s3://acme/day=${day}/train.parquet"')).toEqual({ name: "data", s3: { bucket: "acme", key: "day={{inputs.parameters.day}}/train.parquet" } });
  });

  it("rejects schemes Argo cannot download and buckets computed at run time", () => {
    expectDiagnostics(PIPE('"hf://meta/llama"'), [["MLP4103", '"hf://meta/llama"']]);
    expectDiagnostics(PIPE("uri", '\n  param uri: String = "s3://a/b"'), [["MLP4104", "import Dataset from «uri»"]]);
    expectDiagnostics(PIPE('"s3://${day}/x"'), [["MLP4104", '"s3://${day}/x"']]);
  });
});
