import { describeHttpAdapterConformance } from '@authentify/core/testing';
// @hono/node-server is a dependency of @authentify/hono's tests; its helper is shared by path.
import { serveFetch } from '../../hono/test/serve-fetch.js';
import { conformanceHandler } from './conformance-app.js';

describeHttpAdapterConformance({
  name: '@authentify/fetch on Node (@hono/node-server)',
  start: () => serveFetch(conformanceHandler()),
});
