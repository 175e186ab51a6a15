import type { Loc } from "../ir/types.js";
import { toYaml, type KeyOrder } from "./yaml.js";

/**
 * One file a back end produces, before it is text: the objects it holds and how they are printed.
 * `submit`, `explain` or a graph view read the objects; `printDocument` writes the file.
 */
export interface Document {
  /** What the file is: the manifest's kind (`Workflow`, `Experiment`…), `PipelineSpec` for KFP. */
  readonly kind: string;
  /** A plain file name (no directory part) ending in `.<extension>` of its target. */
  readonly fileName: string;
  /** The file's YAML documents, in order: KFP's `PipelineSpec` (and `PlatformSpec`); one manifest otherwise. */
  readonly objects: readonly unknown[];
  /** The declaration it is the file of, by its name in the sources (what `--pipeline NAME` picks). */
  readonly declaration: { readonly kind: "pipeline" | "tune" | "serve"; readonly name: string };
  /** The declarations it was compiled from: the pipeline (and those it calls), the tune, the serve. */
  readonly sources: readonly Loc[];
  /** Comment lines before the first YAML document. */
  readonly header?: readonly string[];
  /** How mapping keys are ordered: sorted for KFP, `KUBERNETES_KEY_ORDER` for manifests. */
  readonly keys: KeyOrder;
}

/** A document as file text, named relative to the output directory. */
export interface EmittedFile {
  readonly name: string;
  readonly content: string;
}

/** The one writer of back-end output: a document as the bytes of its file. */
export function printDocument(doc: Document): EmittedFile {
  return { name: doc.fileName, content: toYaml(doc.objects, { header: doc.header, keys: doc.keys }) };
}
