import { describe, expect, it } from 'vitest';
import { readJsonBody } from './json-body.js';

const stream = (...chunks: string[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
async function* iterable(...chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* chunks;
}

describe('readJsonBody', () => {
  it('parses JSON from a web stream or an async iterable, across chunks', async () => {
    expect(await readJsonBody(stream('{"refresh', 'Token":"x"}'), null)).toEqual({ kind: 'json', value: { refreshToken: 'x' } });
    expect(await readJsonBody(iterable(new TextEncoder().encode('[1,2]')), '5')).toEqual({ kind: 'json', value: [1, 2] });
  });

  it('calls a missing or blank body empty', async () => {
    expect(await readJsonBody(null, null)).toEqual({ kind: 'empty' });
    expect(await readJsonBody(stream(' \n\t'), null)).toEqual({ kind: 'empty' });
  });

  it('refuses broken JSON, bytes that are not UTF-8 and a stream that fails', async () => {
    expect(await readJsonBody(stream('{"a":'), null)).toEqual({ kind: 'invalid' });
    expect(await readJsonBody(iterable(new Uint8Array([0x22, 0xff, 0x22])), null)).toEqual({ kind: 'invalid' });
    const failing = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error('reset')) });
    expect(await readJsonBody(failing, null)).toEqual({ kind: 'invalid' });
    expect(await readJsonBody(stream('{}'), 'twelve')).toEqual({ kind: 'invalid' });
  });

  it('stops at the limit: by Content-Length without reading, or as the bytes stream in', async () => {
    let pulled = false;
    const untouched = new ReadableStream<Uint8Array>({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    expect(await readJsonBody(untouched, '20000')).toEqual({ kind: 'too_large' });
    expect(pulled).toBe(false);
    expect(await readJsonBody(stream('x'.repeat(10), 'y'.repeat(10)), null, 15)).toEqual({ kind: 'too_large' });
    expect(await readJsonBody(iterable(new Uint8Array(10), new Uint8Array(10)), null, 15)).toEqual({ kind: 'too_large' });
  });
});
