import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './user-agent.js';

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Linux PC', 'Chrome 131'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', 'Linux PC', 'Headless Chrome 156'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Windows PC', 'Edge 131'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0', 'Mac', 'Firefox 133'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Mac', 'Safari 18'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'iPhone', 'Safari 18'],
    ['Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'iPad', 'Chrome 131'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Android phone', 'Chrome 131'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Safari/537.36', 'Android tablet', 'Samsung Internet 26'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0', 'Chromebook', 'Opera 115'],
    ['curl/8.5.0', 'Command line', 'curl 8.5.0'],
    ['node', 'Script', 'Node.js'],
  ])('%s → %s, %s', (header, device, browser) => {
    expect(describeUserAgent(header)).toEqual({ device, browser });
  });

  it('says "unknown" for a missing, empty or unrecognised header', () => {
    const unknown = { device: 'Unknown device', browser: 'Unknown browser' };
    expect(describeUserAgent(undefined)).toEqual(unknown);
    expect(describeUserAgent('   ')).toEqual(unknown);
    expect(describeUserAgent('<script>alert(1)</script>')).toEqual(unknown);
  });

  it('only ever returns fixed names and version numbers, whatever the client sends', () => {
    const { device, browser } = describeUserAgent(`Firefox/<img src=x onerror=alert(1)> Android Mobile`);
    expect(device).toBe('Android phone');
    expect(browser).toBe('Unknown browser');
  });

  it('looks at the first 512 characters only', () => {
    expect(describeUserAgent(`${'A'.repeat(600)} Android Mobile Firefox/133`)).toEqual({ device: 'Unknown device', browser: 'Unknown browser' });
  });
});
