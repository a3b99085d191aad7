import type { SessionRecord } from '@authentify/core';
import { type KeyLayout, lastSegment } from './key-layout.js';
import type { KeyValueStore } from './key-value-store.js';
import {
  decodeReplay,
  decodeRotated,
  decodeSession,
  encodeReplay,
  encodeRotated,
  encodeSession,
  type KeptReplay,
  type RotatedToken,
} from './session-codec.js';

/** How many keys one listing reads when deleting a session's rotated tokens. */
const PAGE = 100;

/** A listing limit meaning "all": the largest a Durable Object's `list` accepts (a 32-bit int). */
const SCAN_ALL = 2_147_483_647;

/**
 * The keys of sessions in the store (key-layout.ts), each write in an order that keeps what a
 * reader sees in between harmless: the session record — the source of truth — before the index
 * keys that point to it, new index keys before old ones are removed, the record last when a
 * session is deleted. Callers that write hold the session's user lock.
 */
export class SessionRecords {
  constructor(
    private readonly store: KeyValueStore,
    private readonly keys: KeyLayout,
  ) {}

  async read(sessionId: string): Promise<SessionRecord | null> {
    const text = await this.store.get(this.keys.session(sessionId));
    return text === undefined ? null : decodeSession(text);
  }

  /** The session an index key points at (check that it agrees: the index may be mid-update). */
  async readNamedBy(indexKey: string): Promise<SessionRecord | null> {
    const sessionId = await this.store.get(indexKey);
    return sessionId === undefined ? null : this.read(sessionId);
  }

  async sessionIdsOf(userId: string): Promise<string[]> {
    const text = await this.store.get(this.keys.user(userId));
    return text === undefined ? [] : (JSON.parse(text) as string[]);
  }

