import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Node, Pipeline, Program } from "../../ir/types.js";

/**
 * The constructs of a pipeline this back end cannot compile yet, each an error at its own location
 * (MLP4001) rather than a part of the pipeline that silently goes missing: loops, importers, deployed
 * serves, sub-pipelines, the exit handler and fan-in. The bodies of such constructs are not looked
 * into (their steps are not compiled either, and one error per construct is enough); the branches of
 * conditions are. The run-level settings KFP has no place for are warnings (MLP4020, MLP4022,
 * MLP4023), and so is a pipeline that only another pipeline can start (MLP4006).
 */
export function unsupportedConstructs(program: Program, pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (nodes: readonly Node[]): void => {
    for (const node of nodes) {
      switch (node.kind) {
        case "condition":
          for (const branch of node.branches) visit(branch.body);
          break;
        case "loop":
          out.push(M.kfpNotYetSupported.at(node.loc, "A loop (for)"));
          break;
        case "importer":
          out.push(M.kfpNotYetSupported.at(node.loc, "An importer"));
          break;
        case "deploy":
          out.push(M.kfpNotYetSupported.at(node.loc, "Deploying a serve from a pipeline"));
          break;
        case "step":
          if (node.call.kind === "pipeline") out.push(M.kfpNotYetSupported.at(node.call.loc, "A sub-pipeline"));
          break;
      }
    }
  };
  visit(pipeline.body);
  if (pipeline.exitHandler !== undefined) out.push(M.kfpNotYetSupported.at(pipeline.exitHandler.loc, "An exit handler (finally)"));
  for (const o of pipeline.outputs) if (o.value.kind === "collect") out.push(M.kfpNotYetSupported.at(o.value.loc, "Fan-in with collect()"));

  const s = pipeline.settings;
  if (s.serviceAccount !== undefined) out.push(M.kfpNoServiceAccount.at(s.serviceAccount.loc, s.serviceAccount.name));
  if (s.timeout !== undefined) out.push(M.kfpNoPipelineTimeout.at(s.timeout.loc));
  if (pipeline.schedule !== undefined) out.push(M.kfpNoSchedule.at(pipeline.schedule.loc, pipeline.schedule.cron));
  // A pipeline with artifact parameters compiles (the SDK writes them as the root's input artifacts),
  // but only another pipeline can give them: worth a warning unless one of the program's does.
  const artifactParam = pipeline.params.find((p) => p.type.kind === "artifact");
  if (artifactParam !== undefined && !calledByAnotherPipeline(program, pipeline.name)) {
    out.push(M.kfpArtifactParam.at(artifactParam.loc, pipeline.name, artifactParam.name));
  }
  return out;
}

function calledByAnotherPipeline(program: Program, name: string): boolean {
  const calls = (nodes: readonly Node[]): boolean =>
    nodes.some((n) => {
      if (n.kind === "step") return n.call.kind === "pipeline" && n.call.name === name;
      if (n.kind === "loop") return calls(n.body);
      if (n.kind === "condition") return n.branches.some((b) => calls(b.body));
      return false;
    });
  return program.pipelines.some((p) => p.name !== name && (calls(p.body) || calls(p.exitHandler?.body ?? [])));
}
