import { describe, expect, it } from 'vitest';
import { originHost, parseRequestTarget } from './request-target.js';

describe('parseRequestTarget', () => {
  it('reads host, hostname and the still-encoded path', () => {
    expect(parseRequestTarget('http://App.Example:8080/auth/sessions/a%2Fb?x=1')).toEqual({
      protocol: 'http:',
      host: 'app.example:8080',
      hostname: 'app.example',
      pathname: '/auth/sessions/a%2Fb',
      search: '?x=1',
    });
  });

  it.each(['', 'http://a b/', 'http://', '/relative', 'http://[::1/x'])('yields nulls for %j, never throws', (url) => {
    expect(parseRequestTarget(url)).toEqual({ protocol: null, host: null, hostname: null, pathname: null, search: '' });
  });
});

describe('originHost', () => {
  it.each([
    ['https://app.example', 'app.example'],
    [' http://App.Example:8080 ', 'app.example:8080'],
    ['https://app.example:443', 'app.example'],
    ['null', null],
    ['', null],
    ['file:///etc', null],
    ['https://a.example, https://b.example', null],
    ['garbage', null],
  ])('%j → %j', (origin, host) => {
    expect(originHost(origin)).toBe(host);
  });
});
