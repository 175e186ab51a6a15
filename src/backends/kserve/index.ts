import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { walkNodes } from "../../ir/query/walk.js";
import type { Program } from "../../ir/types.js";
import { KUBERNETES_KEY_ORDER, toYaml } from "../../output/yaml.js";
import { buildInferenceService } from "./inference-service.js";
import { dnsLabel } from "../../kubernetes/names.js";

/** One file the KServe back end writes. */
export interface KserveFile {
  /** `<serve name as Kubernetes writes it>.kserve.yaml`. */
  readonly name: string;
  readonly content: string;
}

/** What `emitKserve` produces. Any error diagnostic means the program must not be written. */
export interface KserveResult {
  readonly files: KserveFile[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Compiles every top-level `serve` of a validated program to a KServe `InferenceService`
 * (serving.kserve.io/v1beta1): one `<serve-name>.kserve.yaml` each (the name lowercased with `_` as
 * `-`, its Kubernetes name). A serve that a pipeline deploys (its model is a step's output, known only
 * when the run gets there) is not compiled here: the pipeline's back end creates it from inside the run.
 * A pure function of the program: the same program gives the same bytes.
 *
 * What KServe would reject is an error at the construct's location (MLP43xx) and that serve's file is
 * left out; diagnostics are sorted by location.
 */
export function emitKserve(program: Program): KserveResult {
  const deployed = deployedServes(program);
  const diagnostics: Diagnostic[] = [];
  const files: KserveFile[] = [];
  for (const serve of program.serves) {
    if (deployed.has(serve.name)) continue;
    const isvc = buildInferenceService(serve, diagnostics);
    if (isvc === undefined) continue;
    files.push({ name: `${dnsLabel(serve.name)}.kserve.yaml`, content: toYaml([isvc], { keys: KUBERNETES_KEY_ORDER }) });
  }
  return { files, diagnostics: sortDiagnostics(diagnostics) };
}

/** The serves some pipeline deploys (a `deploy` node anywhere in its body or `finally`). */
export function deployedServes(program: Program): Set<string> {
  const out = new Set<string>();
  for (const p of program.pipelines) for (const { node } of walkNodes(p)) if (node.kind === "deploy") out.add(node.serve);
  return out;
}

/**
 * The KServe back end in the shape of the CLI's back-end registry (`Backend` in `src/cli/targets.ts`),
 * for its one-line registration there.
 */
export const kserveBackend = { name: "kserve", extension: "kserve.yaml", emit: emitKserve } as const;
