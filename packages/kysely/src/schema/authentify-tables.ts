import type { JsonObject, RevocationReason, SessionKind, Transport } from '@authentify/core';
import type { ColumnType, Kysely } from 'kysely';

/**
 * A time as epoch milliseconds in a BIGINT (INTEGER on SQLite) column. Written as a number; read
 * back as whatever the driver makes of a 64-bit integer (pg: a string, better-sqlite3 and
 * mysql2: a number, or a bigint or string with their big-number options), so readers convert.
 */
type Millis = ColumnType<number | string | bigint, number, number>;
type NullableMillis = ColumnType<number | string | bigint | null, number | null, number | null>;

/** A row of the sessions table, column for column. */
export interface SessionsTable {
  /** The session id; primary key. */
  id: string;
  /** The user it belongs to; indexed with `created_at`. */
  user_id: string;
  /** How its tokens travel. */
  transport: Transport;
  /** Hex digest of the current access token; unique. */
  access_digest: string;
  /** Hex digest of the current refresh token, `null` when it has none; unique. */
  refresh_digest: string | null;
  /** JSON text on SQLite and MariaDB; pg (jsonb) and MySQL 8 (JSON) hand back the parsed object. */
  context: ColumnType<JsonObject | string, string, string>;
  /** When it was issued. */
  created_at: Millis;
  /**
   * When the user last proved who they are for it (login or re-authentication; migration 0005).
   * `null` only in rows an instance of an earlier release wrote after 0005 ran: read as
   * `created_at`.
   */
  authenticated_at: ColumnType<number | string | bigint | null, number | undefined, number>;
  /** The device's name as the user gave it; `null` when none (migration 0005). */
  label: ColumnType<string | null, string | null | undefined, string | null>;
  /** When it was last seen in use. */
  last_used_at: Millis;
  /** The client IP address of that use; `null` when unknown or issued before migration 0003. */
  last_ip: ColumnType<string | null, string | null | undefined, string | null>;
  /** The `User-Agent` of that use; `null` when unknown or issued before migration 0003. */
  last_user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the access token stops working; `null` = never. */
  access_expires_at: NullableMillis;
  /** When the refresh token stops working; `null` without one. */
  refresh_expires_at: NullableMillis;
  /** When the session as a whole ends; indexed for pruning; `null` = never. */
  expires_at: NullableMillis;
  /** The cap neither sliding nor refreshing can pass; `null` = none. */
  absolute_expires_at: NullableMillis;
  /** The session's access TTL in milliseconds. */
  access_ttl_ms: NullableMillis;
  /** The session's refresh TTL in milliseconds; `null` = no refresh token. */
  refresh_ttl_ms: NullableMillis;
  /** When it was revoked (kept for audit); indexed for pruning; `null` while live. */
  revoked_at: NullableMillis;
  /** Why it was revoked; `null` while live. */
  revocation_reason: RevocationReason | null;
  /** Who revoked it, when the revocation named an actor; `null` otherwise (migration 0004). */
  revoked_by: string | null;
  /** The revocation's note, if any (migration 0004). */
  revocation_note: string | null;
  /** `api_key` for an API key; `session` or `null` (rows from before migration 0006) for a login. */
  kind: ColumnType<SessionKind | null, SessionKind | null | undefined, SessionKind | null>;
  /** The scopes as JSON text (an array); `null` = unrestricted (migration 0006). */
  scopes: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who created an API key; `null` otherwise (migration 0006). */
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last characters of an API key; `null` for a session (migration 0006). */
  display_hint: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A row of the rotated-refresh-token table. */
export interface RotatedRefreshTokensTable {
  /** The digest of a refresh token that a rotation replaced. */
  digest: string;
  /** The session the token belonged to; indexed, to delete them together. */
  session_id: string;
  /** When the rotation replaced it, for the reuse grace window. */
  rotated_at: Millis;
  /** When that token would have expired; after it, the row only takes space. */
  token_expires_at: Millis;
  /**
   * The new token pair the rotation handed out, sealed under a key only the replaced token
   * yields, for a retry inside the grace window; `null` when there is none (migration 0002).
   */
  sealed_replay: string | null;
  /** When the grace window of `sealed_replay` ends; indexed for pruning; `null` without one. */
  replay_expires_at: NullableMillis;
}

/**
 * The tables as the storage's queries name them. {@link TableNamesPlugin} renames them to the
 * configured names, so that queries stay typed whatever the tables are called.
 */
export interface AuthentifyTables {
  /** One row per session. */
  authentify_sessions: SessionsTable;
  /** Refresh-token digests a rotation replaced. */
  authentify_rotated_refresh_tokens: RotatedRefreshTokensTable;
}

/** The storage's own handle on the database: no user plugins, tables renamed as configured. */
export type StorageDb = Kysely<AuthentifyTables>;
