import type { Backend, EmitResult } from "../contract.js";
import type { Program } from "../../ir/types.js";
import { emitEach, printedEmitter, type PrintedResult } from "../emit.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { compilePipeline } from "./pipeline.js";

/** The files `emitKfp` writes, and its result (see `printedEmitter`). */
export type { EmittedFile as KfpFile, PrintedResult as KfpResult } from "../emit.js";

/**
 * Compiles every pipeline of a resolved program to a KFP v2 pipeline spec: one document
 * `<pipeline-name>.kfp.yaml` per pipeline (the name lowercased with `_` as `-`, as the KFP SDK
 * sanitizes it), holding the `PipelineSpec` and, when steps have Kubernetes settings, the
 * `PlatformSpec`, with sorted keys under the SDK's `# PIPELINE DEFINITION` header. A pure function of
 * the program: the same program gives the same bytes.
 *
 * What KFP cannot run as written is an error at the construct's location (MLP40xx) and that
 * pipeline's file is left out; what KFP has no place for is a warning. Diagnostics are reported once
 * each, sorted by location.
 */
export function kfpDocuments(resolved: ResolvedProgram): EmitResult {
  return emitEach(resolved.program.pipelines, (pipeline, diagnostics) => {
    const compiled = compilePipeline(resolved, pipeline, diagnostics);
    if (compiled === undefined) return undefined;
    return {
      kind: "PipelineSpec",
      declaration: { kind: "pipeline", name: pipeline.name },
      fileName: `${nameOn(resolved.names.kfp, pipeline.name)}.kfp.yaml`,
      objects: compiled.documents,
      sources: compiled.sources,
      header: compiled.header,
      keys: "sorted",
    };
  });
}

/** `kfpDocuments` of a checked program, printed: the files `mlpc compile -t kfp` writes. */
export const emitKfp: (program: Program) => PrintedResult = printedEmitter(kfpDocuments);

/** The KFP back end in the shape of the CLI's back-end registry (`src/cli/targets.ts`). */
export const kfpBackend: Backend = { name: "kfp", extension: "kfp.yaml", emit: kfpDocuments };
