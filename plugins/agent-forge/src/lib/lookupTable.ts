/**
 * A constant table looked up with keys that come from an agent or from
 * storage. It has no prototype and is frozen, so a key such as `constructor`,
 * `__proto__` or `toString` finds nothing, like any other unknown key,
 * instead of an inherited function or object. Written as an object literal,
 * so the table stays readable where it is declared.
 */
export function lookupTable<T extends object>(entries: T): Readonly<T> {
  const table = Object.create(null) as T;
  for (const [key, value] of Object.entries(entries)) {
    Object.defineProperty(table, key, { value, enumerable: true });
  }
  return Object.freeze(table);
}
