import { M } from "../../../diagnostics/catalog.js";
import type { Diagnostic } from "../../../diagnostics/diagnostic.js";
import type { Loc } from "../../../ir/types.js";
import { compareLocs } from "../../../ir/query/locs.js";

/** A later declaration of a name and the first one. */
export interface Duplicate<T> {
  readonly first: T;
  readonly later: T;
}

/**
 * Every declaration whose key an earlier one (in source order) already has, paired with that first one.
 * Items without a location order keeps them in the given order.
 */
export function findDuplicates<T extends { readonly loc: Loc }>(items: readonly T[], key: (item: T) => string): Duplicate<T>[] {
  const firsts = new Map<string, T>();
  const out: Duplicate<T>[] = [];
  for (const item of [...items].sort((a, b) => compareLocs(a.loc, b.loc))) {
    const k = key(item);
    const first = firsts.get(k);
    if (first === undefined) firsts.set(k, item);
    else out.push({ first, later: item });
  }
  return out;
}

/** Something declared with a name: a component, a parameter, an argument… (`what` says which). */
export interface Declared {
  readonly what: string;
  readonly name: string;
  readonly loc: Loc;
}

/** MLP2006 at every later declaration of a name within one namespace, pointing at the first. */
export function duplicateNames(namespaces: readonly (readonly Declared[])[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const decls of namespaces) {
    for (const { first, later } of findDuplicates(decls, (d) => d.name)) {
      const related = [{ message: `The ${first.what} '${first.name}' is declared here.`, loc: first.loc }];
      out.push(M.duplicateName.atWith(later.loc, related, later.what, later.name));
    }
  }
  return out;
}
