import { describe, expect, it } from 'vitest';
import { classifyStorageFailure, SessionStorageError } from './storage-failure.js';

describe('classifyStorageFailure', () => {
  it('takes the code and message of a SessionStorageError', () => {
    const error = new SessionStorageError('schema_missing', 'Run the migrations.', { cause: new Error('no such table') });
    expect(classifyStorageFailure(error)).toEqual({ code: 'schema_missing', message: 'Run the migrations.' });
  });

  it('recognises a SessionStorageError of another copy of core by name and code', () => {
    const foreign = Object.assign(new Error('Database is down.'), { name: 'SessionStorageError', code: 'unreachable' });
    expect(classifyStorageFailure(foreign)).toEqual({ code: 'unreachable', message: 'Database is down.' });
  });

  it('does not trust a SessionStorageError-named error with an unknown code', () => {
    const odd = Object.assign(new Error('odd'), { name: 'SessionStorageError', code: 'exploded' });
    expect(classifyStorageFailure(odd).code).toBe('unknown');
  });

  it('recognises network errors on the error, its cause, or inside an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyStorageFailure(refused).code).toBe('unreachable');
    expect(classifyStorageFailure(new Error('pool failed', { cause: refused })).code).toBe('unreachable');
    const both = new AggregateError([refused, Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' })]);
    expect(classifyStorageFailure(both)).toEqual({ code: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:1; connect ECONNREFUSED ::1:1' });
    expect(classifyStorageFailure(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })).code).toBe('timeout');
  });

  it('calls anything else unknown, keeping its message', () => {
    expect(classifyStorageFailure(new Error('disk I/O error'))).toEqual({ code: 'unknown', message: 'disk I/O error' });
    expect(classifyStorageFailure('a thrown string')).toEqual({ code: 'unknown', message: 'a thrown string' });
  });
});
