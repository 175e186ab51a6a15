import { M } from "../../diagnostics/catalog.js";
import { walkNodes } from "../../ir/query/walk.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { templateTexts } from "../../ir/template-text.js";
import type { Pipeline, Program } from "../../ir/types.js";

/**
 * What KFP has no place for in a pipeline spec, as warnings: the run-level settings (MLP4020,
 * MLP4022, MLP4023), and a pipeline that only another pipeline can start (MLP4006); and, as errors,
 * text that Argo, which runs KFP's pipelines, would read as a placeholder (MLP4016).
 */
export function unsupportedConstructs(program: Program, pipeline: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
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
  // A `{` before a value is harmless here: KFP's placeholder after it starts with `{{$`, which Argo
  // leaves alone, and the launcher finds it whole.
  for (const t of templateTexts(program, pipeline, { descriptions: true })) if (t.kind === "braces") out.push(M.kfpTemplateText.at(t.loc, t.text));
  return out;
}

function calledByAnotherPipeline(program: Program, name: string): boolean {
  const calls = (p: Pipeline): boolean => walkNodes(p).some(({ node }) => node.kind === "step" && node.call.kind === "pipeline" && node.call.name === name);
  return program.pipelines.some((p) => p.name !== name && calls(p));
}
