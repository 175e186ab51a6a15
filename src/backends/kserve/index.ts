import type { Backend, EmitResult } from "../contract.js";
import { emitEach, printedEmitter, type PrintedResult } from "../emit.js";
import type { Program } from "../../ir/types.js";
import { walkNodes } from "../../ir/query/walk.js";
import { KUBERNETES_KEY_ORDER } from "../../output/yaml.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { buildInferenceService } from "./inference-service.js";

/** The files `emitKserve` writes, and its result (see `printedEmitter`). */
export type { EmittedFile as KserveFile, PrintedResult as KserveResult } from "../emit.js";

/**
 * Compiles every top-level `serve` of a resolved program to a KServe `InferenceService`
 * (serving.kserve.io/v1beta1): one document `<serve-name>.kserve.yaml` each (the name lowercased with
 * `_` as `-`, its Kubernetes name). A serve that a pipeline deploys (its model is a step's output, known
 * only when the run gets there) is not compiled here: the pipeline's back end creates it from inside
 * the run. A pure function of the program: the same program gives the same bytes.
 *
 * What KServe would reject is an error at the construct's location (MLP43xx) and that serve's file is
 * left out; diagnostics are sorted by location.
 */
export function kserveDocuments(resolved: ResolvedProgram): EmitResult {
  const deployed = deployedServes(resolved.program);
  const serves = resolved.program.serves.filter((s) => !deployed.has(s.name));
  return emitEach(serves, (serve, diagnostics) => {
    const name = nameOn(resolved.names.kserve, serve.name);
    const isvc = buildInferenceService(serve, name, diagnostics);
    if (isvc === undefined) return undefined;
    return { kind: "InferenceService", declaration: { kind: "serve", name: serve.name }, fileName: `${name}.kserve.yaml`, objects: [isvc], sources: [serve.loc], keys: KUBERNETES_KEY_ORDER };
  });
}

/** `kserveDocuments` of a checked program, printed: the files `mlpc compile -t kserve` writes. */
export const emitKserve: (program: Program) => PrintedResult = printedEmitter(kserveDocuments);

/** The serves some pipeline deploys (a `deploy` node anywhere in its body or `finally`). */
export function deployedServes(program: Program): Set<string> {
  const out = new Set<string>();
  for (const p of program.pipelines) for (const { node } of walkNodes(p)) if (node.kind === "deploy") out.add(node.serve);
  return out;
}

/** The KServe back end in the shape of the CLI's back-end registry (`Backend` in `src/backends/contract.ts`). */
export const kserveBackend: Backend = { name: "kserve", extension: "kserve.yaml", emit: kserveDocuments };
