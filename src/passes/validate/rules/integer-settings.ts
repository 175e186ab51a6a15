import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { Loc, Settings } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { walkNodes } from "../../../ir/query/walk.js";

/** The largest value of the targets' 32-bit count fields (protobuf and OpenAPI `int32`). */
export const INT32_MAX = 2 ** 31 - 1;

/** A whole number as the user wrote it: plain digits, never exponent form. */
const digits = (n: number): string => n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });

/**
 * Whole numbers of settings fit the field each target writes them to. Counts are 32-bit on some
 * target: a GPU count (KFP's accelerator count), a retry limit (KFP's `maxRetryCount`), a loop's
 * parallelism (KFP's `parallelismLimit`), Katib's trial counts and KServe's replicas and scale target
 * are `int32`; user and group IDs and toleration seconds are `int64`, exact in mlpc up to 2^53 - 1. A
 * larger value compiles to a file the engine refuses (or reads as another number), so it is an error here.
 */
export const integerSettings: ValidationRule = {
  id: "integer-settings",
  codes: [M.integerSettingTooLarge.code],
  check(program) {
    const out: Diagnostic[] = [];
    const int32 = (value: number | undefined, what: string, loc: Loc): void => {
      if (value !== undefined && Math.abs(value) > INT32_MAX) out.push(M.integerSettingTooLarge.at(loc, what, digits(value), digits(INT32_MAX)));
    };
    const int64 = (value: number | undefined, what: string, loc: Loc): void => {
      if (value !== undefined && !Number.isSafeInteger(value)) out.push(M.integerSettingTooLarge.at(loc, what, digits(value), digits(Number.MAX_SAFE_INTEGER)));
    };
    const settings = (s: Settings): void => {
      if (s.resources?.gpu !== undefined) int32(s.resources.gpu.count, "GPU count", s.resources.gpu.loc);
      if (s.retry !== undefined) int32(s.retry.limit, "retry limit", s.retry.loc);
      for (const t of s.tolerations ?? []) int64(t.tolerationSeconds, "toleration seconds", t.loc);
      if (s.securityContext !== undefined) {
        int64(s.securityContext.runAsUser, "runAsUser", s.securityContext.loc);
        int64(s.securityContext.runAsGroup, "runAsGroup", s.securityContext.loc);
      }
    };
    for (const c of program.components) settings(c.settings);
    for (const p of program.pipelines) {
      settings(p.settings);
      for (const { node } of walkNodes(p)) {
        if (node.kind === "step") settings(node.settings);
        if (node.kind === "loop") int32(node.parallelism, "loop parallelism", node.loc);
      }
    }
    for (const t of program.tunes) {
      settings(t.settings);
      int32(t.maxTrials, "trial count", t.loc);
      int32(t.parallelTrials, "parallel trial count", t.loc);
      int32(t.maxFailedTrials, "failed trial count", t.loc);
    }
    for (const s of program.serves) {
      settings(s.settings);
      if (s.transformer !== undefined) settings(s.transformer.settings);
      int32(s.minReplicas, "minimum replica count", s.loc);
      int32(s.maxReplicas, "maximum replica count", s.loc);
      if (s.scale !== undefined) int32(s.scale.target, "scale target", s.scale.loc);
    }
    return out;
  },
};
