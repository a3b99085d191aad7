import { describe, expect, it } from 'vitest';
import { MAX_AUTHORIZATION_LENGTH, parseAuthorizationHeader } from './authorization-header.js';

const prefixes = ['bearer', 'token'];
const parse = (value: string | null | undefined) => parseAuthorizationHeader(value, prefixes);

describe('parseAuthorizationHeader', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Token abc', 'abc'],
    ['  Bearer \t abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
  ])('reads the token from %j', (value, token) => {
    expect(parse(value)).toEqual({ kind: 'token', token });
  });

  it.each([null, undefined, '', '   '])('treats %j as no header', (value) => {
    expect(parse(value)).toEqual({ kind: 'absent' });
  });

  it.each([
    'Basic dXNlcjpwYXNz',
    'JWT eyJ.x.y',
    'Digest username="x"',
    'Digest username="x", realm="y", nonce="z"',
    'Digest realm="a, Bearer b", nonce="z"',
    'Basic dXNlcjpwYXNz, Basic b3RoZXI6cGFzcw==',
    'Bearerabc',
    'abc',
    `${'X'.repeat(100)} token`,
  ])(
    'leaves a foreign scheme alone: %j',
    (value) => {
      expect(parse(value)).toEqual({ kind: 'foreign' });
    },
  );

  it.each([
    ['our scheme without a token', 'Bearer'],
    ['our scheme with only spaces', 'Bearer    '],
    ['two words', 'Bearer abc def'],
    ['two joined headers', 'Bearer abc, Bearer def'],
    ['ours joined after a foreign header', 'Basic dXNlcjpwYXNz, Bearer abc'],
    ['ours, any case, after a foreign header with parameters', 'Digest realm="x", token abc'],
    ['our bare scheme after a foreign header', 'Basic dXNlcjpwYXNz, Bearer'],
    ['a trailing comma', 'Bearer abc,'],
    ['an oversized header', `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`],
  ])('calls %s an invalid request', (_label, value) => {
    expect(parse(value)).toEqual({ kind: 'invalid_request' });
  });

  it('honours configured prefixes only', () => {
    expect(parseAuthorizationHeader('Bearer abc', ['token'])).toEqual({ kind: 'foreign' });
    expect(parseAuthorizationHeader('Session abc', ['session'])).toEqual({ kind: 'token', token: 'abc' });
  });
});
