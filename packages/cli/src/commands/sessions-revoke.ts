import type { RevocationReason } from '@authentify/core';
import { CliError, EXIT } from '../exit-codes.js';
import { confirm } from '../output/confirm.js';
import { jsonText } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

export interface RevokeOptions {
  user?: string;
  except?: string;
  reason: RevocationReason;
  actor: string;
  note?: string;
  yes: boolean;
  json: boolean;
}

/**
 * `authentify sessions revoke <id>` or `--user <id> [--except <id>]`: ends sessions after a
 * confirmation, recording the reason, the actor and the note.
 */
export async function revokeSessionsCommand(context: CommandContext, sessionId: string | undefined, options: RevokeOptions): Promise<void> {
  if ((sessionId === undefined) === (options.user === undefined)) {
    throw new CliError('Name either one session (`sessions revoke <id>`) or a user (`sessions revoke --user <id>`).', EXIT.usage);
  }
  if (options.except !== undefined && options.user === undefined) throw new CliError('--except goes with --user.', EXIT.usage);
  const audit = { reason: options.reason, actor: options.actor, ...(options.note === undefined ? {} : { note: options.note }) };
  const revoked = sessionId !== undefined ? await revokeOne(context, sessionId, options, audit) : await revokeOfUser(context, options.user!, options, audit);
  if (options.json) context.io.stdout.write(jsonText({ revoked }));
  else context.io.stdout.write(`Revoked ${revoked} session(s).\n`);
}

type Audit = { reason: RevocationReason; actor: string; note?: string };

async function revokeOne({ io, auth }: CommandContext, sessionId: string, options: RevokeOptions, audit: Audit): Promise<number> {
  const session = await auth.findSession(sessionId);
  if (session === null) throw new CliError(`No session with id ${JSON.stringify(sessionId)}.`, EXIT.failure);
  if (session.status === 'revoked') {
    throw new CliError(`Session ${sessionId} was already revoked at ${session.revokedAt?.toISOString()} (${session.revocationReason}).`, EXIT.failure);
  }
  await confirm(io, `Revoke session ${sessionId} of user ${session.userId} (reason ${audit.reason})?`, options.yes);
  if (!(await auth.revokeSession(sessionId, audit))) {
    throw new CliError(`Session ${sessionId} ended meanwhile: nothing was revoked.`, EXIT.failure);
  }
  return 1;
}

async function revokeOfUser({ io, auth }: CommandContext, userId: string, options: RevokeOptions, audit: Audit): Promise<number> {
  const counts = await auth.countSessionsByState({ userId, states: ['live', 'expired'] });
  const matching = counts.live + counts.expired;
  const except = options.except === undefined ? '' : `, except ${options.except}`;
  await confirm(io, `Revoke the sessions of user ${userId}${except} (${matching} not yet revoked; reason ${audit.reason})?`, options.yes);
  return auth.revokeSessions({ userId }, { ...audit, ...(options.except === undefined ? {} : { exceptSessionId: options.except }) });
}
