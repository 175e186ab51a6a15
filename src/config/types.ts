import type { BackendName } from "../backends/contract.js";
import type { RuleSeverity } from "../passes/lint/rule.js";

/**
 * `mlpc.config.yaml` / `mlpc.config.json` (schema: `schemas/mlpc-config.schema.json`), found by walking
 * up from the checked file like eslint and prettier find theirs.
 */
export interface MlpcConfig {
  /** Lint rule levels by rule id (`mlpc/unpinned-image: error`). */
  readonly rules?: Readonly<Record<string, RuleSeverity>>;
  /** The targets `check` and `lint` check for (all when absent). */
  readonly targets?: readonly BackendName[];
  /** Later entries win; `files` are globs relative to the config file's folder. */
  readonly overrides?: readonly {
    readonly files: readonly string[];
    readonly rules?: Readonly<Record<string, RuleSeverity>>;
    readonly targets?: readonly BackendName[];
  }[];
  /** The cluster profile (issue 13), relative to the config file's folder. */
  readonly cluster?: string;
  /** The KFP server `mlpc submit -t kfp` sends to (issue 15). */
  readonly kfp?: KfpServerConfig;
}

/** `kfp` in the config file: the addresses of a Kubeflow Pipelines API and UI. */
export interface KfpServerConfig {
  readonly host?: string;
  readonly uiUrl?: string;
}
