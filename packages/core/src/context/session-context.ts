import type { StandardSchemaV1 } from '@standard-schema/spec';
import { AuthentifyError } from '../errors.js';
import type { JsonObject } from '../storage/session-record.js';

/** Nesting deeper than this is refused: contexts are small descriptive objects, not documents. */
const MAX_CONTEXT_DEPTH = 16;

/**
 * Validates the context given at issue: through the Standard Schema if there is one (its output
 * is what gets stored), then as a plain JSON object of at most `maxBytes` bytes. Throws
 * `invalid_context` with the path of the first problem.
 */
export async function prepareContext<Context extends object>(
  input: unknown,
  schema: StandardSchemaV1<unknown, Context> | undefined,
  maxBytes: number,
): Promise<JsonObject> {
  let value = input === undefined ? {} : input;
  if (schema !== undefined) {
    const result = await schema['~standard'].validate(value);
    if (result.issues !== undefined) {
      const issues = result.issues
        .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
        .join('; ');
      throw new AuthentifyError('invalid_context', `Context refused by contextSchema — ${issues}`, {
        cause: result.issues,
      });
    }
    value = result.value;
  }
  if (!isPlainObject(value)) {
    throw new AuthentifyError('invalid_context', `Context must be a plain JSON object, got ${kindOf(value)}.`);
  }
  assertJson(value, 'context', 0);
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > maxBytes) {
    throw new AuthentifyError('invalid_context', `Context is ${bytes} bytes of JSON; maxContextBytes is ${maxBytes}.`);
  }
  return value as JsonObject;
}

/**
 * The context as handed to the application: deeply frozen, and in strict mode wrapped so that
 * reading a key it does not have throws `context_key_missing` instead of yielding `undefined`.
 * Symbols, `then` and `toJSON` are exempt, so strict contexts can still be awaited alongside,
 * logged and serialised.
 */
export function exposeContext<Context extends object>(context: JsonObject, strict: boolean): Readonly<Context> {
  const frozen = deepFreeze(context) as unknown as Context;
  if (!strict) return frozen;
  return new Proxy(frozen, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key === 'then' || key === 'toJSON' || key in target) {
        return Reflect.get(target, key, receiver);
      }
      throw new AuthentifyError(
        'context_key_missing',
        `Session context has no key "${key}" (strictContext is on).`,
      );
    },
  });
}

function assertJson(value: unknown, path: string, depth: number): void {
  if (depth > MAX_CONTEXT_DEPTH) {
    throw new AuthentifyError('invalid_context', `Context is nested deeper than ${MAX_CONTEXT_DEPTH} levels at ${path}.`);
  }
  if (typeof value === 'string') {
    assertStorableString(value, path);
    return;
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new AuthentifyError('invalid_context', `Context value at ${path} is ${value}, which JSON cannot hold.`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJson(item, `${path}[${index}]`, depth + 1));
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      assertStorableString(key, `${path} (a key)`);
      assertJson(item, `${path}.${key}`, depth + 1);
    }
    return;
  }
  throw new AuthentifyError('invalid_context', `Context value at ${path} is ${kindOf(value)}, which is not JSON.`);
}

/**
 * JSON allows any string, but databases do not: Postgres jsonb refuses NUL, and jsonb and
 * MariaDB's JSON check refuse lone surrogates. Refusing them here makes such a login an
 * `invalid_context` (the caller's mistake) instead of a storage failure.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertStorableString(text: string, path: string): void {
  if (text.includes('\u0000')) {
    throw new AuthentifyError('invalid_context', `Context string at ${path} contains a NUL character, which databases cannot store.`);
  }
  if (LONE_SURROGATE.test(text)) {
    throw new AuthentifyError('invalid_context', `Context string at ${path} contains a lone UTF-16 surrogate (not valid Unicode).`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return `a ${typeof value}`;
}

function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (path === undefined || path.length === 0) return 'context';
  return path
    .map((segment) => (typeof segment === 'object' ? segment.key : segment))
    .map(String)
    .join('.');
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
