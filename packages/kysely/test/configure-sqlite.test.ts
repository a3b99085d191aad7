import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSqlite } from '../src/index.js';

describe('configureSqlite', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function fileDatabase(): Database.Database {
    const dir = mkdtempSync(join(tmpdir(), 'authentify-configure-'));
    const database = new Database(join(dir, 'app.db'));
    cleanups.push(() => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return database;
  }

  it('applies the recommended pragmas to a file and returns what SQLite reports', () => {
    const database = fileDatabase();
    const settings = configureSqlite(database);
    expect(settings).toEqual({
      journalMode: 'wal',
      synchronous: 1,
      busyTimeoutMs: 5_000,
      mmapSizeBytes: 256 * 1024 * 1024,
      cacheSize: -65_536,
      journalSizeLimitBytes: 64 * 1024 * 1024,
    });
    // Read back independently of the helper's own report.
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('synchronous', { simple: true })).toBe(1);
    expect(database.pragma('busy_timeout', { simple: true })).toBe(5_000);
    expect(database.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
  });

  it('takes every value from the options', () => {
    const settings = configureSqlite(fileDatabase(), {
      busyTimeoutMs: 250,
      mmapSizeBytes: 0,
      cacheSizeBytes: 2 * 1024 * 1024,
      journalSizeLimitBytes: 1_000_000,
    });
    expect(settings).toMatchObject({
      busyTimeoutMs: 250,
      mmapSizeBytes: 0,
      cacheSize: -2_048,
      journalSizeLimitBytes: 1_000_000,
    });
  });

  it('reports memory mode on an in-memory database, which cannot use WAL', () => {
    const database = new Database(':memory:');
    cleanups.push(() => database.close());
    expect(configureSqlite(database).journalMode).toBe('memory');
  });

  it('refuses a wrong option by name and sets nothing', () => {
    const database = fileDatabase();
    for (const [option, value] of [
      ['busyTimeoutMs', -1],
      ['mmapSizeBytes', 1.5],
      ['cacheSizeBytes', '64'],
      ['journalSizeLimitBytes', Number.NaN],
    ] as const) {
      expect(() => configureSqlite(database, { [option]: value } as never)).toThrow(
        expect.objectContaining({ code: 'invalid_configuration', option }),
      );
    }
    expect(database.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(() => configureSqlite({} as never)).toThrow(expect.objectContaining({ option: 'database' }));
  });
});
