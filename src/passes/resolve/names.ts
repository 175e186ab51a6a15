import type { Program } from "../../ir/types.js";
import { argoName, dnsLabel, kfpSanitize } from "../../kubernetes/names.js";

/**
 * What each declaration is called on each target, decided once (from the conventions of
 * `src/kubernetes/names.ts`) so that a back end's file name, resource name and references agree, and
 * so that `submit` and `lint` can name what a compile wrote without asking a back end. Keyed by the
 * declaration's name in the source. Names inside one manifest (templates, tasks, components) are
 * made unique by the back end that writes them.
 */
export interface ResolvedNames {
  /** A pipeline on KFP: `pipelineInfo.name`, the header's `Name:`, `comp-<name>` where another pipeline calls it, the file `<name>.kfp.yaml`. */
  readonly kfp: ReadonlyMap<string, string>;
  /** A pipeline on Argo: the manifest's name (`generateName: <name>-` for a Workflow), the first choice of its DAG template's name, the file `<name>.argo.yaml`. */
  readonly argo: ReadonlyMap<string, string>;
  /** A tune's Katib `Experiment` and its file `<name>.katib.yaml`. */
  readonly katib: ReadonlyMap<string, string>;
  /** A serve's `InferenceService`, written alone (`<name>.kserve.yaml`) or applied by a pipeline's `deploy`. */
  readonly kserve: ReadonlyMap<string, string>;
}

export function resolveNames(program: Program): ResolvedNames {
  return {
    kfp: new Map(program.pipelines.map((p) => [p.name, kfpSanitize(p.name)])),
    argo: new Map(program.pipelines.map((p) => [p.name, argoName(p.name)])),
    katib: new Map(program.tunes.map((t) => [t.name, dnsLabel(t.name)])),
    kserve: new Map(program.serves.map((s) => [s.name, dnsLabel(s.name)])),
  };
}

/** The name `names` gives `declaration`; every declaration of a resolved program has one. */
export function nameOn(names: ReadonlyMap<string, string>, declaration: string): string {
  const name = names.get(declaration);
  if (name === undefined) throw new Error(`internal: '${declaration}' was not resolved`);
  return name;
}
