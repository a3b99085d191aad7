import type { JsonBodyReading } from './http-types.js';

/** Bodies of our routes are a few hundred bytes; anything past this is refused unread. */
export const MAX_JSON_BODY_BYTES = 16_384;

/** A request body as runtimes expose it: a web stream (fetch) or an async iterable (Node). */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined;

/**
 * Reads a request body of at most `limit` bytes and parses it as JSON. Never throws: an
 * oversized body (by `Content-Length` or as it streams in) stops reading at the limit, and
 * non-UTF-8 bytes or broken JSON are `invalid`.
 *
 * @example
 * ```ts
 * const reading = await readJsonBody(request.body, request.headers.get('content-length'));
 * if (reading.kind === 'json') console.log(reading.value);
 * ```
 */
export async function readJsonBody(
  source: BodySource,
  contentLength: string | null | undefined,
  limit: number = MAX_JSON_BODY_BYTES,
): Promise<JsonBodyReading> {
  if (typeof contentLength === 'string' && contentLength.trim() !== '') {
    const declared = Number(contentLength);
    if (!Number.isFinite(declared) || declared > limit) {
      return Number.isFinite(declared) ? { kind: 'too_large' } : { kind: 'invalid' };
    }
  }
  if (source === null || source === undefined) return { kind: 'empty' };
  let bytes: Uint8Array | 'too_large';
  try {
    bytes = await collect(source, limit);
  } catch {
    // A stream that errors (client hung up) or was already consumed by someone else.
    return { kind: 'invalid' };
  }
  if (bytes === 'too_large') return { kind: 'too_large' };
  return parseJsonBytes(bytes);
}

/** Parses collected body bytes: empty or whitespace-only is `empty`, else JSON or `invalid`. */
export function parseJsonBytes(bytes: Uint8Array): JsonBodyReading {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { kind: 'invalid' };
  }
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'invalid' };
  }
}

async function collect(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array | 'too_large'> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const add = (chunk: Uint8Array): boolean => {
    size += chunk.byteLength;
    if (size > limit) return false;
    chunks.push(chunk);
    return true;
  };
  if ('getReader' in source) {
    const reader = source.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!add(value)) {
        await reader.cancel().catch(() => undefined);
        return 'too_large';
      }
    }
  } else {
    // Iterated by hand: leaving a `for await` early would destroy a Node request stream, and
    // with it the socket the 413 must still be written to.
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
      const { done, value } = await iterator.next();
      if (done === true) break;
      if (!add(value)) return 'too_large';
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
