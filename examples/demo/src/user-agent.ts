/**
 * Names a device and browser from a `User-Agent` header, for the "your devices" list — a few
 * ordered rules, enough to tell a person's laptop from their phone. A User-Agent is what the
 * client claims, never proof: it labels sessions, it does not secure them.
 */
export interface DeviceDescription {
  /** "iPhone", "Android phone", "Mac", "Windows PC", "Linux PC", "Command line"… */
  device: string;
  /** "Chrome 131", "Safari 18", "Firefox 133", "curl 8.5.0"… */
  browser: string;
}

/** The longest User-Agent looked at: a hostile client may send kilobytes. */
const MAX_LENGTH = 512;

/** Browser rules, most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\b(?:OPR|Opera)\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\b(?:Chrome|CriOS|Chromium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)(?:[.\d]*) (?:Mobile\/\w+ )?Safari\//, 'Safari'],
  [/^curl\/([\d.]+)/, 'curl'],
  [/^Wget\/([\d.]+)/, 'Wget'],
  [/^HTTPie\/([\d.]+)/, 'HTTPie'],
  [/^node(?:-fetch)?(?:\/([\d.]+))?$/, 'Node.js'],
];

/** Device rules, most specific first: iPads and Android say "Mobile"/"Linux" too. */
const DEVICES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\biPad\b/, 'iPad'],
  [/\biPhone\b/, 'iPhone'],
  [/\bAndroid\b.*\bMobile\b/, 'Android phone'],
  [/\bAndroid\b/, 'Android tablet'],
  [/\bCrOS\b/, 'Chromebook'],
  [/\bWindows\b/, 'Windows PC'],
  [/\bMacintosh\b|\bMac OS X\b/, 'Mac'],
  [/\bLinux\b|\bX11\b/, 'Linux PC'],
  [/^(?:curl|Wget|HTTPie)\//, 'Command line'],
  [/^node\b/, 'Script'],
];

export function describeUserAgent(userAgent: string | undefined | null): DeviceDescription {
  const header = (userAgent ?? '').slice(0, MAX_LENGTH).trim();
  if (header === '') return { device: 'Unknown device', browser: 'Unknown browser' };
  return { device: firstMatch(DEVICES, header) ?? 'Unknown device', browser: firstMatch(BROWSERS, header) ?? 'Unknown browser' };
}

function firstMatch(rules: ReadonlyArray<readonly [RegExp, string]>, header: string): string | null {
  for (const [pattern, name] of rules) {
    const match = pattern.exec(header);
    if (match !== null) return match[1] === undefined ? name : `${name} ${match[1]}`;
  }
  return null;
}
