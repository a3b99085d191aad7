import { CliError, EXIT } from '../exit-codes.js';
import { sessionJson } from '../output/session-view.js';
import { jsonText } from '../output/text-table.js';
import type { CommandContext } from './command-context.js';

/** `authentify sessions show <id>`: everything about one session but its tokens. */
export async function showSessionCommand({ io, auth }: CommandContext, sessionId: string, options: { json: boolean }): Promise<void> {
  const session = await auth.findSession(sessionId);
  if (session === null) throw new CliError(`No session with id ${JSON.stringify(sessionId)}.`, EXIT.failure);
  const view = sessionJson(session);
  if (options.json) {
    io.stdout.write(jsonText(view));
    return;
  }
  const { context, ...fields } = view;
  const width = Math.max(...Object.keys(fields).map((key) => key.length)) + 1;
  for (const [key, value] of Object.entries(fields)) io.stdout.write(`${`${key}:`.padEnd(width)} ${value ?? '-'}\n`);
  io.stdout.write(`${'context:'.padEnd(width)} ${JSON.stringify(context, null, 2).replace(/\n/g, `\n${' '.repeat(width + 1)}`)}\n`);
}
