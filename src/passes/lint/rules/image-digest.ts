import { M } from "../../../diagnostics/catalog.js";
import { parseImageRef } from "../../../ir/image-ref.js";
import type { LintRule } from "../rule.js";

/** Tag-pinned images (a tag that is not `latest`, no digest); unpinned ones are MLP2050's, from `check`. */
export const imageDigest: LintRule = {
  id: "mlpc/image-digest",
  code: M.lintImageDigest.code,
  defaultSeverity: "off",
  description: "Pin container images by digest, not only by tag.",
  check: (resolved) =>
    [...resolved.program.components.map((c) => c.image), ...resolved.program.serves.flatMap((s) => (s.transformer === undefined ? [] : [s.transformer.image]))]
      .filter((image) => {
        const ref = parseImageRef(image.ref);
        return !("error" in ref) && ref.digest === undefined && ref.tag !== undefined && ref.tag !== "latest";
      })
      .map((image) => M.lintImageDigest.at(image.loc, image.ref)),
};
