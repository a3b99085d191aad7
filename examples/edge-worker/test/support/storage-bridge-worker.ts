// A test-only worker: the same SessionStore Durable Object, reached from the Node test through
// one route, so that the storage conformance suite can run against it on workerd. Never deploy
// this: it hands the session store to anyone who can reach it.
import type { SessionStorage } from '@authentify/core';
import { DurableObjectSessionStorage } from '../../src/session-store.js';
import { fromWire, toWire } from './wire.js';

export { SessionStore } from '../../src/session-store.js';

type Env = { SESSIONS: DurableObjectNamespace<SessionStorage> };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // The optional synchronous lookup cannot cross a Durable Object stub (the promise form is
    // asked), nor can the optional prune scope, whose methods are functions; neither is offered here.
    const { method, args } = fromWire(await request.json()) as { method: Exclude<keyof SessionStorage, 'findSessionByAccessDigestSync' | 'beginPrune'>; args: unknown[] };
    const storage = new DurableObjectSessionStorage(env.SESSIONS);
    const call = storage[method] as (...parameters: unknown[]) => Promise<unknown>;
    try {
      return Response.json({ result: toWire(await call.apply(storage, args)) });
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
    }
  },
};
