import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { describe, it } from 'vitest';
import { runtimeBinary, shouldRun, startServerProcess } from './runtimes/start-runtime.js';

const deno = runtimeBinary('deno');

if (shouldRun(deno)) {
  describeHttpAdapterConformance({
    name: '@authentify/fetch on Deno (Deno.serve)',
    start: () =>
      startServerProcess(deno, [
        'run',
        // Sources import './x.js' for './x.ts' (TypeScript's NodeNext convention).
        '--sloppy-imports',
        '--conditions=@authentify/source',
        '--no-lock',
        '--allow-net=127.0.0.1',
        'test/runtimes/deno-server.ts',
      ]),
  });
} else {
  describe('@authentify/fetch on Deno', () => {
    it.skip(`Deno is not installed at ${deno} (outside CI only; CI fails instead)`, () => undefined);
  });
}
