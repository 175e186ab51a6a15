import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { k8sValidate, sharedAvailable, SKIP_REASON } from "../backends/katib/k8s-validate.js";
import { FakeKube, kubeconfig } from "./fake-kube.js";

/** A pipeline with a Dataset parameter, its artifact root in the bucket acme-ml. */
const FIXTURE = fileURLToPath(new URL("./artifact.mlpipe", import.meta.url));

let kube: FakeKube;
let dir: string;

beforeEach(async () => {
  kube = new FakeKube();
  const server = await kube.start();
  dir = mkdtempSync(join(tmpdir(), "mlpc-artifact-"));
  writeFileSync(join(dir, "kubeconfig"), kubeconfig(server));
});

afterEach(async () => {
  await kube.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function submit(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: { HOME: dir, MLPC_RETRY_BASE_MS: "10" } };
  const code = await main(["submit", FIXTURE, "-t", "argo", "--kubeconfig", "kubeconfig", ...args], io);
  return { code, stdout, stderr };
}

/** The arguments of the Workflow the fake cluster received. */
function sentArguments(): unknown {
  return (kube.writes()[0].body as { spec: { arguments: unknown } }).spec.arguments;
}

describe("mlpc submit -t argo --artifact", () => {
  it("an s3:// URI in the artifact root's bucket is a key in the artifact repository; NAME-uri carries the URI", async () => {
    const r = await submit(["--artifact", "data=s3://acme-ml/datasets/2026-12.parquet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(sentArguments()).toEqual({
      parameters: [
        { name: "data-uri", value: "s3://acme-ml/datasets/2026-12.parquet" },
        { name: "lr", value: "0.1" },
      ],
      artifacts: [{ name: "data", s3: { key: "datasets/2026-12.parquet" } }],
    });
  });

  it("another bucket is read from AWS S3, with MLP4123; gs:// and https:// are complete locations", async () => {
    const r = await submit(["--artifact", "data=s3://other/x.csv"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toBe(
      "warning MLP4123: Argo reads s3://other from AWS S3 with the pod's AWS credentials, since it is not the bucket of the pipeline's artifactRoot (the artifact repository's); for another S3-compatible store, import from the artifactRoot bucket.",
    );
    await submit(["--artifact", "data=gs://bkt/a/b.csv"]);
    await submit(["--artifact", "data=https://example.com/d.csv"]);
    const artifacts = kube.writes().map((w) => (w.body as { spec: { arguments: { artifacts: unknown[] } } }).spec.arguments.artifacts);
    expect(artifacts).toEqual([
      [{ name: "data", s3: { endpoint: "s3.amazonaws.com", bucket: "other", key: "x.csv", useSDKCreds: true } }],
      [{ name: "data", gcs: { bucket: "bkt", key: "a/b.csv" } }],
      [{ name: "data", http: { url: "https://example.com/d.csv" } }],
    ]);
  });

  it.skipIf(!sharedAvailable)(`the Workflows sent pass k8s-validate ${sharedAvailable ? "" : SKIP_REASON}`, async () => {
    for (const uri of ["s3://acme-ml/d.csv", "s3://other/d.csv", "gs://bkt/d.csv", "http://example.com/d.csv"]) await submit(["--artifact", `data=${uri}`]);
    const files = kube.writes().map((w, i) => ({ name: `sent-${i}.argo.yaml`, content: JSON.stringify(w.body) }));
    expect(files).toHaveLength(4);
    const report = k8sValidate(files);
    expect(report.output).not.toMatch(/invalid|error/i);
    expect(report.ok).toBe(true);
  });

  it("errors before any request: scheme, unknown name, a parameter, syntax, repeated, missing", async () => {
    const first = async (args: string[]) => (await submit(args)).stderr.split("\n")[0];
    expect(await first(["--artifact", "data=ftp://host/x"])).toBe("error MLP9076: --artifact data: Argo cannot read an input artifact from 'ftp://host/x'; give an s3://, gs://, http:// or https:// URI.");
    expect(await first(["--artifact", "data=s3://bucket-only/"])).toBe("error MLP9076: --artifact data: Argo cannot read an input artifact from 's3://bucket-only/'; give an s3://, gs://, http:// or https:// URI.");
    expect(await first(["--artifact", "rows=s3://b/k"])).toBe("error MLP9074: Pipeline 'fit' has no artifact input 'rows'; its artifact inputs are 'data'.");
    expect(await first(["--artifact", "lr=s3://b/k"])).toBe("error MLP9075: 'lr' is a parameter of pipeline 'fit', not an artifact input; give it with --param lr=VALUE.");
    expect(await first(["--artifact", "data"])).toBe("error MLP9073: --artifact 'data' is not NAME=URI.");
    expect(await first(["--artifact", "data=s3://acme-ml/a", "--artifact", "data=s3://acme-ml/b"])).toBe("error MLP9047: --artifact data is given more than once.");
    const missing = await submit([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split("\n")[0]).toMatch(/artifact\.mlpipe:9:9 - error MLP9046: Pipeline 'fit' needs a value for its artifact input 'data', which has no default; give --artifact data=URI\.$/);
    expect(kube.received).toEqual([]);
  });

  it("--artifact with a target that runs no pipeline is a usage error", async () => {
    let err = "";
    const code = await main(["submit", FIXTURE, "-t", "kserve", "--artifact", "data=s3://b/k"], { stdout: () => undefined, stderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: { HOME: dir } });
    expect([code, err]).toEqual([2, "mlpc: --artifact gives the artifact inputs of a pipeline run, which only -t argo and -t kfp submit.\n"]);
  });
});
