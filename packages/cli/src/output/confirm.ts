import { createInterface } from 'node:readline/promises';
import type { CliIo } from '../cli-io.js';
import { CliError, EXIT } from '../exit-codes.js';

/**
 * Asks `question` on the terminal and resolves when the answer is yes; otherwise throws with
 * exit code 5. Without a terminal it does not wait for an answer that cannot come: it refuses
 * at once, saying to pass `--yes`. `--yes` skips it.
 */
export async function confirm(io: CliIo, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (io.stdin.isTTY !== true) {
    throw new CliError(`${question}\nRefusing without confirmation: there is no terminal to ask on. Pass --yes to confirm.`, EXIT.notConfirmed);
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('Not confirmed: nothing was changed.', EXIT.notConfirmed);
  } finally {
    prompt.close();
  }
}
