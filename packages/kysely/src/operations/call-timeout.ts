import { SessionStorageError } from '@authentify/core';

/**
 * `call`, failing with an error once `timeoutMs` have passed without an answer; `call` itself
 * unchanged when there is no bound. The work behind `call` is not cancelled — the database may
 * still finish it — but the caller stops waiting.
 */
export function withCallTimeout<T>(call: Promise<T>, timeoutMs: number | undefined, method: string): Promise<T> {
  if (timeoutMs === undefined) return call;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SessionStorageError('timeout', `${method}() got no answer from the database within ${timeoutMs} ms (the storage's timeoutMs).`),
        ),
      timeoutMs,
    );
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
