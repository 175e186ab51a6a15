import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { kubeconfig } from "./fake-kube.js";

/** Set when anything imports @kubernetes/client-node. */
const state = vi.hoisted(() => ({ loaded: false }));
vi.mock("@kubernetes/client-node", async (importOriginal) => {
  state.loaded = true;
  return importOriginal();
});

const FIXTURE = fileURLToPath(new URL("./fixtures.mlpipe", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "mlpc-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io {
  return { stdout: () => undefined, stderr: () => undefined, stdoutIsTTY: false, stderrIsTTY: false, cwd: dir, env: { HOME: dir } };
}

describe("@kubernetes/client-node is loaded by submit only", () => {
  it("check and compile do not load it; submit does once it has a kubeconfig", async () => {
    expect(await main(["check", FIXTURE], io())).toBe(0);
    expect(await main(["compile", "-t", "argo", FIXTURE], io())).toBe(0);
    // KFP is reached over its REST API with Node's own http: no Kubernetes client either.
    expect(await main(["submit", FIXTURE, "-t", "kfp", "--kfp-host", "http://127.0.0.1:9", "--param", "data=x", "--dry-run"], io())).toBe(0);
    expect(state.loaded).toBe(false);
    // Port 9 on 127.0.0.1: nothing listens there, so the request fails at once (MLP9034).
    writeFileSync(join(dir, "kubeconfig"), kubeconfig("http://127.0.0.1:9"));
    expect(await main(["submit", FIXTURE, "-t", "kserve", "--kubeconfig", "kubeconfig"], io())).toBe(2);
    expect(state.loaded).toBe(true);
  });
});
