/**
 * Where everything lives in the key-value store. The session record is the source of truth;
 * the other keys are indexes that point at it, and a reader checks the record before trusting
 * an index entry (see KeyValueSessionStorage).
 *
 * | key | value |
 * |---|---|
 * | `session/<id>` | the session record (JSON) |
 * | `access/<digest>`, `refresh/<digest>` | the id of the session whose current token has this digest |
 * | `user/<userId>` | the ids of the user's sessions (JSON array) |
 * | `rotated/<digest>` | a rotated-away refresh token: its session, when it was rotated, when it would have expired |
 * | `session-rotated/<id>/<digest>` | the rotated tokens of a session, to delete them with it |
 * | `ends/<time>/<id>`, `revoked/<time>/<id>` | sessions by `expiresAt` and `revokedAt`, for pruning |
 * | `rotated-ends/<time>/<digest>` | rotated tokens by their expiry, for pruning |
 * | `replay/<id>` | the session's refresh replay (its latest rotation's): replaced digest, sealed pair, end of window |
 * | `replay-ends/<time>/<id>` | replays by the end of their window, for pruning |
 *
 * Times are epoch milliseconds padded to 15 digits, so that keys sort in time order and a
 * range listing finds everything that ended before a moment.
 */
export class KeyLayout {
  constructor(readonly prefix: string) {}

  session(id: string): string {
    return `${this.prefix}session/${id}`;
  }
  access(digest: string): string {
    return `${this.prefix}access/${digest}`;
  }
  refresh(digest: string): string {
    return `${this.prefix}refresh/${digest}`;
  }
  user(userId: string): string {
    return `${this.prefix}user/${userId}`;
  }
  rotated(digest: string): string {
    return `${this.prefix}rotated/${digest}`;
  }
  sessionRotated(sessionId: string, digest = ''): string {
    return `${this.prefix}session-rotated/${sessionId}/${digest}`;
  }
  ends(at: Date, sessionId: string): string {
    return `${this.endsBefore(null)}${paddedTime(at)}/${sessionId}`;
  }
  revoked(at: Date, sessionId: string): string {
    return `${this.revokedBefore(null)}${paddedTime(at)}/${sessionId}`;
  }
  rotatedEnds(at: Date, digest: string): string {
    return `${this.rotatedEndsBefore(null)}${paddedTime(at)}/${digest}`;
  }
  replay(sessionId: string): string {
    return `${this.prefix}replay/${sessionId}`;
  }
  replayEnds(at: Date, sessionId: string): string {
    return `${this.replayEndsBefore(null)}${paddedTime(at)}/${sessionId}`;
  }

  /** The prefix of the `ends/` index; with a time, the first key after everything at or before it. */
  endsBefore(at: Date | null): string {
    return timeRange(`${this.prefix}ends/`, at);
  }
  revokedBefore(at: Date | null): string {
    return timeRange(`${this.prefix}revoked/`, at);
  }
  rotatedEndsBefore(at: Date | null): string {
    return timeRange(`${this.prefix}rotated-ends/`, at);
  }
  replayEndsBefore(at: Date | null): string {
    return timeRange(`${this.prefix}replay-ends/`, at);
  }
}

/** The id or digest at the end of an index key. */
export function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** `prefix` alone, or, with `at`, the first possible key after every entry at or before `at`. */
function timeRange(prefix: string, at: Date | null): string {
  // Entries are `<prefix><time>/<id>`. Every entry at `at` starts with `<prefix><at>/`, and `0`
  // (0x30) sorts right after `/` (0x2F), so `<prefix><at>0` is past them and before any later time.
  return at === null ? prefix : `${prefix}${paddedTime(at)}0`;
}

/** Epoch milliseconds as 15 digits (up to the year 33658); times before 1970 count as 1970. */
function paddedTime(at: Date): string {
  return String(Math.max(0, at.getTime())).padStart(15, '0');
}
