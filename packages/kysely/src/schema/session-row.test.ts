import { sessionRecord } from '@authentify/core/testing';
import { describe, expect, it } from 'vitest';
import { type SessionRow, toSessionRecord, toSessionRow } from './session-row.js';

describe('session rows', () => {
  const record = sessionRecord(Date.UTC(2031, 0, 15, 12, 0, 0, 123), { absoluteExpiresAt: null, revokedAt: new Date(0) });

  it('store times as epoch milliseconds and the context as JSON text', () => {
    const row = toSessionRow(record);
    expect(row.created_at).toBe(record.createdAt.getTime());
    expect(row.revoked_at).toBe(0);
    expect(row.absolute_expires_at).toBeNull();
    expect(row.context).toBe(JSON.stringify(record.context));
  });

  it('read back whatever a driver makes of BIGINT and JSON: number, string, bigint; text or object', () => {
    const row = toSessionRow(record) as unknown as SessionRow;
    const asStrings = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]));
    const asBigInts = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'number' ? BigInt(value) : value]));
    for (const shape of [row, asStrings, asBigInts, { ...row, context: record.context }]) {
      expect(toSessionRecord(shape as SessionRow)).toEqual(record);
    }
  });

  it('give every reader its own objects', () => {
    const row = toSessionRow(record) as unknown as SessionRow;
    const first = toSessionRecord(row);
    (first.context as Record<string, unknown>).device = 'changed';
    first.createdAt.setTime(0);
    expect(toSessionRecord(row)).toEqual(record);
  });
});
