import { describe, expect, it } from 'vitest';
import { clientChanged, networkOf } from './client-change.js';

const at = (ip: string | null, userAgent: string | null = 'Agent/1') => ({ ip, userAgent });

describe('clientChanged', () => {
  it("'network': another IPv4 /24 or IPv6 /64, not another address in the same one", () => {
    expect(clientChanged('network', at('192.0.2.1'), at('192.0.2.200'))).toBe(false);
    expect(clientChanged('network', at('192.0.2.1'), at('198.51.100.1'))).toBe(true);
    expect(clientChanged('network', at('2001:db8:1:2::1'), at('2001:db8:1:2:ffff::9'))).toBe(false);
    expect(clientChanged('network', at('2001:db8:1:2::1'), at('2001:db8:1:3::1'))).toBe(true);
    expect(clientChanged('network', at('192.0.2.1'), at('2001:db8::1'))).toBe(true);
    expect(clientChanged('network', at('192.0.2.1', 'A'), at('192.0.2.1', 'B'))).toBe(false);
  });

  it("'ip': any other address", () => {
    expect(clientChanged('ip', at('192.0.2.1'), at('192.0.2.2'))).toBe(true);
    expect(clientChanged('ip', at('192.0.2.1'), at('192.0.2.1'))).toBe(false);
  });

  it("'network_or_user_agent': another network or another user agent", () => {
    expect(clientChanged('network_or_user_agent', at('192.0.2.1', 'A'), at('192.0.2.9', 'B'))).toBe(true);
    expect(clientChanged('network_or_user_agent', at('192.0.2.1', 'A'), at('192.0.2.9', 'A'))).toBe(false);
  });

  it('an unknown side is never a change', () => {
    for (const rule of ['network', 'ip', 'network_or_user_agent'] as const) {
      expect(clientChanged(rule, at(null, null), at('192.0.2.1'))).toBe(false);
      expect(clientChanged(rule, at('192.0.2.1', 'A'), at(null, null))).toBe(false);
    }
  });

  it('a function decides for itself', () => {
    const countryRule = (previous: { ip: string | null }, current: { ip: string | null }) => previous.ip?.split('.')[0] !== current.ip?.split('.')[0];
    expect(clientChanged(countryRule, at('10.1.1.1'), at('10.9.9.9'))).toBe(false);
    expect(clientChanged(countryRule, at('10.1.1.1'), at('11.1.1.1'))).toBe(true);
  });
});

describe('networkOf', () => {
  it('is the /24 of IPv4 and the /64 of IPv6, however the address is written', () => {
    expect(networkOf('192.0.2.77')).toBe('192.0.2');
    expect(networkOf('2001:db8:0:0:1::1')).toBe(networkOf('2001:db8::1:0:0:1'));
  });
});
