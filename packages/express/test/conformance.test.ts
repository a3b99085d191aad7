import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { conformanceApp, listen } from './conformance-app.js';

describeHttpAdapterConformance({
  name: '@authentify/express (Express 5, node:http)',
  start: () => listen(conformanceApp()),
});
