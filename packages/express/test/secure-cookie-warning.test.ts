import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { type RunningServer, sendRaw } from '@authentify/core/testing/vitest';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthentifyExpress } from '../src/index.js';
import { listen } from './conformance-app.js';

/**
 * A `Secure` cookie in a plain-http answer to a host that is not the local machine is dropped by
 * the browser: the login answers 200 and the next request is anonymous. The operator is told,
 * once, through the instance's logger. Requests reach the server on 127.0.0.1 with the `Host` a
 * deployment would see.
 */
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function loginApp(options: { trustProxy?: boolean; secure?: 'auto' | boolean } = {}) {
  const warnings: string[] = [];
  const auth = createAuthentify({
    storage: new MemorySessionStorage(),
    logger: { error: (message) => void warnings.push(`error: ${message}`), warn: (message) => void warnings.push(message) },
  });
  const authentify = createAuthentifyExpress(auth, options.secure === undefined ? {} : { cookies: { secure: options.secure } });
  const app = express();
  if (options.trustProxy === true) app.set('trust proxy', 'loopback');
  app.post('/login', (req, res) => authentify.login(req, res, { userId: 'alice', transport: 'cookie' }));
  const server = await listen(app);
  servers.push(server);
  const login = (host: string, extra: string[] = []) => sendRaw(server.url, ['POST /login HTTP/1.1', `Host: ${host}`, ...extra]);
  return { warnings, login };
}

describe('the Secure-cookie-over-http warning', () => {
  it('warns once when a cookie login over http to a public host gets a Secure cookie', async () => {
    const { warnings, login } = await loginApp();
    const first = await login('app.example:8080');
    expect(first.status).toBe(200);
    expect(first.headers['set-cookie']?.every((cookie) => /; Secure/i.test(cookie))).toBe(true);
    await login('app.example:8080');
    expect(warnings).toEqual([
      '[authentify] The Secure cookie afy_access was sent in a response to http://app.example:8080, and browsers drop Secure cookies ' +
        'received over plain http from a host other than localhost: the login looks successful, and the next request is anonymous. ' +
        "Serve the app over https (behind a TLS proxy, let the adapter see https — e.g. Express `app.set('trust proxy', …)`), " +
        'or for development only pass the adapter option `cookies: { secure: false }`. (Shown once per instance.)',
    ]);
    // docs/observability.md quotes this very warning.
    const docs = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'observability.md'), 'utf8');
    expect(docs).toContain(`\`\`\`text\n${warnings[0]}\n\`\`\``);
  });

  it('stays silent on localhost, over https behind a trusted proxy, and with cookies.secure: false', async () => {
    const local = await loginApp();
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'app.localhost']) await local.login(host);
    expect(local.warnings).toEqual([]);

    const proxied = await loginApp({ trustProxy: true });
    const answer = await proxied.login('app.example', ['X-Forwarded-Proto: https']);
    expect(answer.headers['set-cookie']?.[0]).toMatch(/; Secure/i);
    expect(proxied.warnings).toEqual([]);

    const insecure = await loginApp({ secure: false });
    await insecure.login('192.168.1.20:3000');
    expect(insecure.warnings).toEqual([]);
  });
});
