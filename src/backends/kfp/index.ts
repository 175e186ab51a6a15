import { sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../ir/types.js";
import { toYaml } from "../../output/yaml.js";
import { kfpSanitize } from "../../kubernetes/names.js";
import { compilePipeline } from "./pipeline.js";

/** One file the KFP back end writes. */
export interface KfpFile {
  /** `<pipeline name as KFP writes it>.kfp.yaml`. */
  readonly name: string;
  readonly content: string;
}

/** What `emitKfp` produces. Any error diagnostic means the program must not be written. */
export interface KfpResult {
  readonly files: KfpFile[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Compiles every pipeline of a validated program to a KFP v2 pipeline spec: one
 * `<pipeline-name>.kfp.yaml` per pipeline (the name lowercased with `_` as `-`, as the KFP SDK
 * sanitizes it), holding the `PipelineSpec` and, when steps have Kubernetes settings, the
 * `PlatformSpec`, with sorted keys under the SDK's `# PIPELINE DEFINITION` header. A pure function of
 * the program: the same program gives the same bytes.
 *
 * What KFP cannot run as written is an error at the construct's location (MLP40xx) and that
 * pipeline's file is left out; what KFP has no place for is a warning. Diagnostics are reported once
 * each, sorted by location.
 */
export function emitKfp(program: Program): KfpResult {
  const diagnostics: Diagnostic[] = [];
  const files: KfpFile[] = [];
  for (const pipeline of program.pipelines) {
    const compiled = compilePipeline(program, pipeline, diagnostics);
    if (compiled === undefined) continue;
    files.push({
      name: `${kfpSanitize(pipeline.name)}.kfp.yaml`,
      content: toYaml(compiled.documents, { header: compiled.header, keys: "sorted" }),
    });
  }
  return { files, diagnostics: sortDiagnostics(uniqueDiagnostics(diagnostics)) };
}

/**
 * The KFP back end in the shape of the CLI's back-end registry (`src/cli/targets.ts`), for when it is
 * registered there.
 */
export const kfpBackend = { name: "kfp", extension: "kfp.yaml", emit: emitKfp } as const;
