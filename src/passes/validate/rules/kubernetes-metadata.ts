import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { KeyValue, Settings } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { annotationBytes, labelValueProblem, MAX_ANNOTATIONS_BYTES, qualifiedNameProblem } from "../../../kubernetes/metadata.js";
import { allSettings } from "../../../ir/query/walk.js";

/**
 * Labels, annotations and node selectors are what Kubernetes accepts (apimachinery's validation, which
 * rejects the pod otherwise): label and node-selector keys are qualified names (an optional DNS
 * subdomain prefix and `/`, then a name of at most 63 characters) and their values at most 63 such
 * characters or empty; annotation keys are qualified names once lowercased, their values any text,
 * but all keys and values of one object together at most 256 KiB. Checked on every settings block
 * that writes them: components, steps, pipelines, tunes, serves and serve transformers.
 */
export const kubernetesMetadata: ValidationRule = {
  id: "kubernetes-metadata",
  codes: [M.invalidMetadataKey.code, M.invalidLabelValue.code, M.annotationsTooLarge.code],
  check(program) {
    const out: Diagnostic[] = [];
    const labels = (kvs: readonly KeyValue[] | undefined, what: string): void => {
      for (const kv of kvs ?? []) {
        const keyProblem = qualifiedNameProblem(kv.key);
        if (keyProblem !== undefined) out.push(M.invalidMetadataKey.at(kv.loc, what, kv.key, keyProblem));
        const valueProblem = labelValueProblem(kv.value);
        if (valueProblem !== undefined) out.push(M.invalidLabelValue.at(kv.loc, what, kv.key, kv.value, valueProblem));
      }
    };
    const annotations = (kvs: readonly KeyValue[] | undefined): void => {
      let bytes = 0;
      let reported = false;
      for (const kv of kvs ?? []) {
        const problem = qualifiedNameProblem(kv.key.toLowerCase());
        if (problem !== undefined) out.push(M.invalidMetadataKey.at(kv.loc, "annotation", kv.key, problem));
        bytes += annotationBytes([kv]);
        if (bytes > MAX_ANNOTATIONS_BYTES && !reported) {
          reported = true;
          out.push(M.annotationsTooLarge.at(kv.loc, annotationBytes(kvs ?? []), MAX_ANNOTATIONS_BYTES));
        }
      }
    };
    const settings = (s: Settings): void => {
      annotations(s.annotations);
      labels(s.labels, "label");
      labels(s.nodeSelector, "node selector");
    };
    for (const s of allSettings(program)) settings(s);
    return out;
  },
};
