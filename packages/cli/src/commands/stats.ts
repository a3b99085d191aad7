import type { SessionFilter, SessionStateCounts } from '@authentify/core';
import { jsonText, textTable } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

const HOUR = 3_600_000;

/** `authentify stats`: sessions by state, overall and per transport, and recent logins. */
export async function statsCommand({ io, auth }: CommandContext, options: { json: boolean }): Promise<void> {
  const now = Date.now();
  const count = (filter: SessionFilter) => auth.countSessionsByState(filter);
  const total = (counts: SessionStateCounts) => counts.live + counts.expired + counts.revoked;
  const [all, header, cookie, lastDay, lastWeek] = await Promise.all([
    count({}),
    count({ transport: 'header' }),
    count({ transport: 'cookie' }),
    count({ createdFrom: new Date(now - 24 * HOUR) }),
    count({ createdFrom: new Date(now - 7 * 24 * HOUR) }),
  ]);
  if (options.json) {
    io.stdout.write(jsonText({ byState: all, byTransport: { header, cookie }, createdLast24h: total(lastDay), createdLast7d: total(lastWeek) }));
    return;
  }
  const row = (name: string, counts: SessionStateCounts) => [name, String(counts.live), String(counts.expired), String(counts.revoked), String(total(counts))];
  io.stdout.write(textTable(['sessions', 'live', 'expired', 'revoked', 'total'], [row('all', all), row('header', header), row('cookie', cookie)]));
  io.stdout.write(`\nCreated in the last 24 hours: ${total(lastDay)}\nCreated in the last 7 days:   ${total(lastWeek)}\n`);
}
