import { authentifyProject } from '../../vitest.shared.js';

// Bundles the worker and serves it on workerd through Miniflare, then talks to it over HTTP.
export default authentifyProject('example-edge-worker', { testTimeout: 60_000 });
