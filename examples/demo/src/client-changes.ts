import type { ClientChangeEvent, ClientInfo } from '@authentify/core';
import type { DeviceContext } from './auth.js';
import type { DemoUser } from './users.js';

/** A move Authentify reported: a session used from another network than before. */
export interface ClientMove {
  readonly at: Date;
  readonly previous: ClientInfo;
  readonly current: ClientInfo;
}

/** Moves kept at most; the oldest go first. */
const MAX_MOVES = 1_000;

/**
 * The demo's record of `onClientChange` events — drf-authentify's "monitor suspicious activity"
 * — shown on the devices page as "new network". In memory: a restart forgets them, where a real
 * application would store them, or e-mail the user.
 */
export class ClientMoves {
  readonly #latest = new Map<string, ClientMove>();

  /** The `onClientChange` hook. */
  readonly record = (event: ClientChangeEvent<DeviceContext, DemoUser>): void => {
    this.#latest.delete(event.session.id); // re-inserted last: the Map's order is its age
    this.#latest.set(event.session.id, { at: new Date(), previous: event.previous, current: event.current });
    if (this.#latest.size > MAX_MOVES) this.#latest.delete(this.#latest.keys().next().value!);
  };

  /** The session's latest move, if Authentify reported one since the demo started. */
  latestOf(sessionId: string): ClientMove | undefined {
    return this.#latest.get(sessionId);
  }
}
