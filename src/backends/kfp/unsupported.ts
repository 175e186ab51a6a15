import { M } from "../../diagnostics/catalog.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Node, Pipeline, Program } from "../../ir/types.js";

/**
 * The constructs of a pipeline this back end cannot compile yet, each an error at its own location
 * (MLP4001) rather than a part of the pipeline that silently goes missing: deployed serves. The
 * run-level settings KFP has no place for are warnings (MLP4020, MLP4022, MLP4023), and so is a
 * pipeline that only another pipeline can start (MLP4006).
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
          visit(node.body);
          break;
        case "deploy":
          out.push(M.kfpNotYetSupported.at(node.loc, "Deploying a serve from a pipeline"));
          break;
      }
    }
  };
  visit(pipeline.body);
  visit(pipeline.exitHandler?.body ?? []);

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
