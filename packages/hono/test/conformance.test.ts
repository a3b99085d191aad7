import { describeHttpAdapterConformance } from '@authentify/core/testing/vitest';
import { conformanceApp } from './conformance-app.js';
import { serveFetch } from './serve-fetch.js';

describeHttpAdapterConformance({
  name: '@authentify/hono (Hono 4, @hono/node-server)',
  start: () => serveFetch(conformanceApp().fetch),
});
