import { hash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteSessionsFixture, type SqliteSessionsFixture } from '../fixtures/sqlite-sessions.js';
import { loadMemoryFloor, memoryFloorVerifier } from './in-memory-floor.js';

/** The floor must refuse what authentify refuses, or it would be fast for the wrong reason. */
describe('in-memory floor', () => {
  let fixture: SqliteSessionsFixture;
  beforeAll(async () => {
    fixture = await createSqliteSessionsFixture({ totalSessions: 200, knownSessions: 20, label: 'memory-floor-test' });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('holds exactly the known sessions of the table and accepts each of their tokens', () => {
    const byDigest = loadMemoryFloor(fixture);
    expect(byDigest.size).toBe(20);
    const verify = memoryFloorVerifier(byDigest);
    for (const token of fixture.accessTokens) expect(verify(token)).toMatch(/^user-\d+$/);
    expect(verify(`${fixture.accessTokens[0]!}x`)).toBeNull();
  });

  it('refuses a revoked session and an expired access token', () => {
    const [revoked, expired, live] = fixture.accessTokens as [string, string, string];
    const entries = new Map([
      [hash('sha256', revoked, 'hex'), { userId: 'revoked', revokedAt: 1_000, accessExpiresAt: null }],
      [hash('sha256', expired, 'hex'), { userId: 'expired', revokedAt: null, accessExpiresAt: 5_000 }],
      [hash('sha256', live, 'hex'), { userId: 'live', revokedAt: null, accessExpiresAt: 5_001 }],
    ]);
    const verify = memoryFloorVerifier(entries, () => 5_000);
    expect(verify(revoked)).toBeNull();
    expect(verify(expired)).toBeNull();
    expect(verify(live)).toBe('live');
  });
});
