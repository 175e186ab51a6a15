import { join } from "node:path";
import { expect } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { recorder, runValidator, SHARED, type ProducedFile, type Validator } from "../../validators.js";

/**
 * Every Argo manifest the suite writes goes through `../shared/tools/argo-semcheck`, a port of the
 * submit-time rules of the Argo controller's `validate.go` that also warns about run-time failures it
 * can see (a skipped producer's output read without a default, …). Zero problems are required, and
 * every `warn/…` line must be one the test file allows, with its reason.
 *
 * A Workflow is checked as it is submitted: a pipeline parameter without a default is a workflow
 * argument without a value, which the run supplies (`argo submit -p name=value`); the controller
 * rejects the Workflow only when nothing supplies it. So each such argument is given a value first,
 * as `-p` would (see `asSubmitted`).
 */

export const ARGO_SEMCHECK = join(SHARED, "tools", "argo-semcheck");

/** A warning a test file accepts: the text it contains, and why it is right. */
export interface AllowedWarning {
  readonly contains: string;
  readonly why: string;
}

/** The value given to an argument without one, as `argo submit -p name=…` would. */
export const SUPPLIED = "supplied-at-submit";

/**
 * The manifest as the run submits it: each argument parameter of a Workflow or CronWorkflow that has
 * no value gets one. Templates (`WorkflowTemplate`, `ClusterWorkflowTemplate`) are left as they are:
 * Argo validates them without their arguments' values.
 */
export function asSubmitted(file: ProducedFile): ProducedFile {
  let changed = false;
  const docs = parseAllDocuments(file.content).map((d) => {
    const doc = d.toJS() as Record<string, any> | null;
    const spec = doc?.kind === "Workflow" ? doc.spec : doc?.kind === "CronWorkflow" ? doc.spec?.workflowSpec : undefined;
    for (const p of spec?.arguments?.parameters ?? []) {
      if (p.value === undefined && p.valueFrom === undefined) {
        p.value = SUPPLIED;
        changed = true;
      }
    }
    return doc;
  });
  return changed ? { name: file.name, content: docs.map((d) => asYaml11(d)).join("---\n") } : file;
}

/**
 * The Argo Workflows a Katib Experiment runs as its trials (a tune of a whole pipeline), as files
 * argo-semcheck reads: the trial spec with a `generateName` (Katib names each trial's Workflow).
 */
export function katibTrialWorkflows(files: readonly ProducedFile[]): ProducedFile[] {
  return files.flatMap((f) =>
    parseAllDocuments(f.content).flatMap((d) => {
      const trial = (d.toJS() as Record<string, any> | null)?.spec?.trialTemplate?.trialSpec;
      if (trial?.kind !== "Workflow") return [];
      return [{ name: f.name.replace(/\.katib\.yaml$/, ".trial.argo.yaml"), content: asYaml11({ ...trial, metadata: { generateName: "trial-" } }) }];
    }),
  );
}

/**
 * YAML that a YAML 1.1 reader (Kubernetes, Argo, argo-semcheck) reads back as the same data: strings
 * such as `y` or `on` quoted, as the back ends write them.
 */
function asYaml11(data: unknown): string {
  return stringify(data, { version: "1.1" });
}

/** argo-semcheck, run on files as submitted, accepting only the warnings `allow` contains. */
function semcheckValidator(allow: () => readonly AllowedWarning[]): Validator {
  return {
    label: "argo-semcheck",
    tool: ARGO_SEMCHECK,
    args: [],
    title: "every Argo manifest these tests produced passes argo-semcheck, with only the allowed warnings",
    judge: (output) => {
      const lines = output.trim().split("\n");
      expect(lines.at(-1)).toMatch(/^\d+ documents, 0 problems$/);
      const warnings = lines.slice(0, -1).filter((l) => !allow().some((a) => l.includes(a.contains)));
      expect(warnings, `warnings no entry of the allow-list accepts:\n${warnings.join("\n")}\n`).toEqual([]);
    },
  };
}

/** Runs argo-semcheck on `files` as submitted; throws when it finds a problem or a warning `allow` does not accept. */
export function runSemcheck(files: readonly ProducedFile[], allow: readonly AllowedWarning[] = []): string {
  return runValidator(semcheckValidator(() => allow), files.map(asSubmitted));
}

let allowed: readonly AllowedWarning[] = [];
const semcheck = recorder(semcheckValidator(() => allowed));

/** Records Argo files (as submitted) for the argo-semcheck test of this test file. */
export function recordForSemcheck(files: readonly ProducedFile[]): void {
  semcheck.record(files.map(asSubmitted));
}

/**
 * The last test of a file: every Argo file the file's tests recorded passes argo-semcheck with no
 * problem, and each warning is one `allow` accepts.
 */
export function semcheckTest(allow: readonly AllowedWarning[] = []): void {
  allowed = allow;
  semcheck.test();
}
