/**
 * Values a store keeps between requests and hands to every reader (the directory of units): shared, so nothing in
 * them may be changed. `Frozen<T>` says so to the compiler (deeply readonly), `deepFreeze` to the runtime (a write
 * throws in strict code, so a test that reaches it fails).
 */
export type Frozen<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly Frozen<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Frozen<T[K]> }
      : T;

/** Freezes a value of plain data (objects, arrays, primitives) and everything in it; returns it. */
export function deepFreeze<T>(value: T): Frozen<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value as Frozen<T>;
}

/**
 * A copy of plain JSON data (objects, arrays, strings, numbers, booleans, null), each object and array new: for a
 * kept value every caller gets its own of (the settings), at a third of `JSON.parse`'s cost and a sixth of
 * `structuredClone`'s on the 5 KB of a province's settings. Of a frozen value, a copy the caller may change
 * (`copyJson<Settings>(frozen)`).
 */
export function copyJson<T>(value: T | Frozen<T>): T {
  if (typeof value !== 'object' || value === null) return value as T;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const from = value as Record<string, unknown>;
  for (const k of Object.keys(from)) out[k] = copyJson(from[k]);
  return out as T;
}

/**
 * What is derived from a frozen value (an index, a map of names), made once per value and kept in `memo` while the
 * value lives: a store that keeps a value hands out the same frozen one until it changes (SqliteStore's directory and
 * settings). A value that is not frozen could still change, so it is derived anew on every call.
 */
export function derivedFrom<K extends object, T>(memo: WeakMap<K, T>, value: K, make: () => T): T {
  if (!Object.isFrozen(value)) return make();
  let derived = memo.get(value);
  if (derived === undefined) memo.set(value, (derived = make()));
  return derived;
}
