/**
 * JSON that keeps `Date`s and `undefined`: the storage bridge between the Node test and the
 * worker passes session records, whose times must arrive as `Date`s to the millisecond, and
 * argument lists, where JSON would turn an `undefined` options argument into `null`. (RPC between
 * the worker and the Durable Object needs none of this: it is structured-cloned.)
 */
export function toWire(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (Object.keys(record).length === 1 && typeof record.$date === 'number') return new Date(record.$date);
    if (Object.keys(record).length === 1 && record.$undefined === true) return undefined;
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, fromWire(item)]));
  }
  return value;
}
