import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../ir/types.js";
import { KUBERNETES_KEY_ORDER, toYaml } from "../../output/yaml.js";
import { buildExperiment } from "./experiment.js";
import { dnsLabel } from "../../kubernetes/names.js";

/** One file the Katib back end writes. */
export interface KatibFile {
  /** `<tune name as Kubernetes writes it>.katib.yaml`. */
  readonly name: string;
  readonly content: string;
}

/** What `emitKatib` produces. Any error diagnostic means the program must not be written. */
export interface KatibResult {
  readonly files: KatibFile[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Compiles every `tune` of a validated program to a Katib `Experiment` (kubeflow.org/v1beta1): one
 * `<tune-name>.katib.yaml` per tune (the name lowercased with `_` as `-`, its Kubernetes name). A pure
 * function of the program: the same program gives the same bytes.
 *
 * What Katib would reject or a trial could not run as written is an error at the construct's location
 * (MLP42xx) and that tune's file is left out; diagnostics are sorted by location.
 */
export function emitKatib(program: Program): KatibResult {
  const diagnostics: Diagnostic[] = [];
  const files: KatibFile[] = [];
  for (const tune of program.tunes) {
    const experiment = buildExperiment(program, tune, diagnostics);
    if (experiment === undefined) continue;
    files.push({ name: `${dnsLabel(tune.name)}.katib.yaml`, content: toYaml([experiment], { keys: KUBERNETES_KEY_ORDER }) });
  }
  return { files, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The Katib back end in the shape of the CLI's back-end registry (`Backend` in `src/cli/targets.ts`),
 * for its one-line registration there.
 */
export const katibBackend = { name: "katib", extension: "katib.yaml", emit: emitKatib } as const;
