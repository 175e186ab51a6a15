import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Quantity, RequestLimit } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { compareLocs } from "../../../ir/query/locs.js";
import { parseQuantity, quantityHint } from "../../../kubernetes/quantity.js";
import { allSettings } from "../../../ir/query/walk.js";

/**
 * CPU, memory and ephemeral-storage requests and limits and emptyDir size limits are Kubernetes
 * quantities (with the fix for common mistakes such as `8Gb`), not negative, with the request not above
 * the limit; a GPU count is a positive whole number.
 */
export const resourceQuantities: ValidationRule = {
  id: "resource-quantities",
  codes: [M.invalidQuantity.code, M.gpuCount.code, M.requestAboveLimit.code],
  check(program) {
    const out: Diagnostic[] = [];
    const value = (what: string, q: Quantity | undefined): number | undefined => {
      if (q === undefined) return undefined;
      const v = parseQuantity(q.value);
      if (v === undefined) out.push(M.invalidQuantity.at(q.loc, what, q.value, quantityHint(q.value)));
      else if (v < 0) out.push(M.invalidQuantity.at(q.loc, what, q.value, " A resource quantity cannot be negative."));
      else return v;
      return undefined;
    };
    const requestLimit = (what: string, rl: RequestLimit | undefined): void => {
      if (rl === undefined) return;
      const request = value(what, rl.request);
      // The front end gives a lone value as both request and limit; check it once.
      const same = rl.request !== undefined && rl.limit !== undefined && rl.request.value === rl.limit.value && compareLocs(rl.request.loc, rl.limit.loc) === 0;
      const limit = same ? request : value(what, rl.limit);
      if (request !== undefined && limit !== undefined && request > limit) {
        out.push(M.requestAboveLimit.atWith(rl.request!.loc, [{ message: "The limit is set here.", loc: rl.limit!.loc }], what, rl.request!.value, rl.limit!.value));
      }
    };
    for (const s of allSettings(program)) {
      const r = s.resources;
      if (r !== undefined) {
        requestLimit("CPU", r.cpu);
        requestLimit("memory", r.memory);
        requestLimit("ephemeral storage", r.ephemeralStorage);
        if (r.gpu !== undefined && !(Number.isInteger(r.gpu.count) && r.gpu.count > 0)) {
          out.push(M.gpuCount.at(r.gpu.loc, r.gpu.count));
        }
      }
      for (const v of s.volumes ?? []) {
        if (v.source.kind === "emptyDir") value("emptyDir size limit", v.source.sizeLimit);
      }
    }
    return out;
  },
};
