import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { requirementMet } from '../../../../test/support/ci.js';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it), or another one. */
export const CHROMIUM_PATH = process.env.AUTHENTIFY_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, without a sandbox (CI runs as root), and without any traffic of its own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests run here: Chromium present; in CI its absence fails the run. */
export function chromiumAvailable(): boolean {
  return requirementMet({
    name: 'Chromium',
    problem: existsSync(CHROMIUM_PATH) ? null : `not installed at ${CHROMIUM_PATH}`,
    howToFix: 'Install it with `apt-get install -y chromium`, or point the tests at one with AUTHENTIFY_TEST_CHROMIUM=<path>.',
  });
}

/** Starts Chromium; `browser.close()` ends it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}
