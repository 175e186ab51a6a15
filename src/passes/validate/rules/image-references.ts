import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { mutableImageReason, parseImageRef } from "../../../ir/image-ref.js";

/**
 * Images are valid OCI references (`registry[:port]/path[:tag][@sha256:…]`); a warning for images
 * without a tag or with `:latest`, which can change between runs and so are never cached.
 */
export const imageReferences: ValidationRule = {
  id: "image-references",
  codes: [M.invalidImage.code, M.mutableImage.code],
  check(program) {
    const images: { ref: string; loc: Loc }[] = [
      ...program.components.map((c) => c.image),
      ...program.serves.flatMap((s) => (s.transformer === undefined ? [] : [s.transformer.image])),
    ];
    const out: Diagnostic[] = [];
    for (const image of images) {
      const parsed = parseImageRef(image.ref);
      if ("error" in parsed) {
        out.push(M.invalidImage.at(image.loc, image.ref, parsed.error));
        continue;
      }
      const reason = mutableImageReason(parsed);
      if (reason !== undefined) out.push(M.mutableImage.at(image.loc, image.ref, reason));
    }
    return out;
  },
};
