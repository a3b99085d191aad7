/** How often a transaction the database aborted to break a deadlock is run in total. */
const ATTEMPTS = 4;

/**
 * Runs `transaction` again when the database aborted it to break a deadlock (or, on Postgres, a
 * serialisation failure). Such a transaction was rolled back as a whole, so running it again is
 * safe; it then sees the state its rival committed. Every other error is thrown at once.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, isDeadlock: (error: unknown) => boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isDeadlock(error)) throw error;
      // A short random pause so that the two rivals do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** The `code` of a driver error — a SQLSTATE from pg, an `ER_…` name from mysql2 — if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}
