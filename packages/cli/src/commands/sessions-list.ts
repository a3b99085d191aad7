import type { SessionQuery, SessionState, Transport } from '@authentify/core';
import { sessionJson, stateOf } from '../output/session-view.js';
import { jsonText, textTable } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

export interface ListOptions {
  user?: string;
  state?: SessionState[];
  transport?: Transport;
  limit: number;
  cursor?: string;
  json: boolean;
}

/** `authentify sessions list`: one page of sessions across users, newest first. */
export async function listSessionsCommand({ io, auth }: CommandContext, options: ListOptions): Promise<void> {
  const query: SessionQuery = { limit: options.limit };
  if (options.user !== undefined) query.userId = options.user;
  if (options.state !== undefined) query.states = options.state;
  if (options.transport !== undefined) query.transport = options.transport;
  if (options.cursor !== undefined) query.cursor = options.cursor;
  const page = await auth.searchSessions(query);
  if (options.json) {
    io.stdout.write(jsonText({ sessions: page.sessions.map(sessionJson), nextCursor: page.nextCursor }));
    return;
  }
  if (page.sessions.length === 0) {
    io.stdout.write('No sessions match.\n');
    return;
  }
  io.stdout.write(
    textTable(
      ['id', 'user', 'transport', 'state', 'created', 'last used', 'expires'],
      page.sessions.map((session) => [
        session.id,
        session.userId,
        session.transport,
        stateOf(session),
        session.createdAt.toISOString(),
        session.lastUsedAt.toISOString(),
        session.expiresAt?.toISOString() ?? 'never',
      ]),
    ),
  );
  if (page.nextCursor !== null) io.stdout.write(`\nMore sessions: add --cursor ${page.nextCursor}\n`);
}
