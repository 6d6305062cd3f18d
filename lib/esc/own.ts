// Plain objects keyed by document keys. A `__proto__` key is an ordinary key in ESC (as in the
// reference, whose maps have no prototypes): assigning it would re-prototype the object and drop
// the key, so it is defined as an own property. Reads use hasOwn so `constructor` and friends
// never resolve to Object.prototype members.

export function setOwn<T>(o: Record<string, T>, k: string, v: T): void {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function getOwn<T>(o: Record<string, T> | undefined, k: string): T | undefined {
  return o && Object.hasOwn(o, k) ? o[k] : undefined;
}
