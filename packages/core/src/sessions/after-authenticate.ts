import type { ClientRequest } from './client-request.js';
import type { Runtime } from './runtime.js';
import type { Session } from './session.js';

/**
 * Asks the `afterAuthenticate` hook about an accepted token — on authentication and on refresh
 * alike, so that a hook refusing a user refuses their refreshes too. Returns the user to go on
 * with (the hook's replacement, if any), or `null` when the hook refused.
 */
export async function afterAuthenticateVerdict<Context extends object, User>(
  runtime: Runtime<Context, User>,
  event: { session: Session<Context>; user: User; request: ClientRequest | null; operation: 'authenticate' | 'refresh' },
): Promise<{ user: User } | null> {
  const hook = runtime.options.hooks.afterAuthenticate;
  if (hook === undefined) return { user: event.user };
  const decision = await hook(event);
  if (decision === undefined || decision === null) return { user: event.user };
  if ('refuse' in decision && decision.refuse) return null;
  if ('user' in decision) return { user: decision.user };
  return { user: event.user };
}
