import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { conformanceHandler } from './conformance-app.js';
import { serveOnNode } from './serve-on-node.js';

describeHttpAdapterConformance({
  name: '@authentify/fetch on Node (node:http)',
  start: () => serveOnNode(conformanceHandler()),
});
