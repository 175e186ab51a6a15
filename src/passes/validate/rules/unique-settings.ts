import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import { M } from "../../../diagnostics/catalog.js";
import type { KeyValue, Loc } from "../../../ir/types.js";
import type { ValidationRule } from "../rule.js";
import { findDuplicates } from "../util/duplicates.js";
import { allSettings } from "../../../ir/query/walk.js";

interface Keyed {
  readonly name: string;
  readonly loc: Loc;
}

const keyed = (kvs: readonly KeyValue[] | undefined): Keyed[] => (kvs ?? []).map((kv) => ({ name: kv.key, loc: kv.loc }));

/**
 * Within one container's settings: environment variable names, volume mount paths, and the keys of
 * node selectors, labels and annotations are unique (Kubernetes rejects or silently drops the rest).
 */
export const uniqueSettings: ValidationRule = {
  id: "unique-settings",
  codes: [M.duplicateName.code],
  check(program) {
    const out: Diagnostic[] = [];
    const report = (what: string, items: readonly Keyed[]): void => {
      for (const { first, later } of findDuplicates(items, (i) => i.name)) {
        const related = [{ message: `The ${what} '${first.name}' is first set here.`, loc: first.loc }];
        out.push(M.duplicateName.atWith(later.loc, related, what, later.name));
      }
    };
    for (const s of allSettings(program)) {
      report("environment variable", (s.env ?? []).map((e) => ({ name: e.name, loc: e.loc })));
      report("volume mount path", (s.volumes ?? []).map((v) => ({ name: v.mountPath.replace(/(.)\/+$/, "$1"), loc: v.loc })));
      report("node selector key", keyed(s.nodeSelector));
      report("label", keyed(s.labels));
      report("annotation", keyed(s.annotations));
    }
    return out;
  },
};
