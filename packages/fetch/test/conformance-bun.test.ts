import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { describe, it } from 'vitest';
import { runtimeBinary, shouldRun, startServerProcess } from './runtimes/start-runtime.js';

const bun = runtimeBinary('bun');

if (shouldRun(bun)) {
  describeHttpAdapterConformance({
    name: '@authentify/fetch on Bun (Bun.serve)',
    start: () => startServerProcess(bun, ['--conditions=@authentify/source', 'run', 'test/runtimes/bun-server.ts']),
  });
} else {
  describe('@authentify/fetch on Bun', () => {
    it.skip(`Bun is not installed at ${bun} (outside CI only; CI fails instead)`, () => undefined);
  });
}
