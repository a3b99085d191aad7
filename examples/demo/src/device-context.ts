import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { DeviceContext } from './auth.js';
import { describeUserAgent } from './user-agent.js';

/** The context a login stores with its session: device and browser from the User-Agent, and the IP. */
export function deviceContext(c: Context): DeviceContext {
  return { ...describeUserAgent(c.req.header('user-agent')), ip: remoteAddress(c) };
}

function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Not served by @hono/node-server (e.g. `app.request()` in a test): no socket to ask.
    return null;
  }
}