  async setSessionIdsOf(userId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) await this.store.delete(this.keys.user(userId));
    else await this.store.set(this.keys.user(userId), JSON.stringify(ids));
  }

  async sessionsOf(userId: string): Promise<SessionRecord[]> {
    const records = await Promise.all((await this.sessionIdsOf(userId)).map((id) => this.read(id)));
    return records.filter((record): record is SessionRecord => record !== null);
  }

  /**
   * Every stored session, for operators' cross-user queries. A full scan: fine for an example and
   * a small store; a large one would keep an index by creation time (`created/<time>/<id>`) and
   * read it from the page's position instead.
   */
  async allSessions(): Promise<SessionRecord[]> {
    const keys = await this.store.list({ prefix: this.keys.session(''), limit: SCAN_ALL });
    const records = await Promise.all(keys.map((key) => this.read(lastSegment(key))));
    return records.filter((record): record is SessionRecord => record !== null);
  }

  /** Writes a new session: the record, then the keys that find it (the user's list is the caller's). */
  async writeNew(record: SessionRecord): Promise<void> {
    await this.store.set(this.keys.session(record.id), encodeSession(record));
    for (const key of this.indexKeysOf(record)) await this.store.set(key, record.id);
  }

  /** Rewrites a session: the record, then its new index keys, then the removal of the old ones. */
  async replace(before: SessionRecord, after: SessionRecord): Promise<void> {
    await this.store.set(this.keys.session(after.id), encodeSession(after));
    const keep = new Set(this.indexKeysOf(after));
    for (const key of keep) await this.store.set(key, after.id);
    for (const key of this.indexKeysOf(before)) if (!keep.has(key)) await this.store.delete(key);
  }

  /** Deletes a session, its index keys and its rotated refresh tokens; the record goes last. */
  async delete(record: SessionRecord): Promise<void> {
    for (const key of this.indexKeysOf(record)) await this.store.delete(key);
    for (;;) {
      const keys = await this.store.list({ prefix: this.keys.sessionRotated(record.id), limit: PAGE });
      for (const key of keys) await this.#deleteRotated(lastSegment(key));
      if (keys.length < PAGE) break;
    }
    await this.setReplay(record.id, null);
    await this.store.delete(this.keys.session(record.id));
    await this.setSessionIdsOf(record.userId, (await this.sessionIdsOf(record.userId)).filter((id) => id !== record.id));
  }

  /** Remembers a refresh token that a rotation replaced, with the keys that find and prune it. */
  async recordRotated(digest: string, rotated: RotatedToken): Promise<void> {
    await this.store.set(this.keys.rotated(digest), encodeRotated(rotated));
    await this.store.set(this.keys.sessionRotated(rotated.sessionId, digest), '');
    await this.store.set(this.keys.rotatedEnds(rotated.tokenExpiresAt, digest), '');
  }

  async readRotated(digest: string): Promise<RotatedToken | null> {
    const text = await this.store.get(this.keys.rotated(digest));
    return text === undefined ? null : decodeRotated(text);
  }

  /**
   * Deletes up to `limit` rotated tokens that expired before `before`; returns how many. Deleting
   * a key twice is harmless and nothing rewrites a rotated token, so this needs no lock.
   */
  async deleteRotatedExpiredBefore(before: Date, limit: number): Promise<number> {
    const indexKeys = await this.store.list({ prefix: this.keys.rotatedEndsBefore(null), end: this.keys.rotatedEndsBefore(before), limit });
    let deleted = 0;
    for (const indexKey of indexKeys) {
      if (await this.#deleteRotated(lastSegment(indexKey))) deleted++;
      await this.store.delete(indexKey); // also when it named nothing: a leftover of an interrupted write
    }
    return deleted;
  }

  async readReplay(sessionId: string): Promise<KeptReplay | null> {
    const text = await this.store.get(this.keys.replay(sessionId));
    return text === undefined ? null : decodeReplay(text);
  }

  /**
   * Sets the session's one replay slot (`null` empties it): the new value and its pruning key
   * first, then the removal of the previous value's pruning key.
   */
  async setReplay(sessionId: string, replay: KeptReplay | null): Promise<void> {
    const previous = await this.readReplay(sessionId);
    if (replay === null) {
      await this.store.delete(this.keys.replay(sessionId));
    } else {
      await this.store.set(this.keys.replay(sessionId), encodeReplay(replay));
      await this.store.set(this.keys.replayEnds(replay.expiresAt, sessionId), '');
    }
    const stale = previous === null ? undefined : this.keys.replayEnds(previous.expiresAt, sessionId);
    if (stale !== undefined && (replay === null || stale !== this.keys.replayEnds(replay.expiresAt, sessionId))) {
      await this.store.delete(stale);
    }
  }

  /** Up to `limit` pruning keys of replays whose window ended at or before `before`. */
  replayEndsUpTo(before: Date, limit: number): Promise<string[]> {
    return this.store.list({ prefix: this.keys.replayEndsBefore(null), end: this.keys.replayEndsBefore(before), limit });
  }

  /** Removes one pruning key, and the replay it names if that session is gone. */
  async deleteReplayIndexKey(indexKey: string, sessionGone: boolean): Promise<void> {
    if (sessionGone) await this.store.delete(this.keys.replay(lastSegment(indexKey)));
    await this.store.delete(indexKey);
  }

  /** Sessions in the `ends/` and `revoked/` indexes up to `before`, with the index keys that named them. */
  async endedCandidates(before: Date, limit: number): Promise<Map<string, string[]>> {
    const [expired, revoked] = await Promise.all([
      this.store.list({ prefix: this.keys.endsBefore(null), end: this.keys.endsBefore(before), limit }),
      this.store.list({ prefix: this.keys.revokedBefore(null), end: this.keys.revokedBefore(before), limit }),
    ]);
    const candidates = new Map<string, string[]>();
    for (const key of [...expired, ...revoked]) {
      const sessionId = lastSegment(key);
      candidates.set(sessionId, [...(candidates.get(sessionId) ?? []), key]);
    }
    return candidates;
  }

  /** Deletes those of `indexKeys` that do not point at `record` as it is now. */
  async deleteIndexKeysNotOf(record: SessionRecord | null, indexKeys: readonly string[]): Promise<void> {
    const current = new Set(record === null ? [] : this.indexKeysOf(record));
    for (const key of indexKeys) if (!current.has(key)) await this.store.delete(key);
  }

  /** The index keys that point at a session in this state. */
  indexKeysOf(record: SessionRecord): string[] {
    const keys = [this.keys.access(record.accessDigest)];
    if (record.refreshDigest !== null) keys.push(this.keys.refresh(record.refreshDigest));
    if (record.expiresAt !== null) keys.push(this.keys.ends(record.expiresAt, record.id));
    if (record.revokedAt !== null) keys.push(this.keys.revoked(record.revokedAt, record.id));
    return keys;
  }

  /** Deletes a rotated token and its keys; returns whether it existed. */
  async #deleteRotated(digest: string): Promise<boolean> {
    const rotated = await this.readRotated(digest);
    await this.store.delete(this.keys.rotated(digest));
    if (rotated === null) return false;
    await this.store.delete(this.keys.sessionRotated(rotated.sessionId, digest));
    await this.store.delete(this.keys.rotatedEnds(rotated.tokenExpiresAt, digest));
    return true;
  }
}
