/**
 * Names anonymous steps the way both front ends must, so that they build the same IR: each is named
 * after what it calls (`train`), or, when that name is taken by an explicit step, a serve or an
 * earlier anonymous step, `train_2`, `train_3`… in the order the steps were written. Linear in the
 * number of steps, however many call the same component.
 */
export function nameAnonymous<K>(used: Set<string>, anonymous: readonly { readonly key: K; readonly base: string }[]): Map<K, string> {
  const names = new Map<K, string>();
  const next = new Map<string, number>();
  for (const { key, base } of anonymous) {
    let name = base;
    let n = next.get(base) ?? 2;
    if (used.has(name)) {
      while (used.has(`${base}_${n}`)) n++;
      name = `${base}_${n}`;
      n++;
    }
    next.set(base, n);
    used.add(name);
    names.set(key, name);
  }
  return names;
}
