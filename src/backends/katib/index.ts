import type { Backend, EmitResult } from "../contract.js";
import type { Program } from "../../ir/types.js";
import { emitEach, printedEmitter, type PrintedResult } from "../emit.js";
import { KUBERNETES_KEY_ORDER } from "../../output/yaml.js";
import { nameOn, type ResolvedProgram } from "../../passes/resolve/index.js";
import { buildExperiment } from "./experiment.js";

/** The files `emitKatib` writes, and its result (see `printedEmitter`). */
export type { EmittedFile as KatibFile, PrintedResult as KatibResult } from "../emit.js";

/**
 * Compiles every `tune` of a resolved program to a Katib `Experiment` (kubeflow.org/v1beta1): one
 * document `<tune-name>.katib.yaml` per tune (the name lowercased with `_` as `-`, its Kubernetes
 * name). A pure function of the program: the same program gives the same bytes.
 *
 * What Katib would reject or a trial could not run as written is an error at the construct's location
 * (MLP42xx) and that tune's file is left out; diagnostics are sorted by location.
 */
export function katibDocuments(resolved: ResolvedProgram): EmitResult {
  return emitEach(resolved.program.tunes, (tune, diagnostics) => {
    const experiment = buildExperiment(resolved, tune, diagnostics);
    if (experiment === undefined) return undefined;
    return { kind: "Experiment", declaration: { kind: "tune", name: tune.name }, fileName: `${nameOn(resolved.names.katib, tune.name)}.katib.yaml`, objects: [experiment], sources: [tune.loc], keys: KUBERNETES_KEY_ORDER };
  });
}

/** `katibDocuments` of a checked program, printed: the files `mlpc compile -t katib` writes. */
export const emitKatib: (program: Program) => PrintedResult = printedEmitter(katibDocuments);

/** The Katib back end in the shape of the CLI's back-end registry (`Backend` in `src/backends/contract.ts`). */
export const katibBackend: Backend = { name: "katib", extension: "katib.yaml", emit: katibDocuments };
