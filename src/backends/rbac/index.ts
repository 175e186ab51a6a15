import type { Backend, EmitResult } from "../contract.js";
import { M } from "../../diagnostics/catalog.js";
import { sortDiagnostics, uniqueDiagnostics } from "../../diagnostics/diagnostic.js";
import type { Loc, Pipeline, Program } from "../../ir/types.js";
import { walkNodes } from "../../ir/query/walk.js";
import { compareCodePoints, KUBERNETES_KEY_ORDER } from "../../output/yaml.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { argoDocuments } from "../argo/index.js";
import { emitEach, printedEmitter, type PrintedResult } from "../emit.js";
import { katibDocuments } from "../katib/index.js";
import { accountObjects } from "./manifests.js";
import { addWorkflow, policyRules, type Permissions } from "./rules.js";

type Spec = Record<string, unknown>;

/** The files `emitRbac` writes, and its result (see `printedEmitter`). */
export type { EmittedFile as RbacFile, PrintedResult as RbacResult } from "../emit.js";

/**
 * The permissions the runs of every pipeline of a resolved program need, least privilege: one file
 * `<pipeline-name>.rbac.yaml` per pipeline (its Argo name) holding, for each service account its pods
 * run as, a `ServiceAccount`, a `Role` and a `RoleBinding` (see `accountObjects`).
 *
 * The rules are read from what the pipeline runs as: its Argo manifest (`-t argo`) and the trial
 * Workflows of the tunes of it (`-t katib`), see `addWorkflow`. The pipeline's own service account
 * is the run's (`serviceAccount`, else `mlpc-<pipeline-name>`, with the Role and RoleBinding
 * `mlpc:<pipeline-name>`); a step with a service account of its own gets its own Role and RoleBinding
 * (`mlpc:<pipeline-name>:<account>`). A KFP deploy step applies the same InferenceService with
 * kubectl and so needs the same rule, but runs as the KFP run's account (MLP4401); so does the
 * kubectl step that creates a distributed step's training job on KFP (MLP4501).
 *
 * Errors of the Argo back end are reported (that pipeline's file is left out); its warnings are
 * `-t argo`'s to show. Diagnostics come once each, sorted by location.
 */
export function rbacDocuments(resolved: ResolvedProgram): EmitResult {
  const argo = argoDocuments(resolved);
  const manifests = new Map(argo.documents.map((d) => [d.declaration.name, d.objects[0] as Spec]));
  const trials = trialSpecs(resolved);
  const result = emitEach(resolved.program.pipelines, (pipeline, diagnostics) => {
    const manifest = manifests.get(pipeline.name);
    if (manifest === undefined) return undefined;
    const name = nameOn(resolved.names.argo, pipeline.name);
    const spec = (manifest.kind === "CronWorkflow" ? (manifest.spec as Spec).workflowSpec : manifest.spec) as Spec;
    const account = pipeline.settings.serviceAccount?.name ?? `mlpc-${name}`;
    if (spec.serviceAccountName === undefined) diagnostics.push(M.rbacArgoDefaultAccount.at(pipeline.loc, pipeline.name, account));
    const role = `mlpc:${name}`;
    const run = runPipelines(resolved, pipeline);
    for (const serve of deploysOf(run)) diagnostics.push(M.rbacKfpDeployAccount.at(serve.loc, serve.serve, role));
    for (const step of distributedStepsOf(resolved, run)) diagnostics.push(M.rbacKfpDistributedAccount.at(step.loc, step.name, role));

    const permissions: Permissions = new Map();
    for (const workflow of [spec, ...(trials.get(pipeline.name) ?? [])]) addWorkflow(workflow, account, permissions);
    const others = [...permissions.keys()].filter((a) => a !== account).sort(compareCodePoints);
    const objects = [account, ...others].flatMap((a) => accountObjects(a, a === account ? role : `${role}:${a}`, policyRules(permissions.get(a) ?? new Map())));
    return {
      kind: "Role",
      declaration: { kind: "pipeline", name: pipeline.name },
      fileName: `${name}.rbac.yaml`,
      objects,
      sources: run.map((p) => p.loc),
      header: [
        `What the runs of pipeline '${pipeline.name}' need on the cluster, least privilege: apply it in the`,
        `namespace they run in, kubectl apply -n NAMESPACE -f ${name}.rbac.yaml`,
      ],
      keys: KUBERNETES_KEY_ORDER,
    };
  });
  const errors = argo.diagnostics.filter((d) => d.severity === "error");
  return { documents: result.documents, diagnostics: sortDiagnostics(uniqueDiagnostics([...errors, ...result.diagnostics])) };
}

/** `rbacDocuments` of a checked program, printed: the files `mlpc compile -t rbac` writes. */
export const emitRbac: (program: Program) => PrintedResult = printedEmitter(rbacDocuments);

/** The RBAC back end in the shape of the CLI's back-end registry (`Backend` in `src/backends/contract.ts`). */
export const rbacBackend: Backend = { name: "rbac", extension: "rbac.yaml", emit: rbacDocuments };

/** The Workflow specs Katib runs as trials of each pipeline (the `trialSpec` of the tunes of it that compile). */
function trialSpecs(resolved: ResolvedProgram): Map<string, Spec[]> {
  const out = new Map<string, Spec[]>();
  const targets = new Map(resolved.program.tunes.filter((t) => t.target.kind === "pipeline").map((t) => [t.name, t.target.name]));
  for (const doc of katibDocuments(resolved).documents) {
    const pipeline = targets.get(doc.declaration.name);
    if (pipeline === undefined) continue;
    const experiment = doc.objects[0] as { spec: { trialTemplate: { trialSpec: { spec: Spec } } } };
    out.set(pipeline, [...(out.get(pipeline) ?? []), experiment.spec.trialTemplate.trialSpec.spec]);
  }
  return out;
}

/** The pipelines a run of `pipeline` runs: itself, then those it calls (transitively), once each. */
function runPipelines(resolved: ResolvedProgram, pipeline: Pipeline): Pipeline[] {
  const callees = [...resolved.pipelines.get(pipeline.name)!.calls.values()].map((c) => c.callee);
  return [...new Set([pipeline, ...callees])];
}

/** The deploy steps of these pipelines: in their bodies and `finally`. */
function deploysOf(pipelines: readonly Pipeline[]): { serve: string; loc: Loc }[] {
  return pipelines.flatMap((p) => walkNodes(p).flatMap(({ node }) => (node.kind === "deploy" ? [{ serve: node.serve, loc: node.loc }] : [])));
}

/** The distributed steps of these pipelines (those that run as a training job). */
function distributedStepsOf(resolved: ResolvedProgram, pipelines: readonly Pipeline[]): { name: string; loc: Loc }[] {
  return pipelines.flatMap((p) => {
    const run = resolved.pipelines.get(p.name);
    return walkNodes(p).flatMap(({ node }) => (node.kind === "step" && run?.steps.get(node)?.settings.distributed !== undefined ? [{ name: node.name, loc: node.loc }] : []));
  });
}
