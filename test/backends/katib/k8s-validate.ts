import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * The upstream reference material beside the repository (`../shared`: vendored schemas, examples and
 * validators; see DESIGN.md). Tests that need it skip with a message when it is absent, except under
 * CI=true, where its absence is a failure (`sharedMissingInCi`).
 */
export const SHARED_DIR = resolve(process.env.MLPC_SHARED_DIR ?? join(process.cwd(), "..", "shared"));
export const K8S_VALIDATE = join(SHARED_DIR, "tools", "k8s-validate");
export const UPSTREAM_DIR = join(SHARED_DIR, "upstream");

export const sharedAvailable = existsSync(K8S_VALIDATE) && existsSync(UPSTREAM_DIR);
export const SKIP_REASON = `skipped: ${SHARED_DIR} (the upstream schemas and validators) is not present`;
/** Whether the suite must fail because the reference material is missing on CI. */
export const sharedMissingInCi = !sharedAvailable && process.env.CI === "true";

/** What `k8s-validate` said about a set of files. */
export interface ValidationReport {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * Runs `node ../shared/tools/k8s-validate` on manifests (name → YAML text), from the repository root
 * (it loads `ajv` and `yaml` from the repository's node_modules). Files are written to a temporary
 * directory under their own names, which the validator prints.
 */
export function k8sValidate(files: readonly { readonly name: string; readonly content: string }[]): ValidationReport {
  const dir = mkdtempSync(join(tmpdir(), "mlpc-k8s-validate-"));
  try {
    const paths = files.map((f) => {
      const p = join(dir, f.name);
      writeFileSync(p, f.content);
      return p;
    });
    try {
      const output = execFileSync(process.execPath, [K8S_VALIDATE, ...paths], { cwd: process.cwd(), encoding: "utf8", stdio: "pipe" });
      return { ok: true, output };
    } catch (err) {
      const e = err as { status?: number; stdout?: string; stderr?: string };
      if (e.status !== 1) throw new Error(`k8s-validate could not run (exit ${e.status}): ${e.stderr ?? ""}`);
      return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
