// The test clock example of docs/storage.md, verbatim; run by docs-samples.test.ts as its own
// program (node:test, no vitest anywhere).
// session-expiry.test.ts
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';

test('an access token stops working after its lifetime', async () => {
  const clock = createTestClock();
  const auth = createAuthentify({ storage: new MemorySessionStorage(), clock, accessTtl: '15m' });
  const { accessToken } = await auth.issueSession({ userId: 'ada', transport: 'header' });
  const request = { header: (name: string) => (name === 'authorization' ? `Bearer ${accessToken}` : null) };

  assert.equal((await auth.authenticate(request)).ok, true);
  clock.advance('16m');
  const later = await auth.authenticate(request);
  assert.equal(later.ok ? 'authenticated' : later.reason, 'expired');
});
