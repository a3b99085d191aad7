export {
  createAuthentifyHono,
  type AuthentifyHono,
  type OptionalAuthEnv,
  type RequiredAuthEnv,
} from './create-authentify-hono.js';
export { httpRequestFromHono } from './hono-request.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RoutePaths } from '@authentify/core/http';
