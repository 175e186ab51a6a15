import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Serve } from "../../ir/types.js";
import { KUBERNETES_KEY_ORDER, toYaml } from "../../output/yaml.js";
import { buildInferenceService } from "../kserve/inference-service.js";

/** The input of a deploy template that carries the model's storage URI (KFP's deploy step names it alike). */
export const STORAGE_URI_INPUT = "storage_uri";

/**
 * The template that deploys a serve from inside the pipeline: an Argo `resource` template that
 * applies (`kubectl apply`: create, or update in place) the serve's InferenceService — the manifest
 * `-t kserve` writes for a top-level serve — with `storageUri` set to `{{inputs.parameters.storage_uri}}`
 * when the model comes from the run (`withStorageInput`), which Argo substitutes before it applies
 * the manifest. A new model thus becomes a new revision of the same InferenceService (and a canary
 * where the serve has one).
 *
 * The InferenceService gets no owner reference (`setOwnerReference` is left out): it must outlive
 * the Workflow, which `ttlStrategy` deletes a week after it ends.
 *
 * **Permissions.** Argo runs a resource template with the service account of the step (the
 * pipeline's `serviceAccount`, otherwise the namespace's `default`), and its executor needs, in the
 * InferenceService's namespace, `get`, `create` and `patch` on `inferenceservices` in the
 * `serving.kserve.io` API group (apply reads the object, then creates or patches it), besides the
 * `workflowtaskresults` rights every Argo step needs. For example a Role with
 * `rules: [{ apiGroups: ["serving.kserve.io"], resources: ["inferenceservices"], verbs: ["get", "create", "patch"] }]`
 * bound to that service account. The serve's own `serviceAccount` is the predictor's (to read the
 * model), not the one that applies it.
 *
 * `undefined` when the InferenceService has errors (reported in `diagnostics`).
 */
export function deployResource(serve: Serve, name: string, withStorageInput: boolean, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const manifest = buildInferenceService(serve, name, diagnostics, withStorageInput ? `{{inputs.parameters.${STORAGE_URI_INPUT}}}` : undefined);
  if (manifest === undefined) return undefined;
  const template: Record<string, unknown> = {};
  if (withStorageInput) template.inputs = { parameters: [{ name: STORAGE_URI_INPUT }] };
  template.resource = { action: "apply", manifest: toYaml([manifest], { keys: KUBERNETES_KEY_ORDER }) };
  return template;
}
