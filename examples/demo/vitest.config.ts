import { authentifyProject } from '../../vitest.shared.js';

// Starts the demo as `pnpm start` does and drives it over HTTP, with curl and with Chromium.
export default authentifyProject('example-demo', { testTimeout: 60_000 });
