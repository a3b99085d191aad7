import { describe, expect, it } from 'vitest';
import type { RequestView } from '../credentials/request-view.js';
import { clientIp, clientRequestOf, ipv6Groups, normalizeIp } from './client-request.js';

const view = (headers: Record<string, string>, extra: Partial<RequestView> = {}): RequestView => ({
  header: (name) => headers[name] ?? null,
  ...extra,
});

describe('normalizeIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['[2001:DB8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255'],
  ])('keeps the address %j as %j', (text, expected) => {
    expect(normalizeIp(text)).toBe(expected);
  });

  it.each(['', 'localhost', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4x', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'x'.repeat(46), '<script>', '1.2.3.4, 5.6.7.8'])(
    'refuses %j: headers are client input',
    (text) => {
      expect(normalizeIp(text)).toBeNull();
    },
  );

  it('refuses what is not a string', () => {
    expect(normalizeIp(undefined)).toBeNull();
    expect(normalizeIp(null)).toBeNull();
  });
});

describe('ipv6Groups', () => {
  it('expands :: and an embedded IPv4 tail into eight groups', () => {
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0x102, 0x304]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('1:2:3:4:5:6:7')).toBeNull();
    expect(ipv6Groups('1::2:3:4:5:6:7:8')).toBeNull();
  });
});

describe('clientIp', () => {
  const behindTwoProxies = view({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }, { remoteAddress: '::ffff:10.0.0.3' });

  it('without trustProxy: the peer, whatever X-Forwarded-For claims', () => {
    expect(clientIp(behindTwoProxies, false)).toBe('10.0.0.3');
  });

  it('with n proxies: the address n hops from the right of X-Forwarded-For and the peer', () => {
    expect(clientIp(behindTwoProxies, 1)).toBe('10.0.0.2');
    expect(clientIp(behindTwoProxies, 2)).toBe('203.0.113.9');
    // More hops than the chain has: the leftmost entry, never beyond it.
    expect(clientIp(behindTwoProxies, 9)).toBe('6.6.6.6');
  });

  it('with n proxies and no peer known (a fetch runtime), the last proxy still counts as a hop', () => {
    expect(clientIp(view({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), 1)).toBe('203.0.113.9');
  });

  it('with a header: that header alone, if it holds one address', () => {
    expect(clientIp(view({ 'cf-connecting-ip': '2001:db8::7' }, { remoteAddress: '10.0.0.3' }), { header: 'cf-connecting-ip' })).toBe('2001:db8::7');
    expect(clientIp(view({ 'cf-connecting-ip': '1.1.1.1, 2.2.2.2' }), { header: 'cf-connecting-ip' })).toBeNull();
    expect(clientIp(view({}), { header: 'cf-connecting-ip' })).toBeNull();
  });

  it('a forged or broken X-Forwarded-For gives no address rather than the client’s text', () => {
    expect(clientIp(view({ 'x-forwarded-for': 'evil\u0000, <b>' }, { remoteAddress: '10.0.0.3' }), 1)).toBeNull();
  });
});

describe('clientRequestOf', () => {
  it('shows method, path without query, IP, user agent and any header (case-insensitive)', () => {
    const request = clientRequestOf(
      view({ 'user-agent': 'Agent/1', 'x-custom': 'yes' }, { method: 'POST', url: 'https://app.example/account/settings?tab=2', remoteAddress: '192.0.2.5' }),
      false,
    );
    expect({ method: request.method, path: request.path, ip: request.ip, userAgent: request.userAgent }).toEqual({
      method: 'POST',
      path: '/account/settings',
      ip: '192.0.2.5',
      userAgent: 'Agent/1',
    });
    expect(request.header('X-Custom')).toBe('yes');
    expect(request.header('x-missing')).toBeNull();
  });

  it('gives null for what the view does not know, and for an unparsable URL', () => {
    const request = clientRequestOf(view({}, { url: 'http://[bad host/' }), false);
    expect({ method: request.method, path: request.path, ip: request.ip, userAgent: request.userAgent }).toEqual({
      method: null,
      path: null,
      ip: null,
      userAgent: null,
    });
  });

  it('reads the peer address only when asked, and once', () => {
    let reads = 0;
    const request = clientRequestOf({ header: () => null, get remoteAddress() { reads++; return '192.0.2.5'; } }, false);
    expect(reads).toBe(0);
    expect([request.ip, request.ip]).toEqual(['192.0.2.5', '192.0.2.5']);
    expect(reads).toBe(1);
  });
});
