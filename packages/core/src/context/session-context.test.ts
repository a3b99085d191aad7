import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { exposeContext, prepareContext } from './session-context.js';

describe('context at issue', () => {
  it('stores what the Standard Schema outputs, and types the session context from it', async () => {
    const auth = createAuthentify({
      storage: new MemorySessionStorage(),
      contextSchema: z.object({ device: z.string().trim(), build: z.coerce.number() }),
    });
    const issued = await auth.issueSession({ userId: 'u1', transport: 'header', context: { device: '  Pixel  ', build: 42 } });
    const device: string = issued.session.context.device;
    expect(device).toBe('Pixel');
    const result = await auth.authenticateToken(issued.accessToken, 'header');
    expect(result.ok && result.session.context).toEqual({ device: 'Pixel', build: 42 });
  });

  it('refuses a context the schema refuses, with the path and message', async () => {
    const schema = z.object({ device: z.string() });
    await expect(prepareContext({ device: 7 }, schema, 8192)).rejects.toMatchObject({
      code: 'invalid_context',
      message: expect.stringContaining('device'),
    });
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'device'],
    ['null', null],
    ['a Date', new Date()],
    ['a class instance', new (class Device {})()],
  ])('refuses %s as the context', async (_label, context) => {
    await expect(prepareContext(context, undefined, 8192)).rejects.toMatchObject({ code: 'invalid_context' });
  });

  it.each([
    ['a function value', { f: () => 1 }],
    ['undefined inside', { a: undefined }],
    ['NaN', { n: Number.NaN }],
    ['a bigint', { b: 1n }],
    ['a nested Date', { when: new Date() }],
    ['a NUL character (Postgres jsonb cannot store it)', { device: 'a\u0000b' }],
    ['a lone surrogate (not valid Unicode)', { device: 'a\uD800b' }],
    ['a lone surrogate in a key', { ['k\uDC00']: 1 }],
    ['nesting deeper than 16 levels', JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`)],
  ])('refuses a context with %s', async (_label, context) => {
    await expect(prepareContext(context, undefined, 8192)).rejects.toMatchObject({ code: 'invalid_context' });
  });

  it('refuses a context over maxContextBytes, counting UTF-8 bytes', async () => {
    await expect(prepareContext({ d: 'é'.repeat(10) }, undefined, 25)).rejects.toMatchObject({ code: 'invalid_context' });
    await expect(prepareContext({ d: 'e'.repeat(10) }, undefined, 25)).resolves.toEqual({ d: 'eeeeeeeeee' });
  });

  it('accepts well-formed Unicode, surrogate pairs (emoji) included', async () => {
    await expect(prepareContext({ device: 'Pixel 🚀 “Ünïcødé”' }, undefined, 8192)).resolves.toEqual({ device: 'Pixel 🚀 “Ünïcødé”' });
  });

  it('defaults a missing context to {}', async () => {
    await expect(prepareContext(undefined, undefined, 8192)).resolves.toEqual({});
  });
});

describe('context on the session', () => {
  it('is deeply read-only', () => {
    const context = exposeContext<{ device: string; tags: string[] }>({ device: 'a', tags: ['x'] }, false);
    expect(() => {
      (context as { device: string }).device = 'b';
    }).toThrow(TypeError);
    expect(() => (context.tags as string[]).push('y')).toThrow(TypeError);
  });

  it('in strict mode throws context_key_missing on an undefined key, but reads defined ones', () => {
    const context = exposeContext<{ device: string; optional?: string }>({ device: 'a' }, true);
    expect(context.device).toBe('a');
    expect(() => context.optional).toThrow(expect.objectContaining({ code: 'context_key_missing' }));
  });

  it('in strict mode can still be serialised, spread, awaited and inspected', async () => {
    const context = exposeContext<{ device: string }>({ device: 'a' }, true);
    expect(JSON.stringify(context)).toBe('{"device":"a"}');
    expect({ ...context }).toEqual({ device: 'a' });
    await expect(Promise.resolve(context)).resolves.toBe(context);
    expect(String(Object.keys(context))).toBe('device');
  });

  it('in lenient mode yields undefined for an undefined key', () => {
    expect(exposeContext<{ device?: string }>({}, false).device).toBeUndefined();
  });

  it('is strict on authenticated sessions when strictContext is on', async () => {
    const auth = createAuthentify<{ device: string; ip?: string }>({ storage: new MemorySessionStorage(), strictContext: true });
    const issued = await auth.issueSession({ userId: 'u', transport: 'header', context: { device: 'd' } });
    const result = await auth.authenticateToken(issued.accessToken, 'header');
    if (!result.ok) throw new Error(result.reason);
    expect(() => result.session.context.ip).toThrow(/no key "ip"/);
  });
});
