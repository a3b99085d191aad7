import { configurationError } from '@authentify/core';

/** The names of Authentify's tables. Give the same names to the migrations and to the storage. */
export interface TableNames {
  /** One row per session. [`'authentify_sessions'`] */
  sessions: string;
  /**
   * Refresh-token digests that a rotation replaced, kept until they would have expired so that
   * their reuse can be recognised as theft. [`'authentify_rotated_refresh_tokens'`]
   */
  rotatedRefreshTokens: string;
}

export const DEFAULT_TABLE_NAMES: Readonly<TableNames> = Object.freeze({
  sessions: 'authentify_sessions',
  rotatedRefreshTokens: 'authentify_rotated_refresh_tokens',
});

/**
 * Index names are derived from table names and must stay within the 63 bytes Postgres allows
 * (64 on MySQL), so table names are held to 40 characters.
 */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** Fills in the defaults and checks the names; throws `invalid_configuration` naming `option`. */
export function resolveTableNames(tables: Partial<TableNames> | undefined, option: string): TableNames {
  if (tables !== undefined && (typeof tables !== 'object' || tables === null)) {
    throw configurationError(option, 'must be an object such as { sessions: "my_sessions" }.');
  }
  const names: TableNames = { ...DEFAULT_TABLE_NAMES, ...stripUndefined(tables ?? {}) };
  for (const key of ['sessions', 'rotatedRefreshTokens'] as const) {
    const name: unknown = names[key];
    if (typeof name !== 'string' || !TABLE_NAME.test(name)) {
      throw configurationError(
        `${option}.${key}`,
        `must be 1–40 letters, digits or underscores, not starting with a digit; got ${JSON.stringify(name)}.`,
      );
    }
  }
  if (names.sessions.toLowerCase() === names.rotatedRefreshTokens.toLowerCase()) {
    throw configurationError(`${option}.rotatedRefreshTokens`, 'must differ from the sessions table name.');
  }
  return names;
}

function stripUndefined(tables: Partial<TableNames>): Partial<TableNames> {
  return Object.fromEntries(Object.entries(tables).filter(([, value]) => value !== undefined));
}
