import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningProgram, startProgram, tsxArgs } from '../../../../test/support/run-program.js';

/** The demo's folder: where `pnpm start` runs it. */
export const demoDir = join(import.meta.dirname, '..', '..');

/** A demo started as `pnpm start` starts it, on a free port and a database folder of its own. */
export interface RunningDemo extends RunningProgram {
  readonly dataDir: string;
  /** Stops the demo and deletes its database folder. */
  dispose(): Promise<void>;
}

export async function startDemo(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'authentify-demo-'));
  const program = await startProgram(process.execPath, tsxArgs('src/main.ts'), {
    cwd: demoDir,
    env: { ...options.env, PORT: '0', DEMO_DATA_DIR: dataDir },
  });
  return {
    ...program,
    dataDir,
    async dispose() {
      await program.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
