import { M } from "../../../diagnostics/catalog.js";
import { MAX_ARGO_NAME_LENGTH, MAX_LABEL_LENGTH } from "../../../kubernetes/names.js";
import type { Loc } from "../../../ir/types.js";
import type { LintRule } from "../rule.js";

/** How close to a limit a name may come before the rule speaks. */
export const NEAR = 10;

/**
 * A name, as a target calls it (`resolved.names`), within `NEAR` characters of that target's limit:
 * KFP pipeline names and Katib and KServe resources are DNS labels (63); Argo names up to 128 (a
 * Workflow's generated suffix and the pods' names are cut from it). Longer ones are `check`'s.
 */
export const nameNearLimit: LintRule = {
  id: "mlpc/name-near-limit",
  code: M.lintNameNearLimit.code,
  defaultSeverity: "warn",
  description: "Keep names at least 10 characters below a target's length limit.",
  check: (resolved) => {
    const { program, names } = resolved;
    const entries: [string, ReadonlyMap<string, string>, number, readonly { name: string; loc: Loc }[]][] = [
      ["KFP", names.kfp, MAX_LABEL_LENGTH, program.pipelines],
      ["Argo", names.argo, MAX_ARGO_NAME_LENGTH, program.pipelines],
      ["Katib", names.katib, MAX_LABEL_LENGTH, program.tunes],
      ["KServe", names.kserve, MAX_LABEL_LENGTH, program.serves],
    ];
    return entries.flatMap(([target, map, max, decls]) =>
      decls.flatMap((d) => {
        const name = map.get(d.name);
        return name !== undefined && name.length > max - NEAR && name.length <= max ? [M.lintNameNearLimit.at(d.loc, name, target, name.length, max)] : [];
      }),
    );
  },
};
