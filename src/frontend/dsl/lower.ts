import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Component, Pipeline, Serve, Tune } from "../../ir/types.js";
import type * as C from "../../syntax/cst.generated.js";
import type { LineMap } from "../../syntax/line-map.js";
import { lowerComponent } from "./lower/components.js";
import type { DeclKind, Lowering } from "./lower/context.js";
import { lowerPipeline } from "./lower/pipelines.js";
import { lowerServe } from "./lower/serve.js";
import { lowerTune } from "./lower/tune.js";

export type { DeclKind } from "./lower/context.js";
export { reorder } from "./lower/context.js";
export { SETTINGS_ORDER } from "./lower/settings.js";

/** Lowered declarations of one file. Pipelines may define serves inline (deployed from the pipeline). */
export interface LoweredFile {
  readonly components: Component[];
  readonly pipelines: Pipeline[];
  readonly tunes: Tune[];
  readonly serves: Serve[];
}

/**
 * Lowers the declarations of one parsed file to the IR. Names of components and pipelines are
 * resolved through `lookup` (the file's own declarations and its imports); names inside pipelines
 * are classified by scope (loop variable, parameter, step). Unknown names still produce IR nodes —
 * the validation rules report them with suggestions — but malformed constructs (a list where a
 * quantity belongs, an unknown type) are reported here.
 *
 * The work is done by the modules of `lower/`, one per construct (expressions, settings, components,
 * pipelines, tunes, serves, step naming), functions over one shared context (`Lowering`).
 */
export class FileLowering {
  private readonly cx: Lowering;

  constructor(
    lines: LineMap,
    lookup: (name: string) => DeclKind | undefined,
    diagnostics: Diagnostic[],
    /**
     * Every component and pipeline name this file can call, for suggestions; undefined when an import
     * failed, so that unknown names (probably declared in the missing file) are not reported.
     */
    visible?: () => Iterable<string>,
  ) {
    this.cx = visible === undefined ? { lines, lookup, diagnostics } : { lines, lookup, diagnostics, visible };
  }

  lowerFile(files: readonly C.FileCstNode[]): LoweredFile {
    return lowerFile(this.cx, files);
  }
}

/** Lowers every top-level declaration of a file's parse trees, in source order. */
export function lowerFile(cx: Lowering, files: readonly C.FileCstNode[]): LoweredFile {
  const out: LoweredFile = { components: [], pipelines: [], tunes: [], serves: [] };
  for (const f of files) {
    for (const top of f.children.topLevel ?? []) {
      const c = top.children;
      if (c.componentDecl) out.components.push(lowerComponent(cx, c.componentDecl[0]));
      else if (c.pipelineDecl) out.pipelines.push(lowerPipeline(cx, c.pipelineDecl[0], out.serves));
      else if (c.tuneDecl) out.tunes.push(lowerTune(cx, c.tuneDecl[0]));
      else if (c.serveDecl) out.serves.push(lowerServe(cx, c.serveDecl[0], undefined));
    }
  }
  return out;
}
