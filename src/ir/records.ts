/**
 * An empty object for keys a user chose (names of steps, inputs and parameters, struct fields, label,
 * annotation and env keys): it has no prototype, so `__proto__`, `constructor` or `toString` is an
 * ordinary key — kept when assigned (`o["__proto__"] = v` on `{}` sets the prototype instead, and the
 * key is lost) and absent until assigned (`{}["constructor"]` is a function). The YAML writer and
 * `JSON.stringify` print it as any object.
 */
export function record<V = unknown>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
